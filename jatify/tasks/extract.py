"""`resume.extract`: turn an uploaded resume's bytes into text for analyses to read."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from jatify.documents import ExtractionError, ExtractionLimits, extract_text
from jatify.queue import JobContext, job_kind

KIND = "resume.extract"
# A failure the extractor did not classify (or a worker killed mid-extraction every
# time): the document cannot be read, which is what `corrupt` tells the person.
UNREADABLE = "corrupt"


class ExtractPayload(ma.Schema):
    """Which resume to extract."""

    resume_id = ma.fields.Integer(required=True, strict=True)


def mark_unreadable(cursor: Any, payload: dict[str, Any], _message: str) -> None:
    """The job failed for good: the resume's text failed too, so analyses stop waiting."""
    cursor.execute(
        "UPDATE resumes SET text_status = 'failed', text_error = %s, text = NULL,"
        " updated_at = now() WHERE id = %s AND text_status = 'pending'",
        (UNREADABLE, payload["resume_id"]),
    )


def mark_pending(cursor: Any, payload: dict[str, Any]) -> None:
    """The job was requeued: the resume waits for its text again."""
    cursor.execute(
        "UPDATE resumes SET text_status = 'pending', text_error = NULL, updated_at = now()"
        " WHERE id = %s AND text_status = 'failed'",
        (payload["resume_id"],),
    )


@job_kind(
    KIND,
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
        cursor.execute(
            "SELECT r.content_type, f.data FROM resumes r"
            " JOIN resume_files f ON f.resume_id = r.id WHERE r.id = %s",
            (resume_id,),
        )
        row = cursor.fetchone()
    # Extraction can take seconds: no transaction stays open meanwhile.
    ctx.connection.commit()
    if row is None:
        return  # deleted since the upload: nothing left to do
    content_type, data = row
    try:
        extraction = extract_text(bytes(data), content_type, ExtractionLimits())
    except ExtractionError as exc:
        update = (
            "UPDATE resumes SET text_status = 'failed', text_error = %s, text = NULL,"
            " page_count = NULL, updated_at = now() WHERE id = %s",
            (exc.code, resume_id),
        )
    else:
        update = (
            "UPDATE resumes SET text_status = 'ready', text_error = NULL, text = %s,"
            " page_count = %s, updated_at = now() WHERE id = %s",
            (extraction.text, extraction.page_count, resume_id),
        )
    with ctx.connection.cursor() as cursor:
        cursor.execute(*update)
