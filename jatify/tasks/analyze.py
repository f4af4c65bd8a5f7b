"""`analysis.run`: analyze a resume's text against a job listing with the configured analyzer."""

from __future__ import annotations

import random
from typing import Any

import marshmallow as ma
import psycopg2.errors
from psycopg2.extras import Json

from jatify.analysis import (
    JobPosting,
    PermanentAnalysisError,
    TransientAnalysisError,
    build_analyzer,
)
from jatify.queue import Defer, JobContext, PermanentError, TransientError, job_kind

KIND = "analysis.run"
TEXT_WAIT_SECONDS = (2.0, 5.0)
NO_TEXT_MESSAGES = {
    "no_text": "the resume has no extractable text (scanned?)",
    "encrypted": "the resume is password-protected, so its text cannot be read",
    "corrupt": "the resume file is damaged and its text cannot be read",
    "too_many_pages": "the resume has too many pages to read",
    "timeout": "reading the resume's text took too long",
}

LOAD = """
SELECT a.status, r.text_status, r.text_error, r.text, j.company, j.position, j.description
FROM analyses a
JOIN resumes r ON r.id = a.resume_id
JOIN job_listings j ON j.id = a.job_id
WHERE a.id = %s
"""


class AnalysisPayload(ma.Schema):
    """Which analysis to run."""

    analysis_id = ma.fields.UUID(required=True)


def mark_failed(cursor: Any, payload: dict[str, Any], message: str) -> None:
    """The job failed for good: so did the analysis, with the reason in words."""
    cursor.execute(
        "UPDATE analyses SET status = 'failed', error = %s, finished_at = now()"
        " WHERE id = %s AND status IN ('pending', 'processing')",
        (message, payload["analysis_id"]),
    )


def mark_pending(cursor: Any, payload: dict[str, Any]) -> None:
    """The job was requeued: the analysis is pending again, unless a newer one is in flight."""
    # A newer analysis of the same resume and job may be in flight already; the
    # unique index then refuses this one, which stays failed (its job finishes idle).
    cursor.execute("SAVEPOINT requeue_analysis")
    try:
        cursor.execute(
            "UPDATE analyses SET status = 'pending', error = NULL, finished_at = NULL"
            " WHERE id = %s AND status = 'failed'",
            (payload["analysis_id"],),
        )
    except psycopg2.errors.UniqueViolation:
        cursor.execute("ROLLBACK TO SAVEPOINT requeue_analysis")
    else:
        cursor.execute("RELEASE SAVEPOINT requeue_analysis")


@job_kind(KIND, payload=AnalysisPayload, on_failed=mark_failed, on_requeued=mark_pending)
def run_analysis(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Analyze once the resume's text is ready; the analyzer's errors map to the queue's."""
    analysis_id = payload["analysis_id"]
    with ctx.connection.cursor() as cursor:
        cursor.execute(LOAD, (analysis_id,))
        row = cursor.fetchone()
    if row is None or row[0] not in ("pending", "processing"):
        return  # the resume was deleted, or the analysis is no longer in flight
    _status, text_status, text_error, text, company, position, description = row
    if text_status == "pending":
        raise Defer(random.uniform(*TEXT_WAIT_SECONDS), "waiting for the resume's text")
    if text_status == "failed":
        raise PermanentError(NO_TEXT_MESSAGES.get(text_error, NO_TEXT_MESSAGES["no_text"]))
    try:
        analyzer = build_analyzer(ctx.config)
    except ValueError as exc:
        raise PermanentError(f"the analyzer is misconfigured: {exc}") from exc
    with ctx.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE analyses SET status = 'processing' WHERE id = %s AND status = 'pending'",
            (analysis_id,),
        )
    # The model call can take a minute: commit so no transaction idles open meanwhile.
    ctx.connection.commit()
    try:
        outcome = analyzer.analyze(text, JobPosting(company, position, description))
    except TransientAnalysisError as exc:
        raise TransientError(exc.message, retry_after_seconds=exc.retry_after_seconds) from exc
    except PermanentAnalysisError as exc:
        raise PermanentError(exc.message) from exc
    with ctx.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE analyses SET status = 'done', result = %s, provider = %s, model = %s,"
            " error = NULL, finished_at = now() WHERE id = %s AND status = 'processing'",
            (Json(outcome.result), outcome.provider[:64], outcome.model[:200], analysis_id),
        )
