"""`job.capture`: fetch a posting's page (or read the pasted HTML or text) and make it a
job listing. Fetching happens here, on the queue, never in the web process."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import marshmallow as ma

from jatify.analysis import PermanentAnalysisError, TransientAnalysisError
from jatify.capture import (
    CaptureFailure,
    FetchSettings,
    Posting,
    fetch_page,
    parse_page,
    posting_from_text,
    posting_model_from_config,
)
from jatify.queue import JobContext, PermanentError, TransientError, job_kind
from jatify.services import captures
from jatify.services.captures import CaptureInput
from jatify.vocabulary import CaptureError, CaptureSource, JobKindName


class CapturePayload(ma.Schema):
    """Which capture to run."""

    capture_id = ma.fields.UUID(required=True)


def mark_failed(cursor: Any, payload: dict[str, Any], _message: str) -> None:
    """The job failed for good: so did the capture, with its last attempt's reason."""
    captures.give_up_capture(cursor, payload["capture_id"])


def mark_pending(cursor: Any, payload: dict[str, Any]) -> None:
    """The job was requeued: the capture is pending again."""
    captures.retry_capture(cursor, payload["capture_id"])


def read_posting(found: CaptureInput, config: Mapping[str, Any]) -> tuple[Posting, int | None]:
    """The posting the capture names and the page's HTTP status (None without a fetch)."""
    if found.source == CaptureSource.TEXT:
        try:
            model = posting_model_from_config(config)
        except ValueError as exc:
            raise PermanentError(f"the model endpoint is misconfigured: {exc}") from exc
        return posting_from_text(found.input or "", model), None
    if found.source == CaptureSource.HTML:
        return parse_page(found.input or "", found.url), None
    page = fetch_page(found.url or "", FetchSettings.from_config(config))
    return parse_page(page.html, page.url), page.status


@job_kind(
    JobKindName.JOB_CAPTURE,
    max_attempts=4,
    timeout_seconds=120,
    payload=CapturePayload,
    on_failed=mark_failed,
    on_requeued=mark_pending,
)
def capture_posting(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Capture one posting; a page that is no posting (or refused) is a result, too."""
    capture_id = payload["capture_id"]
    with ctx.connection.cursor() as cursor:
        found = captures.read_capture_input(cursor, capture_id)
    # Fetching takes up to CAPTURE_TIMEOUT_SECONDS: no transaction stays open meanwhile.
    ctx.connection.commit()
    if found is None or not found.pending:
        return
    try:
        posting, http_status = read_posting(found, ctx.config)
    except CaptureFailure as failure:
        with ctx.connection.cursor() as cursor:
            if not failure.transient:
                captures.fail_capture(cursor, capture_id, failure.code)
                return
            captures.note_attempt_failure(cursor, capture_id, failure.code)
        ctx.connection.commit()
        raise TransientError(failure.message, failure.retry_after_seconds) from failure
    except TransientAnalysisError as exc:
        with ctx.connection.cursor() as cursor:
            captures.note_attempt_failure(cursor, capture_id, CaptureError.HTTP_ERROR)
        ctx.connection.commit()
        raise TransientError(exc.message, retry_after_seconds=exc.retry_after_seconds) from exc
    except PermanentAnalysisError as exc:
        raise PermanentError(exc.message) from exc
    with ctx.connection.cursor() as cursor:
        captures.record_capture(cursor, capture_id, found.user_id, posting, http_status)
