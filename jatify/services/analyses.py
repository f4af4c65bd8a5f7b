"""Analyses: asking for one (idempotently while one is in flight), reading them, and the
analysis task's reads and writes on the worker's connection."""

from __future__ import annotations

import uuid
from typing import Any, NamedTuple

import psycopg2.errors
from psycopg2.extras import Json
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import SessionTransaction

from jatify.analysis import ModelUsage
from jatify.errors import Conflict, InvalidInput, NotFound, QuotaExceeded
from jatify.extensions import db
from jatify.models import Analysis, JobListing, Resume
from jatify.queue import enqueue
from jatify.services import quotas, sql
from jatify.services.common import get_owned, of_user, owned, owns, violated_constraint
from jatify.services.resumes import get_resume
from jatify.vocabulary import ANALYSIS_IN_FLIGHT, AnalysisState, JobKindName, QuotaName, TextState

IN_FLIGHT_INDEX = "uq_analyses_in_flight"
# Each try either finds the analysis in flight or creates one; losing a race to a
# concurrent request that then finishes before we look again is what a retry covers.
CREATE_TRIES = 3


def request_analysis(user_id: int, resume_id: int, job_id: int) -> Analysis:
    """The analysis of a resume against a job listing in flight, created if there is none."""
    get_resume(user_id, resume_id)
    if not owns(JobListing, user_id, job_id):
        raise InvalidInput(
            "The job listing does not exist", details={"job_id": [f"Job {job_id} not found."]}
        )
    analysis = in_flight_analysis(user_id, resume_id, job_id)
    if analysis is None:
        db.session.rollback()
        raise Conflict("An earlier analysis of this resume against this job is being retried")
    db.session.commit()
    return analysis


def analyze_application(user_id: int, resume_id: int | None, job_id: int) -> None:
    """In the caller's transaction (no commit): the analysis of an application's pair, when
    it has a resume whose text can be read and a live job listing with a description.

    An account out of analyses for the day gets none: the application is saved all the
    same, and the person can ask for the analysis once the quota resets.
    """
    if resume_id is None:
        return
    description = db.session.scalar(
        select(JobListing.description).where(*owned(JobListing, user_id, job_id))
    )
    text_status = db.session.scalar(select(Resume.text_status).where(Resume.id == resume_id))
    if description and description.strip() and text_status != TextState.FAILED:
        try:
            in_flight_analysis(user_id, resume_id, job_id)
        except QuotaExceeded:
            return


def in_flight_analysis(user_id: int, resume_id: int, job_id: int) -> Analysis | None:
    """The pair's analysis in flight, else a new one with its queue job, in the caller's
    transaction (no commit); None while an earlier job of the pair is being retried.
    A new one counts against the account's analyses per day (QuotaExceeded)."""
    for _ in range(CREATE_TRIES):
        existing = _in_flight(resume_id, job_id)
        if existing is not None:
            return existing
        try:
            # Outside the savepoint: rolling one back would release the account's lock.
            quotas.check_daily(user_id, QuotaName.ANALYSES_PER_DAY)
        except QuotaExceeded:
            # A request for the same pair may have made it while this one waited.
            existing = _in_flight(resume_id, job_id)
            if existing is not None:
                return existing
            raise
        savepoint = db.session.begin_nested()
        try:
            return _create_analysis(savepoint, user_id, resume_id, job_id)
        except IntegrityError as exc:
            savepoint.rollback()
            if violated_constraint(exc) != IN_FLIGHT_INDEX:
                raise
    raise Conflict("The analysis is changing state; try again")


def _in_flight(resume_id: int, job_id: int) -> Analysis | None:
    return db.session.scalar(
        select(Analysis).where(
            Analysis.resume_id == resume_id,
            Analysis.job_id == job_id,
            Analysis.status.in_(ANALYSIS_IN_FLIGHT),
        )
    )


def _create_analysis(
    savepoint: SessionTransaction, user_id: int, resume_id: int, job_id: int
) -> Analysis | None:
    """Insert the analysis and its queue job under `savepoint`.

    The insert comes first: a concurrent transaction for the same pair waits on the
    in-flight unique index until this one ends, then fails and finds ours.
    """
    analysis = Analysis(
        id=uuid.uuid4(),
        user_id=user_id,
        resume_id=resume_id,
        job_id=job_id,
        status=AnalysisState.PENDING,
    )
    db.session.add(analysis)
    db.session.flush()
    queue_job_id, created = enqueue(
        db.session,
        JobKindName.ANALYSIS_RUN,
        {"analysis_id": str(analysis.id)},
        user_id=user_id,
        dedupe_key=f"analysis:{resume_id}:{job_id}",
    )
    if not created:
        savepoint.rollback()
        return None
    analysis.queue_job_id = queue_job_id
    savepoint.commit()
    return analysis


