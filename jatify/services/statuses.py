"""The status pipeline: seeded and ordered by migrations, read-only at run time (ids in
`vocabulary.StatusId`), so each process reads it once."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import select

from jatify.extensions import db
from jatify.models import Status


def list_statuses() -> list[dict[str, Any]]:
    """Every status in pipeline order (read from the database once per process)."""
    return _pipeline(str(db.engine.url))


@functools.cache
def _pipeline(_database: str) -> list[dict[str, Any]]:
    columns = (Status.id, Status.name, Status.position, Status.is_terminal)
    rows = db.session.execute(select(*columns).order_by(Status.position)).mappings()
    return [dict(row) for row in rows]


def status_ids_by_name() -> dict[str, int]:
    """Each status' id by its name, compared without case or extra spaces."""
    return {
        status_key(name): id_ for id_, name in db.session.execute(select(Status.id, Status.name))
    }


def status_key(name: str) -> str:
    """A status name compared without case or extra spaces."""
    return " ".join(name.split()).casefold()
