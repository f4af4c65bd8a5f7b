"""Posting snapshots and the posting watch: reading a listing's snapshots, and the watch
tasks' writes (which postings are due, closing one, recording a changed text).

A posting closes when its page answers 404 or 410, when its validThrough has passed, or
when the schema.org JobPosting it was captured from is gone from the page (or the page
shows no posting at all). A text that differs from the newest snapshot is a new snapshot
with `changed: true`; the same text adds nothing.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from sqlalchemy import Select, select

from jatify.capture import Posting, snapshot_text, text_sha256
from jatify.models import PostingSnapshot
from jatify.queue import enqueue_psycopg
from jatify.services import capture_sql as sql
from jatify.services.common import get_owned
from jatify.services.jobs import get_job
from jatify.vocabulary import (
    STRUCTURED_METHODS,
    CaptureMethod,
    CaptureState,
    JobKindName,
    PostingStatus,
)

# A posting checked less than this long ago is not due yet ("about once a day").
WATCH_MIN_AGE_SECONDS = 20 * 3600
WATCH_BATCH = 10_000
# Checks start spread over this window, and one host gets one request per spacing.
WATCH_SPREAD_SECONDS = 3600.0
HOST_SPACING_SECONDS = 5.0
GONE_STATUSES = frozenset({404, 410})


def snapshots_query(user_id: int, job_id: int) -> Select:
    """The snapshots of one of the caller's listings, newest first (NotFound otherwise)."""
    get_job(user_id, job_id)
    return (
        select(PostingSnapshot)
        .where(PostingSnapshot.user_id == user_id, PostingSnapshot.job_id == job_id)
        .order_by(PostingSnapshot.id.desc())
    )


def get_snapshot(user_id: int, job_id: int, snapshot_id: int) -> PostingSnapshot:
    """One snapshot of one of the caller's listings, or NotFound."""
    get_job(user_id, job_id)
    query = select(PostingSnapshot).where(PostingSnapshot.job_id == job_id)
    return get_owned(PostingSnapshot, user_id, snapshot_id, query)


def today() -> date:
    """The current date in UTC, the one validThrough dates are compared with."""
    return datetime.now(UTC).date()


def has_expired(posting: Posting) -> bool:
    """Whether the posting's validThrough date has passed."""
    return posting.valid_through is not None and posting.valid_through < today()


# --- the tasks' side (a psycopg2 cursor on the worker's connection) --------------------


def add_snapshot(
    cursor: Any, job_id: int, user_id: int, text: str, sha256: str, http_status: int | None
) -> bool:
    """Keep the posting's text unless the newest snapshot has the same; whether it was new."""
    cursor.execute(sql.NEWEST_SNAPSHOT_HASH, {"job_id": job_id})
    newest = cursor.fetchone()
    if newest is not None and newest[0] == sha256:
        return False
    params = {
        "user_id": user_id,
        "job_id": job_id,
        "http_status": http_status,
        "text_sha256": sha256,
        "changed": newest is not None,
        "text": text,
    }
    cursor.execute(sql.SNAPSHOT_INSERT, params)
    return True


def schedule_checks(cursor: Any, now: datetime, rng: random.Random | None = None) -> int:
    """Enqueue a check of every due posting, spread out in time and per host; how many."""
    rng = rng or random.Random()
    params = {
        "open": PostingStatus.OPEN,
        "min_age_seconds": WATCH_MIN_AGE_SECONDS,
        "limit": WATCH_BATCH,
    }
    cursor.execute(sql.WATCH_DUE, params)
    by_host: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for job_id, user_id, url in cursor.fetchall():
        by_host[(urlsplit(url).hostname or "").lower()].append((job_id, user_id))
    for postings in by_host.values():
        start = rng.uniform(0, WATCH_SPREAD_SECONDS)
        for index, (job_id, user_id) in enumerate(postings):
            delay = start + index * HOST_SPACING_SECONDS + rng.uniform(0, 1)
            enqueue_psycopg(
                cursor,
                JobKindName.POSTING_CHECK,
                {"job_id": job_id},
                user_id=user_id,
                dedupe_key=f"posting-check:{job_id}",
                run_at=now + timedelta(seconds=delay),
            )
    return sum(len(postings) for postings in by_host.values())


class CheckInput(NamedTuple):
    """What a check of a posting needs."""

    open: bool
    url: str | None
    valid_through: date | None
    user_id: int
    method: CaptureMethod | None


def read_check_input(cursor: Any, job_id: int) -> CheckInput | None:
    """The listing's posting state, link and last capture method; None once deleted."""
    cursor.execute(sql.CHECK_INPUT, {"job_id": job_id, "done": CaptureState.DONE})
    row = cursor.fetchone()
    if row is None:
        return None
    status, url, valid_through, user_id, method = row
    return CheckInput(
        status == PostingStatus.OPEN,
        url,
        valid_through,
        user_id,
        CaptureMethod(method) if method else None,
    )


def _lock_open(cursor: Any, job_id: int) -> int | None:
    cursor.execute(sql.OPEN_POSTING_LOCK, {"job_id": job_id, "open": PostingStatus.OPEN})
    row = cursor.fetchone()
    return None if row is None else row[0]


def _close(cursor: Any, job_id: int) -> PostingStatus:
    params = {"job_id": job_id, "open": PostingStatus.OPEN, "closed": PostingStatus.CLOSED}
    cursor.execute(sql.POSTING_CLOSED, params)
    return PostingStatus.CLOSED


def _checked(cursor: Any, job_id: int, valid_through: date | None = None) -> PostingStatus:
    params = {"job_id": job_id, "open": PostingStatus.OPEN, "valid_through": valid_through}
    cursor.execute(sql.POSTING_CHECKED, params)
    return PostingStatus.OPEN


def record_unreachable(cursor: Any, job_id: int, http_status: int | None) -> PostingStatus:
    """The page could not be read: 404 and 410 close the posting, anything else waits."""
    if _lock_open(cursor, job_id) is None:
        return PostingStatus.UNKNOWN
    if http_status in GONE_STATUSES:
        return _close(cursor, job_id)
    return _checked(cursor, job_id)


def record_check(
    cursor: Any, job_id: int, check: CheckInput, posting: Posting | None, http_status: int
) -> PostingStatus:
    """Close the posting, or keep it open with a new snapshot when its text changed."""
    user_id = _lock_open(cursor, job_id)
    if user_id is None:
        return PostingStatus.UNKNOWN
    structured_before = check.method in STRUCTURED_METHODS
    if posting is None or (structured_before and posting.method not in STRUCTURED_METHODS):
        return _close(cursor, job_id)
    valid_through = posting.valid_through or check.valid_through
    if valid_through is not None and valid_through < today():
        return _close(cursor, job_id)
    text = snapshot_text(posting)
    add_snapshot(cursor, job_id, user_id, text, text_sha256(text), http_status)
    return _checked(cursor, job_id, posting.valid_through)