def get_analysis(user_id: int, analysis_id: uuid.UUID) -> Analysis:
    """One of the caller's analyses, or NotFound."""
    return get_owned(Analysis, user_id, analysis_id)


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
        .where(*of_user(Analysis, user_id), Analysis.resume_id == resume_id)
        .order_by(Analysis.created_at.desc(), Analysis.id.desc())
    )


def analyses_of_resume(user_id: int, resume_id: int) -> Select:
    """analyses_query for a resume that must be the caller's (NotFound otherwise)."""
    get_resume(user_id, resume_id)
    return analyses_query(user_id, resume_id)


# --- the analysis task's side (a psycopg2 cursor on the worker's connection) -----------


class AnalysisInput(NamedTuple):
    """What the task needs to run an analysis."""

    in_flight: bool
    text_status: TextState
    text_error: str | None
    text: str | None
    company: str
    position: str
    description: str


def read_analysis_input(cursor: Any, analysis_id: str) -> AnalysisInput | None:
    """The analysis' state with its resume's text and its job; None once the resume is gone."""
    cursor.execute(sql.ANALYSIS_INPUT, {"analysis_id": analysis_id})
    row = cursor.fetchone()
    if row is None:
        return None
    status, text_status, *rest = row
    return AnalysisInput(status in ANALYSIS_IN_FLIGHT, TextState(text_status), *rest)


def start_analysis(cursor: Any, analysis_id: str) -> None:
    """Mark a pending analysis as processing."""
    params = {
        "analysis_id": analysis_id,
        "pending": AnalysisState.PENDING,
        "processing": AnalysisState.PROCESSING,
    }
    cursor.execute(sql.ANALYSIS_START, params)


def record_result(
    cursor: Any,
    analysis_id: str,
    result: dict[str, Any],
    provider: str,
    model: str,
    usage: ModelUsage | None = None,
) -> None:
    """Store the analyzer's result and the model's usage on the analysis this attempt
    started, in one statement."""
    usage = usage or ModelUsage(None, None, None)
    params = {
        "analysis_id": analysis_id,
        "done": AnalysisState.DONE,
        "processing": AnalysisState.PROCESSING,
        "result": Json(result),
        "provider": provider[:64],
        "model": model[:200],
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "cost_usd": usage.cost_usd,
    }
    cursor.execute(sql.ANALYSIS_DONE, params)


def model_budget_spent(cursor: Any, budget_usd: float) -> bool:
    """Whether this calendar month's (UTC) reported model spend has reached `budget_usd`."""
    cursor.execute(sql.MODEL_BUDGET_SPENT, {"budget": budget_usd})
    return bool(cursor.fetchone()[0])


def fail_analysis(cursor: Any, analysis_id: str, message: str) -> None:
    """The job failed for good: so does the analysis, with the reason in words."""
    params = {
        "analysis_id": analysis_id,
        "failed": AnalysisState.FAILED,
        "pending": AnalysisState.PENDING,
        "processing": AnalysisState.PROCESSING,
        "error": message,
    }
    cursor.execute(sql.ANALYSIS_FAILED, params)


def requeue_analysis(cursor: Any, analysis_id: str) -> None:
    """The job was requeued: the analysis is pending again, unless a newer one is in flight.

    A newer analysis of the same resume and job may be in flight already; the unique
    index then refuses this one, which stays failed (its job finishes idle).
    """
    params = {
        "analysis_id": analysis_id,
        "pending": AnalysisState.PENDING,
        "failed": AnalysisState.FAILED,
    }
    cursor.execute("SAVEPOINT requeue_analysis")
    try:
        cursor.execute(sql.ANALYSIS_RETRY, params)
    except psycopg2.errors.UniqueViolation:
        cursor.execute("ROLLBACK TO SAVEPOINT requeue_analysis")
    else:
        cursor.execute("RELEASE SAVEPOINT requeue_analysis")
