"""The posting watch: `posting.watch` (daily, from the scheduler) enqueues a
`posting.check` of every open posting not checked for about a day; each check fetches
the page again and closes the posting, or records a changed text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import marshmallow as ma

from jatify.capture import CaptureFailure, FetchSettings, fetch_page, parse_page
from jatify.queue import JobContext, job_kind
from jatify.queue.schedule import PeriodicPayload
from jatify.services import postings
from jatify.vocabulary import JobKindName


class CheckPayload(ma.Schema):
    """Which listing's posting to check."""

    job_id = ma.fields.Integer(required=True, strict=True)


@job_kind(JobKindName.POSTING_WATCH, max_attempts=3, payload=PeriodicPayload)
def watch_postings(ctx: JobContext, _payload: dict[str, Any]) -> None:
    """Enqueue the day's checks, spread over an hour and a few seconds apart per host."""
    with ctx.connection.cursor() as cursor:
        postings.schedule_checks(cursor, datetime.now(UTC))


@job_kind(JobKindName.POSTING_CHECK, max_attempts=1, timeout_seconds=120, payload=CheckPayload)
def check_posting(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Fetch an open posting again; a site that fails today is simply tried tomorrow."""
    job_id = payload["job_id"]
    with ctx.connection.cursor() as cursor:
        found = postings.read_check_input(cursor, job_id)
    ctx.connection.commit()
    if found is None or not found.open or not found.url:
        return
    try:
        page = fetch_page(found.url, FetchSettings.from_config(ctx.config))
    except CaptureFailure as failure:
        with ctx.connection.cursor() as cursor:
            postings.record_unreachable(cursor, job_id, failure.http_status)
        return
    try:
        posting = parse_page(page.html, page.url)
    except CaptureFailure:
        posting = None
    with ctx.connection.cursor() as cursor:
        postings.record_check(cursor, job_id, found, posting, page.status)
