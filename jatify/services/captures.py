"""Captures: asking for one (a link, a page's HTML or pasted text), reading it, and the
capture task's writes: the listing it makes or refreshes, and the posting's snapshot.

A canonical URL names at most one live listing of a person (a unique index says so), so
capturing the same posting under any of its links refreshes that listing.
"""

from __future__ import annotations

import uuid
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import psycopg2.errors

from jatify.capture import Posting, canonical_url, snapshot_text, text_sha256
from jatify.extensions import db
from jatify.models import Capture
from jatify.queue import enqueue
from jatify.services import capture_sql as sql
from jatify.services import quotas
from jatify.services.common import escape_like, get_owned
from jatify.services.postings import add_snapshot, has_expired
from jatify.vocabulary import (
    CaptureError,
    CaptureSource,
    CaptureState,
    JobKindName,
    PostingStatus,
    QuotaName,
)


def request_capture(
    user_id: int, *, url: str | None = None, html: str | None = None, text: str | None = None
) -> Capture:
    """A new pending capture and its queue job, committed together, within the account's
    captures per day."""
    quotas.check_daily(user_id, QuotaName.CAPTURES_PER_DAY)
    if text is not None:
        source, given = CaptureSource.TEXT, text
    elif html is not None:
        source, given = CaptureSource.HTML, html
    else:
        source, given = CaptureSource.URL, None
    capture = Capture(
        id=uuid.uuid4(),
        user_id=user_id,
        status=CaptureState.PENDING,
        source=source,
        url=url,
        input=given,
    )
    db.session.add(capture)
    db.session.flush()
    capture.queue_job_id, _ = enqueue(
        db.session, JobKindName.JOB_CAPTURE, {"capture_id": str(capture.id)}, user_id=user_id
    )
    db.session.commit()
    return capture


def get_capture(user_id: int, capture_id: uuid.UUID) -> Capture:
    """One of the caller's captures, or NotFound."""
    return get_owned(Capture, user_id, capture_id)


# --- the capture task's side (a psycopg2 cursor on the worker's connection) -----------


class CaptureInput(NamedTuple):
    """What the capture task works from."""

    pending: bool
    user_id: int
    source: CaptureSource
    url: str | None
    input: str | None


def _states(**extra: Any) -> dict[str, Any]:
    return {
        "pending": CaptureState.PENDING,
        "done": CaptureState.DONE,
        "failed": CaptureState.FAILED,
        **extra,
    }


def read_capture_input(cursor: Any, capture_id: str) -> CaptureInput | None:
    """The capture's state, owner and input; None once the account is gone."""
    cursor.execute(sql.CAPTURE_INPUT, {"capture_id": capture_id})
    row = cursor.fetchone()
    if row is None:
        return None
    status, user_id, source, url, given = row
    return CaptureInput(status == CaptureState.PENDING, user_id, CaptureSource(source), url, given)


def note_attempt_failure(cursor: Any, capture_id: str, error: CaptureError) -> None:
    """Remember why this attempt failed; the capture stays pending for the retry."""
    cursor.execute(sql.CAPTURE_ATTEMPT_FAILED, _states(capture_id=capture_id, error=error))


def fail_capture(cursor: Any, capture_id: str, error: CaptureError) -> None:
    """The capture's answer is a failure (blocked, not found, too large, no posting)."""
    cursor.execute(sql.CAPTURE_FAILED, _states(capture_id=capture_id, error=error))


def give_up_capture(cursor: Any, capture_id: str) -> None:
    """The job failed for good: the capture fails with its last attempt's reason."""
    params = _states(capture_id=capture_id, error=CaptureError.HTTP_ERROR)
    cursor.execute(sql.CAPTURE_GAVE_UP, params)


def retry_capture(cursor: Any, capture_id: str) -> None:
    """The job was requeued: the capture is pending again."""
    cursor.execute(sql.CAPTURE_RETRY, _states(capture_id=capture_id))


def record_capture(
    cursor: Any, capture_id: str, user_id: int, posting: Posting, http_status: int | None
) -> int:
    """Make or refresh the listing of `posting`, snapshot its text, finish the capture."""
    job_id = _listing_for(cursor, user_id, posting)
    text = snapshot_text(posting)
    add_snapshot(cursor, job_id, user_id, text, text_sha256(text), http_status)
    params = _states(capture_id=capture_id, method=posting.method, job_id=job_id)
    cursor.execute(sql.CAPTURE_DONE, params)
    return job_id


def _listing_params(user_id: int, posting: Posting) -> dict[str, Any]:
    status = PostingStatus.UNKNOWN
    if posting.url is not None:
        status = PostingStatus.CLOSED if has_expired(posting) else PostingStatus.OPEN
    return {
        "user_id": user_id,
        "company": posting.company,
        "position": posting.position,
        "description": posting.description,
        "url": posting.url,
        "location": posting.location,
        "salary": posting.salary,
        "posted_at": posting.posted_at,
        "valid_through": posting.valid_through,
        "employment_type": posting.employment_type,
        "posting_status": status,
        "canonical_url": posting.canonical_url,
    }


def _listing_for(cursor: Any, user_id: int, posting: Posting) -> int:
    """The id of the listing now holding `posting`: the owner's with its URL, or a new one."""
    params = _listing_params(user_id, posting)
    if posting.canonical_url is None:
        cursor.execute(sql.LISTING_INSERT, params)
        return cursor.fetchone()[0]
    existing = _existing_listing(cursor, user_id, posting.canonical_url)
    if existing is None:
        # A concurrent capture of the same posting may insert first: the unique index
        # refuses ours, and the listing it made is refreshed instead.
        cursor.execute("SAVEPOINT capture_listing")
        try:
            cursor.execute(sql.LISTING_INSERT, params)
        except psycopg2.errors.UniqueViolation:
            cursor.execute("ROLLBACK TO SAVEPOINT capture_listing")
            existing = _existing_listing(cursor, user_id, posting.canonical_url)
            if existing is None:
                raise RuntimeError("the listing of this posting was deleted meanwhile") from None
        else:
            job_id = cursor.fetchone()[0]
            cursor.execute("RELEASE SAVEPOINT capture_listing")
            return job_id
    cursor.execute(sql.LISTING_UPDATE, {**params, "job_id": existing})
    return existing


def _existing_listing(cursor: Any, user_id: int, canonical: str) -> int | None:
    """The owner's live listing of `canonical`, or one saved by hand with that link."""
    cursor.execute(sql.LISTING_BY_CANONICAL_URL, {"user_id": user_id, "canonical_url": canonical})
    row = cursor.fetchone()
    if row is not None:
        return row[0]
    host = urlsplit(canonical).netloc
    pattern = f"%://{escape_like(host)}%"
    cursor.execute(sql.LISTINGS_LINKED_ON_HOST, {"user_id": user_id, "pattern": pattern})
    for job_id, url in cursor.fetchall():
        if canonical_url(url) == canonical:
            return job_id
    return None
