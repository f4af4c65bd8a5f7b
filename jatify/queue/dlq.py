"""The dead-letter queue's operations, shared by the API and `flask dlq`.

Each takes a psycopg2 cursor in the caller's transaction (the caller commits) and
`visible_to`: a user id, or None for every entry (admins, the CLI).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from jatify.queue import sql
from jatify.queue.registry import find_kind, load_kind_modules

FIELDS = ("id", "job_id", "kind", "error", "attempts", "errors", "failed_at", "user_id")


def list_open(
    cursor: Any, *, visible_to: int | None, kind: str | None, limit: int, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page) of open entries, newest first, each with its job's error history."""
    params = {"visible_to": visible_to, "kind": kind, "limit": limit, "offset": offset}
    cursor.execute(sql.DLQ_COUNT_OPEN, params)
    total = cursor.fetchone()[0]
    cursor.execute(sql.DLQ_LIST_OPEN, params)
    return total, [dict(zip(FIELDS, row, strict=True)) for row in cursor.fetchall()]


def entry_state(cursor: Any, entry_id: uuid.UUID, *, visible_to: int | None) -> str | None:
    """'open' or 'requeued' for an entry the caller sees; None if there is none."""
    cursor.execute(sql.DLQ_ENTRY, {"id": str(entry_id), "visible_to": visible_to})
    row = cursor.fetchone()
    if row is None:
        return None
    return "open" if row[1] else "requeued"


class Requeued(NamedTuple):
    """What a requeue did: entries whose jobs went back, and entries left open because
    an equivalent job (same dedupe key) is in the queue already or went back with them."""

    requeued: int
    skipped: int


def requeue(
    cursor: Any, *, visible_to: int | None, ids: Sequence[uuid.UUID] | None = None
) -> Requeued:
    """Requeue open entries (those in `ids`, or all the caller sees), one per dedupe key."""
    # One statement moves the jobs and marks the entries; each kind's on_requeued hook
    # then runs in the same transaction.
    load_kind_modules()
    cursor.execute(
        sql.DLQ_REQUEUE,
        {
            "visible_to": visible_to,
            "ids": None if ids is None else [str(entry_id) for entry_id in ids],
        },
    )
    rows = cursor.fetchall()
    jobs = [(kind_name, payload) for kind_name, payload, _, _ in rows if kind_name is not None]
    for kind_name, payload in jobs:
        kind = find_kind(kind_name)
        if kind is not None and kind.on_requeued is not None:
            kind.on_requeued(cursor, payload)
    matched = rows[0][3] if rows else 0
    return Requeued(len(jobs), matched - len(jobs))


def delete(cursor: Any, entry_id: uuid.UUID, *, visible_to: int | None) -> bool:
    """Delete an open entry and its failed job for good; False if nothing matched."""
    cursor.execute(sql.DLQ_DELETE, {"id": str(entry_id), "visible_to": visible_to})
    return cursor.rowcount == 1


def open_ids(cursor: Any) -> list[uuid.UUID]:
    """Every open entry's id, oldest first."""
    cursor.execute(sql.DLQ_OPEN_IDS, {"visible_to": None})
    return [uuid.UUID(str(row[0])) for row in cursor.fetchall()]


def purge_batch(cursor: Any, cutoff: datetime, limit: int) -> int:
    """Delete up to `limit` open and `limit` requeued entries failed before `cutoff`."""
    # An open entry goes with its failed job (ON DELETE CASCADE).
    params = {"cutoff": cutoff, "limit": limit}
    cursor.execute(sql.DLQ_PURGE_FAILED_BATCH, params)
    jobs = cursor.rowcount
    cursor.execute(sql.DLQ_PURGE_REQUEUED_BATCH, params)
    return jobs + cursor.rowcount
