"""Job listings: the jobs a person targets. Soft-deleted, so applications keep their history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, func, select

from jatify.extensions import db
from jatify.models import JobListing
from jatify.services import follow_ups
from jatify.services.common import contains_text, get_owned, of_user, ordering

# Allowlisted sort keys: column and whether NULLs go last in both directions.
JOB_SORTS: dict[str, tuple[Any, bool]] = {
    "created_at": (JobListing.created_at, False),
    "updated_at": (JobListing.updated_at, False),
    "company": (func.lower(JobListing.company), False),
}


def job_query(user_id: int, q: str | None = None, sort: str = "-created_at") -> Select:
    """The caller's live job listings, optionally searched by company or position."""
    query = select(JobListing).where(*of_user(JobListing, user_id))
    if q:
        query = query.where(contains_text((JobListing.company, JobListing.position), q))
    return query.order_by(*ordering(JOB_SORTS, sort, JobListing.id))


def get_job(user_id: int, job_id: int) -> JobListing:
    """One of the caller's live job listings, or NotFound."""
    return get_owned(JobListing, user_id, job_id)


def create_job(user_id: int, fields: Mapping[str, Any]) -> JobListing:
    """Save a new job listing for the caller."""
    job = JobListing(user_id=user_id, **fields)
    db.session.add(job)
    db.session.commit()
    return job


def update_job(user_id: int, job_id: int, fields: Mapping[str, Any]) -> JobListing:
    """Change the fields given; the others stay as they are."""
    job = get_job(user_id, job_id)
    renamed = "company" in fields and fields["company"] != job.company
    for name, value in fields.items():
        setattr(job, name, value)
    if renamed:
        follow_ups.refresh_baselines(user_id)  # the clock's medians are per company
    db.session.commit()
    return job


def delete_job(user_id: int, job_id: int) -> None:
    """Soft-delete a job listing: applications keep pointing at it."""
    get_job(user_id, job_id).deleted_at = func.now()
    db.session.commit()
