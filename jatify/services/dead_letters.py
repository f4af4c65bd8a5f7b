"""The dead-letter queue as people and operators use it, on top of `jatify.queue.dlq`.

`visible_to` is a user id, or None for every entry (admins, the CLI). Each function runs
in the session's transaction and commits what it changes.
"""

from __future__ import annotations

import uuid
from typing import Any

import psycopg2

from jatify.errors import Conflict, NotFound
from jatify.extensions import db
from jatify.queue import dlq

TWIN_IN_FLIGHT = "An equivalent job is already in the queue"


def _cursor() -> Any:
    """A psycopg2 cursor in the session's transaction."""
    return db.session.connection().connection.cursor()


def visible_to(user_id: int, is_admin: bool) -> int | None:
    """Whose entries a caller sees: their own, or every entry for an admin."""
    return None if is_admin else user_id


def list_open(
    *, visible_to: int | None, kind: str | None, page: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of open entries, newest first, and their total."""
    total, items = dlq.list_open(
        _cursor(), visible_to=visible_to, kind=kind, limit=page_size, offset=(page - 1) * page_size
    )
    db.session.rollback()
    return items, total


def requeue(*, visible_to: int | None, ids: list[uuid.UUID] | None) -> dlq.Requeued:
    """Requeue the entries in `ids` (or every one visible) and commit: how many went back,
    and how many stayed open because an equivalent job (same dedupe key) is in the queue
    already or went back with them (one entry per key does).

    Conflict only when an equivalent job was enqueued at that very moment.
    """
    try:
        result = dlq.requeue(_cursor(), visible_to=visible_to, ids=ids)
        db.session.commit()
    except psycopg2.IntegrityError:
        db.session.rollback()
        raise Conflict(TWIN_IN_FLIGHT) from None
    return result


def requeue_one(*, visible_to: int | None, entry_id: uuid.UUID) -> None:
    """Requeue one open entry; NotFound or Conflict saying why it could not be."""
    if requeue(visible_to=visible_to, ids=[entry_id]).requeued != 1:
        raise _unmatched(entry_id, visible_to)


def delete(*, visible_to: int | None, entry_id: uuid.UUID) -> None:
    """Delete an open entry and its failed job for good; NotFound or Conflict if it can't be."""
    if not dlq.delete(_cursor(), entry_id, visible_to=visible_to):
        raise _unmatched(entry_id, visible_to)
    db.session.commit()


def open_ids() -> list[uuid.UUID]:
    """Every open entry's id, oldest first."""
    ids = dlq.open_ids(_cursor())
    db.session.rollback()
    return ids


def _unmatched(entry_id: uuid.UUID, visible_to: int | None) -> Conflict | NotFound:
    """Why an entry did not match: unseen (404), requeued already or its twin in flight (409)."""
    state = dlq.entry_state(_cursor(), entry_id, visible_to=visible_to)
    db.session.rollback()
    if state is None:
        return NotFound(f"No dead letter {entry_id}")
    if state == "requeued":
        return Conflict(f"Dead letter {entry_id} was requeued already")
    return Conflict(TWIN_IN_FLIGHT)
