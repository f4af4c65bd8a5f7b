"""The tracker's domain: job listings, applications and their status history.

Routes stay thin: they validate the shape of a request, then call these functions,
which check ownership, write the change (with its history row) and commit it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, or_, select
from sqlalchemy.orm import joinedload, raiseload, selectinload

from jatify.errors import NotFound, ValidationFailed
from jatify.extensions import db
from jatify.models import Application, JobListing, Resume, Status, StatusChange

# Allowlisted sort keys: column and whether NULLs go last in both directions.
JOB_SORTS: dict[str, tuple[Any, bool]] = {
    "created_at": (JobListing.created_at, False),
    "updated_at": (JobListing.updated_at, False),
    "company": (func.lower(JobListing.company), False),
}
APPLICATION_SORTS: dict[str, tuple[Any, bool]] = {
    "created_at": (Application.created_at, False),
    "updated_at": (Application.updated_at, False),
    "applied_at": (Application.applied_at, True),
}


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


def job_query(user_id: int, q: str | None = None, sort: str = "-created_at") -> Select:
    """The caller's live job listings, optionally searched by company or position."""
    query = select(JobListing).where(JobListing.user_id == user_id, JobListing.deleted_at.is_(None))
    if q:
        query = query.where(contains_text((JobListing.company, JobListing.position), q))
    return query.order_by(*ordering(JOB_SORTS, sort, JobListing.id))


def get_job(user_id: int, job_id: int) -> JobListing:
    """One of the caller's live job listings, or 404."""
    job = db.session.scalar(select(JobListing).where(*_own_live_job(user_id, job_id)))
    if job is None:
        raise NotFound(f"Job {job_id} not found")
    return job


def _own_live_job(user_id: int, job_id: int) -> tuple[ColumnElement[bool], ...]:
    return (
        JobListing.id == job_id,
        JobListing.user_id == user_id,
        JobListing.deleted_at.is_(None),
    )


def create_job(user_id: int, fields: Mapping[str, Any]) -> JobListing:
    """Save a new job listing for the caller."""
    job = JobListing(user_id=user_id, **fields)
    db.session.add(job)
    db.session.commit()
    return job


def update_job(job: JobListing, fields: Mapping[str, Any]) -> JobListing:
    """Change the fields given; the others stay as they are."""
    for name, value in fields.items():
        setattr(job, name, value)
    db.session.commit()
    return job


def delete_job(job: JobListing) -> None:
    """Soft-delete a job listing: applications keep pointing at it."""
    job.deleted_at = func.now()
    db.session.commit()


# What a list item shows of an application (API.md), as plain columns: loading ORM objects
# and dumping them through marshmallow cost more than the SQL itself for a page of 50.
APPLICATION_SUMMARY = (
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
)


