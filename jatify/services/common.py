"""Query pieces every domain module shares: ownership, search, sorting and paging."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.exc import IntegrityError

from jatify.errors import NotFound
from jatify.extensions import db
from jatify.models import (
    Analysis,
    Application,
    Capture,
    Contact,
    ImportRun,
    JobListing,
    Note,
    PostingSnapshot,
    Resume,
)

Record = TypeVar("Record")

# How a not-found message names each kind of record.
NOUNS: dict[type, str] = {
    Analysis: "Analysis",
    Application: "Application",
    Capture: "Capture",
    Contact: "Contact",
    ImportRun: "Import",
    Note: "Note",
    JobListing: "Job",
    PostingSnapshot: "Snapshot",
    Resume: "Resume",
}


def of_user(model: type, user_id: int) -> list[ColumnElement[bool]]:
    """The caller's records of `model`, leaving out the soft-deleted ones."""
    conditions = [model.user_id == user_id]
    if hasattr(model, "deleted_at"):
        conditions.append(model.deleted_at.is_(None))
    return conditions


def owned(model: type, user_id: int, record_id: Any) -> list[ColumnElement[bool]]:
    """One record of the caller's (live, where the model soft-deletes)."""
    return [model.id == record_id, *of_user(model, user_id)]


def get_owned(
    model: type[Record], user_id: int, record_id: Any, query: Select | None = None
) -> Record:
    """One record of the caller's, or NotFound (another user's record is never told apart)."""
    record = db.session.scalar(
        (select(model) if query is None else query).where(*owned(model, user_id, record_id))
    )
    if record is None:
        raise NotFound(f"{NOUNS[model]} {record_id} not found")
    return record


def owns(model: type, user_id: int, record_id: Any) -> bool:
    """Whether the caller has this (live) record."""
    return db.session.scalar(select(model.id).where(*owned(model, user_id, record_id))) is not None


def violated_constraint(error: IntegrityError) -> str | None:
    """The name of the constraint or unique index an INSERT or UPDATE ran into."""
    return getattr(getattr(error.orig, "diag", None), "constraint_name", None)


def escape_like(text: str) -> str:
    """`text` with LIKE's wildcards and escape character taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_text(columns: Iterable[Any], text: str) -> ColumnElement[bool]:
    """Any of `columns` contains `text`, case-insensitively and without wildcards."""
    pattern = f"%{escape_like(text)}%"
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))


def ordering(sorts: Mapping[str, tuple[Any, bool]], sort: str, id_column: Any) -> list[Any]:
    """ORDER BY clauses for an allowlisted `sort` key (`-key` descending), id as tiebreak."""
    descending = sort.startswith("-")
    column, nulls_last = sorts[sort.lstrip("-")]
    key = column.desc() if descending else column.asc()
    tiebreak = id_column.desc() if descending else id_column.asc()
    return [key.nulls_last() if nulls_last else key, tiebreak]


def fetch_page(query: Select, page: int, page_size: int) -> tuple[list[Any], int]:
    """One page of `query`'s records and their total: two SQL statements, whatever the size."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(page_size).offset((page - 1) * page_size)).unique()
    return list(items), total
