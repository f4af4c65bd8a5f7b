"""Applications to job listings and their status history.

Reads come back as plain rows of `APPLICATION_COLUMNS` (and `HISTORY_COLUMNS`): one path
for a list page and a single application alike, with no ORM objects to build. Writes
check ownership, change the record with its history row and commit in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, select, true
from sqlalchemy.orm import aliased, raiseload

from jatify.errors import InvalidInput, NotFound
from jatify.extensions import db
from jatify.models import Analysis, Application, JobListing, Resume, Status, StatusChange
from jatify.services import follow_ups
from jatify.services.analyses import analyze_application
from jatify.services.common import get_owned, of_user, ordering, owned, owns
from jatify.services.search import search_condition
from jatify.vocabulary import StatusId

# Allowlisted sort keys: column and whether NULLs go last in both directions.
APPLICATION_SORTS: dict[str, tuple[Any, bool]] = {
    "created_at": (Application.created_at, False),
    "updated_at": (Application.updated_at, False),
    "applied_at": (Application.applied_at, True),
}

# The newest analysis of the application's resume against its job listing: one probe of
# ix_analyses_resume_job_created per row (none without a resume).
_NEWEST_ANALYSIS = (
    select(Analysis.id, Analysis.status, Analysis.result["score"].as_integer().label("score"))
    .where(Analysis.resume_id == Application.resume_id, Analysis.job_id == Application.job_id)
    .order_by(Analysis.created_at.desc(), Analysis.id.desc())
    .limit(1)
    .lateral("newest_analysis")
)

# What an application shows (API.md), in the order `api.applications.application_item`
# unpacks it.
APPLICATION_COLUMNS = (
    Application.id,
    JobListing.id.label("job_id"),
    JobListing.company,
    JobListing.position,
    Status.id.label("status_id"),
    Status.name.label("status_name"),
    Resume.id.label("resume_id"),
    Resume.name.label("resume_name"),
    Application.notes,
    Application.applied_at,
    Application.created_at,
    Application.updated_at,
    Application.tags,
    Application.source,
    _NEWEST_ANALYSIS.c.id.label("analysis_id"),
    _NEWEST_ANALYSIS.c.status.label("analysis_status"),
    _NEWEST_ANALYSIS.c.score.label("analysis_score"),
)

_FromStatus = aliased(Status)
_ToStatus = aliased(Status)
# One step of the history, oldest first (see `api.applications.history_item`).
HISTORY_COLUMNS = (
    _FromStatus.id.label("from_id"),
    _FromStatus.name.label("from_name"),
    _ToStatus.id.label("to_id"),
    _ToStatus.name.label("to_name"),
    StatusChange.note,
    StatusChange.changed_at,
)


def _with_joins(query: Any) -> Any:
    return (
        query.join(Application.job)
        .join(Application.status)
        .outerjoin(Application.resume)
        .outerjoin(_NEWEST_ANALYSIS, true())
    )


def application_filters(
    user_id: int,
    *,
    q: str | None = None,
    status_id: int | None = None,
    job_id: int | None = None,
    tag: list[str] | None = None,
    source: str | None = None,
) -> list[ColumnElement[bool]]:
    """The conditions of the applications list (and of its CSV export), on applications
    alone. `tag`: applications carrying every tag given; `source` ignores case."""
    where = of_user(Application, user_id)
    if status_id is not None:
        where.append(Application.status_id == status_id)
    if job_id is not None:
        where.append(Application.job_id == job_id)
    if tag:
        where.append(Application.tags.contains(tag))
    if source:
        where.append(func.lower(Application.source) == source.lower())
    if q:
        where.append(search_condition(user_id, q))
    return where


def application_page(
    user_id: int,
    *,
    page: int,
    page_size: int,
    q: str | None = None,
    status_id: int | None = None,
    job_id: int | None = None,
    tag: list[str] | None = None,
    source: str | None = None,
    sort: str = "-created_at",
) -> tuple[list[Row], int]:
    """One page of the caller's live applications as `APPLICATION_COLUMNS` rows (with the
    follow-up clock's `follow_up` last), and the total.

    Two statements whatever the page size: the count and the page with its joins.
    """
    where = application_filters(
        user_id, q=q, status_id=status_id, job_id=job_id, tag=tag, source=source
    )
    # No join: without a search or filter, the count is an index-only scan.
    total = db.session.scalar(select(func.count()).select_from(Application).where(*where))
    rows = db.session.execute(
        select_applications(follow_ups.FOLLOW_UP)
        .where(*where)
        .order_by(*ordering(APPLICATION_SORTS, sort, Application.id))
        .limit(page_size)
        .offset((page - 1) * page_size),
        follow_ups.clock_params(user_id),
    ).all()
    return list(rows), total


def select_applications(*extra: Any) -> Select:
    """APPLICATION_COLUMNS, then `extra`, of applications with the joins they need."""
    return _with_joins(select(*APPLICATION_COLUMNS, *extra))


def get_application(user_id: int, application_id: int) -> tuple[Row, list[Row]]:
    """One of the caller's live applications and its history rows (oldest first), or NotFound."""
    row = db.session.execute(
        select_applications(follow_ups.FOLLOW_UP).where(
            *owned(Application, user_id, application_id)
        ),
        follow_ups.clock_params(user_id),
    ).first()
    if row is None:
        raise NotFound(f"Application {application_id} not found")
    history = db.session.execute(
        select(*HISTORY_COLUMNS)
        .outerjoin(_FromStatus, _FromStatus.id == StatusChange.from_status_id)
        .join(_ToStatus, _ToStatus.id == StatusChange.to_status_id)
        .where(StatusChange.application_id == application_id)
        .order_by(StatusChange.id)
    ).all()
    return row, list(history)


