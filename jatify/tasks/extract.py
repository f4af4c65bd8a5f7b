"""`resume.extract`: turn an uploaded resume's bytes into text for analyses to read."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from jatify.documents import ExtractionError, ExtractionLimits, extract_text
from jatify.queue import JobContext, job_kind
from jatify.services import resumes
from jatify.vocabulary import JobKindName


class ExtractPayload(ma.Schema):
    """Which resume to extract."""

    resume_id = ma.fields.Integer(required=True, strict=True)


def mark_unreadable(cursor: Any, payload: dict[str, Any], _message: str) -> None:
    """The job failed for good (or killed its worker every time): the text failed too, so
    analyses stop waiting; `corrupt` tells the person the document cannot be read."""
    resumes.give_up_extraction(cursor, payload["resume_id"])


def mark_pending(cursor: Any, payload: dict[str, Any]) -> None:
    """The job was requeued: the resume waits for its text again."""
    resumes.retry_extraction(cursor, payload["resume_id"])


@job_kind(
    JobKindName.RESUME_EXTRACT,
    max_attempts=3,
    timeout_seconds=120,
    payload=ExtractPayload,
    on_failed=mark_unreadable,
    on_requeued=mark_pending,
)
def extract_resume(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Extract the text of one resume; a document without readable text is a result, too."""
    resume_id = payload["resume_id"]
    with ctx.connection.cursor() as cursor:
        stored = resumes.read_resume_file(cursor, resume_id)
    # Extraction can take seconds: no transaction stays open meanwhile.
    ctx.connection.commit()
    if stored is None:
        return  # deleted since the upload: nothing left to do
    content_type, data = stored
    try:
        outcome = extract_text(data, content_type, ExtractionLimits())
    except ExtractionError as exc:
        outcome = exc
    with ctx.connection.cursor() as cursor:
        resumes.record_extraction(cursor, resume_id, outcome)
