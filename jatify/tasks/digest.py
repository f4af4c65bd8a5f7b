"""`digest.scan` (periodic, every minute) and `digest.send`: the daily digest emails.

The scan finds the accounts whose digest is due and enqueues one send job each; the send
job builds and sends one account's digest (services/digests.py says how it is sent once).
SMTP failures before the message went out are retried with the queue's backoff; a
permanent one (a 5xx, a refused login) or the last attempt dead-letters the job.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import marshmallow as ma

from jatify.mail import Mailer, MailNotSent, mailer_from_config
from jatify.queue import JobContext, PermanentError, TransientError, job_kind
from jatify.queue.schedule import PeriodicPayload
from jatify.services import digests
from jatify.vocabulary import JobKindName

log = logging.getLogger("jatify.tasks.digest")
NOT_CONFIGURED = "mail is not configured (SMTP_URL is unset): no digest email is sent"


class DigestPayload(ma.Schema):
    """Which account's digest, of which day (in its time zone)."""

    user_id = ma.fields.Integer(required=True, strict=True)
    day = ma.fields.Date(required=True)


@functools.cache
def _cached_mailer(url: str | None, environment: str, timeout_seconds: float) -> Mailer | None:
    config = {"SMTP_URL": url, "JATIFY_ENV": environment, "SMTP_TIMEOUT_SECONDS": timeout_seconds}
    return mailer_from_config(config)


@functools.cache
def _warn_not_configured() -> None:
    log.warning(NOT_CONFIGURED)


def configured_mailer(config: Mapping[str, Any]) -> Mailer | None:
    """The process's mailer (built once), or None, said once in the log, without mail."""
    mailer = _cached_mailer(
        config.get("SMTP_URL"), config["JATIFY_ENV"], config["SMTP_TIMEOUT_SECONDS"]
    )
    if mailer is None:
        _warn_not_configured()
    return mailer


@job_kind(JobKindName.DIGEST_SCAN, payload=PeriodicPayload, max_attempts=3)
def scan_digests(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Enqueue the digests due at the pass's time (none while mail is not configured)."""
    if configured_mailer(ctx.config) is None:
        return
    with ctx.connection.cursor() as cursor:
        digests.queue_digests(cursor, datetime.fromisoformat(payload["period_start"]))


def _key(payload: dict[str, Any]) -> tuple[int, date]:
    return payload["user_id"], date.fromisoformat(payload["day"])


def mark_failed(cursor: Any, payload: dict[str, Any], message: str) -> None:
    """The job failed for good: the digest did too, with the reason."""
    digests.give_up_digest(cursor, *_key(payload), message)


def mark_pending(cursor: Any, payload: dict[str, Any]) -> None:
    """The job was requeued: the failed digest waits to be sent again."""
    digests.retry_digest(cursor, *_key(payload))


@job_kind(
    JobKindName.DIGEST_SEND,
    payload=DigestPayload,
    timeout_seconds=120,
    on_failed=mark_failed,
    on_requeued=mark_pending,
)
def send_digest(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Send one account's digest of one day, at most once."""
    mailer = configured_mailer(ctx.config)
    if mailer is None:
        raise PermanentError(NOT_CONFIGURED)
    try:
        digests.send_digest(ctx.connection, mailer, ctx.config["MAIL_FROM"], *_key(payload))
    except MailNotSent as exc:
        if exc.permanent:
            raise PermanentError(exc.message) from None
        raise TransientError(exc.message) from None