def application_page(
    user_id: int,
    *,
    page: int,
    page_size: int,
    q: str | None = None,
    status_id: int | None = None,
    job_id: int | None = None,
    sort: str = "-created_at",
) -> tuple[list[Row], int]:
    """One page of the caller's live applications as `APPLICATION_SUMMARY` rows, and the total.

    Two statements whatever the page size: the count and the page with its joins.
    """
    where = [Application.user_id == user_id, Application.deleted_at.is_(None)]
    if status_id is not None:
        where.append(Application.status_id == status_id)
    if job_id is not None:
        where.append(Application.job_id == job_id)
    if q:
        where.append(contains_text((JobListing.company, JobListing.position, Application.notes), q))
    # job_id is a NOT NULL foreign key, so the join never changes the count; without it (no
    # search) the count is an index-only scan.
    count = select(func.count()).select_from(Application)
    total = db.session.scalar((count.join(Application.job) if q else count).where(*where))
    rows = db.session.execute(
        select(*APPLICATION_SUMMARY)
        .join(Application.job)
        .join(Application.status)
        .outerjoin(Application.resume)
        .where(*where)
        .order_by(*ordering(APPLICATION_SORTS, sort, Application.id))
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return list(rows), total


def get_application(
    user_id: int, application_id: int, *, with_history: bool = False
) -> Application:
    """One of the caller's live applications, or 404; optionally with its status history."""
    query = (
        select(Application)
        .options(
            # Only what an application shows of its job and resume (not a resume's text).
            joinedload(Application.job).load_only(
                JobListing.id, JobListing.company, JobListing.position
            ),
            joinedload(Application.resume).load_only(Resume.id, Resume.name),
        )
        .where(*_own_live_application(user_id, application_id))
    )
    if with_history:
        query = query.options(selectinload(Application.history))
    application = db.session.scalar(query)
    if application is None:
        raise NotFound(f"Application {application_id} not found")
    return application


def _own_live_application(user_id: int, application_id: int) -> tuple[ColumnElement[bool], ...]:
    return (
        Application.id == application_id,
        Application.user_id == user_id,
        Application.deleted_at.is_(None),
    )


def _locked_application(user_id: int, application_id: int) -> Application:
    # FOR UPDATE serialises changes to one application, so each history row's from_status is
    # exact. No joins: after waiting for the lock, PostgreSQL rechecks the updated row against
    # the joined rows it read before (the old status) and would drop it.
    query = (
        select(Application)
        .options(raiseload("*"))
        .where(*_own_live_application(user_id, application_id))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    application = db.session.scalar(query)
    if application is None:
        raise NotFound(f"Application {application_id} not found")
    return application


def create_application(user_id: int, fields: Mapping[str, Any]) -> Application:
    """Save a new application and its first history row in one transaction."""
    check_references(user_id, fields)
    application = Application(user_id=user_id, **fields)
    db.session.add(application)
    db.session.flush()
    db.session.add(
        StatusChange(
            application_id=application.id, from_status_id=None, to_status_id=fields["status_id"]
        )
    )
    db.session.commit()
    return application


def update_application(user_id: int, application_id: int, fields: Mapping[str, Any]) -> None:
    """Change the fields given; a new status appends a history row in the same transaction."""
    application = _locked_application(user_id, application_id)
    changed = {name: value for name, value in fields.items() if getattr(application, name) != value}
    check_references(user_id, changed)
    old_status_id = application.status_id
    for name, value in changed.items():
        setattr(application, name, value)
    if "status_id" in changed:
        db.session.add(
            StatusChange(
                application_id=application.id,
                from_status_id=old_status_id,
                to_status_id=changed["status_id"],
            )
        )
    db.session.commit()


def delete_application(application: Application) -> None:
    """Soft-delete an application (its history stays)."""
    application.deleted_at = func.now()
    db.session.commit()


def check_references(user_id: int, fields: Mapping[str, Any]) -> None:
    """422 unless the job listing and resume given are the caller's and the status exists."""
    errors: dict[str, list[str]] = {}
    if "job_id" in fields and not _own_live_job_exists(user_id, fields["job_id"]):
        errors["job_id"] = ["No job listing of yours has this id."]
    if "status_id" in fields and db.session.get(Status, fields["status_id"]) is None:
        errors["status_id"] = ["No status has this id."]
    resume_id = fields.get("resume_id")
    if resume_id is not None and not _own_resume_locked(user_id, resume_id):
        errors["resume_id"] = ["No resume of yours has this id."]
    if errors:
        raise ValidationFailed(details=errors)


def _own_live_job_exists(user_id: int, job_id: int) -> bool:
    query = select(JobListing.id).where(*_own_live_job(user_id, job_id))
    return db.session.scalar(query) is not None


def _own_resume_locked(user_id: int, resume_id: int) -> bool:
    # FOR KEY SHARE: a concurrent delete of the resume waits for this transaction, so the
    # foreign key cannot fail between the check and the write.
    query = (
        select(Resume.id)
        .where(Resume.id == resume_id, Resume.user_id == user_id)
        .with_for_update(read=True, key_share=True)
    )
    return db.session.scalar(query) is not None
