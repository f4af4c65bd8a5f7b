"""The status pipeline: seeded by migration 0001 and read-only (ids in `vocabulary.StatusId`)."""

from __future__ import annotations

from sqlalchemy import select

from jatify.extensions import db
from jatify.models import Status


def list_statuses() -> list[Status]:
    """Every status in pipeline order."""
    return list(db.session.scalars(select(Status).order_by(Status.position)))


def status_ids_by_name() -> dict[str, int]:
    """Each status' id by its name, compared without case or extra spaces."""
    return {
        status_key(name): id_ for id_, name in db.session.execute(select(Status.id, Status.name))
    }


def status_key(name: str) -> str:
    """A status name compared without case or extra spaces."""
    return " ".join(name.split()).casefold()
