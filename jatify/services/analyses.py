"""Analyses: asking for one (idempotently while one is in flight) and reading them."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from jatify.errors import Conflict, NotFound, ValidationFailed
from jatify.extensions import db
from jatify.models import Analysis, JobListing
from jatify.queue import enqueue
from jatify.services.resumes import get_resume

RUN_KIND = "analysis.run"
IN_FLIGHT = ("pending", "processing")
IN_FLIGHT_INDEX = "uq_analyses_in_flight"
# Each try either finds the analysis in flight or creates one; losing a race to a
# concurrent request that then finishes before we look again is what a retry covers.
CREATE_TRIES = 3


def request_analysis(user_id: int, resume_id: int, job_id: int) -> Analysis:
    """The analysis of a resume against a job listing in flight, created if there is none."""
    get_resume(user_id, resume_id)
    job_owned = db.session.scalar(
        select(JobListing.id).where(
            JobListing.id == job_id, JobListing.user_id == user_id, JobListing.deleted_at.is_(None)
        )
    )
    if job_owned is None:
        raise ValidationFailed(
            "The job listing does not exist", details={"job_id": [f"Job {job_id} not found."]}
        )
    for _ in range(CREATE_TRIES):
        existing = _in_flight(resume_id, job_id)
        if existing is not None:
            return existing
        try:
            return _create_analysis(user_id, resume_id, job_id)
        except IntegrityError as exc:
            db.session.rollback()
            constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
            if constraint != IN_FLIGHT_INDEX:
                raise
    raise Conflict("The analysis is changing state; try again")


def _in_flight(resume_id: int, job_id: int) -> Analysis | None:
    return db.session.scalar(
        select(Analysis).where(
            Analysis.resume_id == resume_id,
            Analysis.job_id == job_id,
            Analysis.status.in_(IN_FLIGHT),
        )
    )


def _create_analysis(user_id: int, resume_id: int, job_id: int) -> Analysis:
    """Insert the analysis and its queue job in one transaction.

    The insert comes first: a concurrent request for the same pair waits on the
    in-flight unique index until this transaction ends, then fails and finds ours.
    """
    analysis = Analysis(
        id=uuid.uuid4(), user_id=user_id, resume_id=resume_id, job_id=job_id, status="pending"
    )
    db.session.add(analysis)
    db.session.flush()
    queue_job_id, created = enqueue(
        db.session,
        RUN_KIND,
        {"analysis_id": str(analysis.id)},
        user_id=user_id,
        dedupe_key=f"analysis:{resume_id}:{job_id}",
    )
    if not created:
        db.session.rollback()
        raise Conflict("An earlier analysis of this resume against this job is being retried")
    analysis.queue_job_id = queue_job_id
    db.session.commit()
    return analysis


def get_analysis(user_id: int, analysis_id: uuid.UUID) -> Analysis:
    """One of the caller's analyses, or NotFound."""
    analysis = db.session.scalar(
        select(Analysis).where(Analysis.id == analysis_id, Analysis.user_id == user_id)
    )
    if analysis is None:
        raise NotFound(f"Analysis {analysis_id} not found")
    return analysis


def newest_analysis(user_id: int, resume_id: int, job_id: int) -> Analysis:
    """The newest analysis of one of the caller's resumes against a job listing, or NotFound."""
    analysis = db.session.scalar(
        analyses_query(user_id, resume_id).where(Analysis.job_id == job_id).limit(1)
    )
    if analysis is None:
        raise NotFound(f"No analysis of resume {resume_id} against job {job_id}")
    return analysis


def analyses_query(user_id: int, resume_id: int) -> Select:
    """The analyses of one of the caller's resumes, newest first."""
    return (
        select(Analysis)
        .where(Analysis.user_id == user_id, Analysis.resume_id == resume_id)
        .order_by(Analysis.created_at.desc(), Analysis.id.desc())
    )


def analyses_of_resume(user_id: int, resume_id: int) -> Select:
    """analyses_query for a resume that must be the caller's (NotFound otherwise)."""
    get_resume(user_id, resume_id)
    return analyses_query(user_id, resume_id)