def _locked_application(user_id: int, application_id: int) -> Application:
    # FOR UPDATE serialises changes to one application, so each history row's from_status is
    # exact. No joins: after waiting for the lock, PostgreSQL rechecks the updated row against
    # the joined rows it read before (the old status) and would drop it.
    query = (
        select(Application)
        .options(raiseload("*"))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return get_owned(Application, user_id, application_id, query)


def create_application(user_id: int, fields: Mapping[str, Any]) -> int:
    """Save a new application and its first history row in one transaction; its id."""
    check_references(user_id, fields)
    application = Application(user_id=user_id, **fields)
    db.session.add(application)
    db.session.flush()
    db.session.add(
        StatusChange(
            application_id=application.id, from_status_id=None, to_status_id=fields["status_id"]
        )
    )
    analyze_application(user_id, application.resume_id, application.job_id)
    db.session.commit()
    return application.id


def update_application(
    user_id: int,
    application_id: int,
    fields: Mapping[str, Any],
    *,
    status_note: str | None = None,
) -> None:
    """Change the fields given; a new status appends a history row (with `status_note`) in
    the same transaction. Leaving Wishlist dates the application today if it has no date."""
    application = _locked_application(user_id, application_id)
    changed = {name: value for name, value in fields.items() if getattr(application, name) != value}
    check_references(user_id, changed)
    old_status_id = application.status_id
    had_sample = application.first_change_at is not None
    for name, value in changed.items():
        setattr(application, name, value)
    if "status_id" in changed:
        leaves_wishlist = old_status_id == StatusId.WISHLIST
        if leaves_wishlist and application.applied_at is None and "applied_at" not in fields:
            application.applied_at = datetime.now(UTC).date()
        db.session.add(
            StatusChange(
                application_id=application.id,
                from_status_id=old_status_id,
                to_status_id=changed["status_id"],
                note=status_note,
            )
        )
        follow_ups.record_status_change(application, old_status_id, func.now())
    # The follow-up clock's medians change with a new first change, or a sample's dates.
    if (not had_sample and application.first_change_at is not None) or (
        had_sample and {"applied_at", "job_id"} & changed.keys()
    ):
        follow_ups.refresh_baselines(user_id)
    if "resume_id" in changed or "job_id" in changed:
        analyze_application(user_id, application.resume_id, application.job_id)
    db.session.commit()


def delete_application(user_id: int, application_id: int) -> None:
    """Soft-delete an application (its history stays)."""
    query = select(Application).options(raiseload("*"))
    application = get_owned(Application, user_id, application_id, query)
    application.deleted_at = func.now()
    if application.first_change_at is not None:
        follow_ups.refresh_baselines(user_id)
    db.session.commit()


def check_references(user_id: int, fields: Mapping[str, Any]) -> None:
    """InvalidInput unless the job listing and resume are the caller's and the status exists."""
    errors: dict[str, list[str]] = {}
    if "job_id" in fields and not owns(JobListing, user_id, fields["job_id"]):
        errors["job_id"] = ["No job listing of yours has this id."]
    if "status_id" in fields and db.session.get(Status, fields["status_id"]) is None:
        errors["status_id"] = ["No status has this id."]
    resume_id = fields.get("resume_id")
    if resume_id is not None and not _own_resume_locked(user_id, resume_id):
        errors["resume_id"] = ["No resume of yours has this id."]
    if errors:
        raise InvalidInput(details=errors)


def _own_resume_locked(user_id: int, resume_id: int) -> bool:
    # FOR KEY SHARE: a concurrent delete of the resume waits for this transaction, so the
    # foreign key cannot fail between the check and the write.
    query = (
        select(Resume.id)
        .where(*owned(Resume, user_id, resume_id))
        .with_for_update(read=True, key_share=True)
    )
    return db.session.scalar(query) is not None
