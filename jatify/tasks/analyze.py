"""`analysis.run`: analyze a resume's text against a job listing with the configured analyzer."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import marshmallow as ma

from jatify.analysis import (
    Analyzer,
    JobPosting,
    OverBudgetAnalyzer,
    PermanentAnalysisError,
    TransientAnalysisError,
    analyzer_from_config,
)
from jatify.queue import Defer, JobContext, PermanentError, TransientError, job_kind
from jatify.services import analyses
from jatify.vocabulary import JobKindName, TextError, TextState

TEXT_WAIT_SECONDS = (2.0, 5.0)
NO_TEXT_MESSAGES = {
    TextError.NO_TEXT: "the resume has no extractable text (scanned?)",
    TextError.ENCRYPTED: "the resume is password-protected, so its text cannot be read",
    TextError.CORRUPT: "the resume file is damaged and its text cannot be read",
    TextError.TOO_MANY_PAGES: "the resume has too many pages to read",
    TextError.TIMEOUT: "reading the resume's text took too long",
}
# What analyses run on once the month's model budget is spent.
OVER_BUDGET = OverBudgetAnalyzer()


class AnalysisPayload(ma.Schema):
    """Which analysis to run."""

    analysis_id = ma.fields.UUID(required=True)


def mark_failed(cursor: Any, payload: dict[str, Any], message: str) -> None:
    """The job failed for good: so did the analysis, with the reason in words."""
    analyses.fail_analysis(cursor, payload["analysis_id"], message)


def mark_pending(cursor: Any, payload: dict[str, Any]) -> None:
    """The job was requeued: the analysis is pending again, unless a newer one is in flight."""
    analyses.requeue_analysis(cursor, payload["analysis_id"])


def within_budget(cursor: Any, analyzer: Analyzer, config: Mapping[str, Any]) -> Analyzer:
    """`analyzer`, or the builtin one once LLM_MONTHLY_BUDGET_USD is spent this month."""
    budget = config.get("LLM_MONTHLY_BUDGET_USD")
    if budget is None or analyzer.provider == OVER_BUDGET.provider:
        return analyzer
    return OVER_BUDGET if analyses.model_budget_spent(cursor, budget) else analyzer


@job_kind(
    JobKindName.ANALYSIS_RUN,
    payload=AnalysisPayload,
    on_failed=mark_failed,
    on_requeued=mark_pending,
)
def run_analysis(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Analyze once the resume's text is ready; the analyzer's errors map to the queue's."""
    analysis_id = payload["analysis_id"]
    with ctx.connection.cursor() as cursor:
        found = analyses.read_analysis_input(cursor, analysis_id)
    if found is None or not found.in_flight:
        return  # the resume was deleted, or the analysis is no longer in flight
    if found.text_status == TextState.PENDING:
        raise Defer(random.uniform(*TEXT_WAIT_SECONDS), "waiting for the resume's text")
    if found.text_status == TextState.FAILED:
        reason = NO_TEXT_MESSAGES.get(found.text_error, NO_TEXT_MESSAGES[TextError.NO_TEXT])
        raise PermanentError(reason)
    try:
        analyzer = analyzer_from_config(ctx.config)
    except ValueError as exc:
        raise PermanentError(f"the analyzer is misconfigured: {exc}") from exc
    with ctx.connection.cursor() as cursor:
        analyzer = within_budget(cursor, analyzer, ctx.config)
        analyses.start_analysis(cursor, analysis_id)
    # The model call can take a minute: commit so no transaction idles open meanwhile.
    ctx.connection.commit()
    posting = JobPosting(found.company, found.position, found.description)
    try:
        outcome = analyzer.analyze(found.text, posting)
    except TransientAnalysisError as exc:
        raise TransientError(exc.message, retry_after_seconds=exc.retry_after_seconds) from exc
    except PermanentAnalysisError as exc:
        raise PermanentError(exc.message) from exc
    with ctx.connection.cursor() as cursor:
        analyses.record_result(
            cursor, analysis_id, outcome.result, outcome.provider, outcome.model, outcome.usage
        )
