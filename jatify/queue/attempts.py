"""How a failed attempt is recorded: a retry after a bounded backoff, or a dead letter.

Shared by the engine (a handler raised) and the rescuer (a lease expired). Whatever a
handler raised or asked for, what reaches the database is bounded: the delay never
exceeds QUEUE_RETRY_MAX_SECONDS and the error text is one PostgreSQL can store.
"""

from __future__ import annotations

import logging
import math
import random
from typing import Any, NamedTuple

from jatify.queue import sql
from jatify.queue.errors import PermanentError, TransientError
from jatify.queue.registry import find_kind
from jatify.queue.settings import QueueSettings

log = logging.getLogger("jatify.queue")

MAX_ERROR_CHARS = 2000


class Job(NamedTuple):
    """A claimed attempt of a job: what the conditional writes check is (id, worker, attempt)."""

    id: str
    kind: str
    payload: dict[str, Any]
    attempt: int
    max_attempts: int
    user_id: int | None
    worker: str


class Outcome(NamedTuple):
    """How an attempt ended: done, retry, deferred, failed or lost (lease taken over)."""

    status: str
    detail: str = ""


LOST = Outcome("lost", "the lease was lost; nothing was written")


def bounded_seconds(seconds: Any, limit_seconds: float) -> float:
    """`seconds` as a delay between 0 and `limit_seconds` (0 for anything not a number)."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return 0.0
    if isinstance(seconds, float) and math.isnan(seconds):
        return 0.0
    return float(min(max(seconds, 0.0), limit_seconds))  # no float() of a huge int first


def retry_delay_seconds(
    attempt: int, settings: QueueSettings, retry_after_seconds: Any = None
) -> float:
    """Backoff: 50-100% of base * 2^(attempt-1), never below Retry-After, capped at the max."""
    # The exponent is capped too: 2 ** attempt overflows a float past attempt 1023.
    growth = 2 ** min(max(attempt - 1, 0), 64)
    backoff = min(settings.retry_max_seconds, settings.retry_base_seconds * growth)
    delay = backoff * random.uniform(0.5, 1.0)
    wanted = bounded_seconds(retry_after_seconds, settings.retry_max_seconds)
    return max(delay, wanted)


def storable(message: str) -> str:
    """`message` cut to MAX_ERROR_CHARS, with what PostgreSQL text cannot hold escaped
    (NUL characters, lone surrogates), so recording an error can never fail on its text."""
    message = message[:MAX_ERROR_CHARS].replace("\x00", "\\x00")
    return message.encode("utf-8", "backslashreplace").decode("utf-8")


def describe(error: BaseException) -> str:
    """An error as it goes into the history: the message, with the type if unexpected."""
    try:
        if isinstance(error, TransientError | PermanentError) and isinstance(error.message, str):
            return error.message
        return f"{type(error).__name__}: {str(error).strip()}"
    except Exception:  # an exception whose __str__ itself raises
        return f"{type(error).__name__} (its message could not be read)"


def settle_failure(
    cursor: Any,
    job: Job,
    message: str,
    settings: QueueSettings,
    *,
    permanent: bool = False,
    retry_after_seconds: Any = None,
) -> Outcome:
    """Retry the attempt later, or fail the job with its dead letter (no commit)."""
    # Permanent errors and a last attempt fail; the kind's on_failed hook runs in the
    # same transaction, under a savepoint so a broken hook cannot keep a job alive.
    message = storable(message)
    params = {"id": job.id, "worker": job.worker, "attempt": job.attempt, "error": message}
    if not permanent and job.attempt < job.max_attempts:
        delay = retry_delay_seconds(job.attempt, settings, retry_after_seconds)
        cursor.execute(sql.RETRY, {**params, "delay": delay})
        if cursor.rowcount != 1:
            return LOST
        return Outcome("retry", f"retry_in={delay:.2f}s error={message!r}")
    cursor.execute(sql.FAIL, params)
    if cursor.fetchone() is None:
        return LOST
    kind = find_kind(job.kind)
    if kind is not None and kind.on_failed is not None:
        cursor.execute("SAVEPOINT on_failed")
        try:
            kind.on_failed(cursor, job.payload, message)
        except Exception:
            log.exception("on_failed hook of %s failed for job %s", job.kind, job.id)
            cursor.execute("ROLLBACK TO SAVEPOINT on_failed")
        cursor.execute("RELEASE SAVEPOINT on_failed")
    return Outcome("failed", f"error={message!r}")
