"""Claim a job, run its handler, and record how the attempt ended.

The hot path is two prepared statements on a plain psycopg2 connection: the claim
commits on its own (autocommit), the finish commits with the handler's writes. A
handler that wrote nothing leaves no transaction open, so its finish is one statement
too. Failures are recorded by `settle_failure`, shared with the rescuer.
"""

from __future__ import annotations

import logging
import random
import signal
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import psycopg2
from psycopg2 import extensions

from jatify.metrics import observe_job
from jatify.queue import sql
from jatify.queue.context import JobContext
from jatify.queue.errors import Defer, JobTimeout, PermanentError, TransientError
from jatify.queue.registry import JobKind, find_kind
from jatify.queue.settings import QueueSettings

log = logging.getLogger("jatify.queue")

DB_ERRORS = (psycopg2.OperationalError, psycopg2.InterfaceError)
MAX_ERROR_CHARS = 2000
# A job still deferring this long after it was enqueued fails for good.
DEFER_LIMIT_SECONDS = 24 * 3600.0


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


class ConnectionLost(Exception):
    """The worker's connection broke while it held `job`; settle it after reconnecting."""

    def __init__(self, job: Job) -> None:
        super().__init__(f"connection lost while running job {job.id}")
        self.job = job


def prepare(connection: Any) -> None:
    """PREPARE the hot-path statements on a new connection (autocommit)."""
    with connection.cursor() as cursor:
        for name, (types, statement) in sql.PREPARED.items():
            cursor.execute(f"PREPARE {name} ({types}) AS {statement}")


def retry_delay_seconds(
    attempt: int, settings: QueueSettings, retry_after_seconds: float | None = None
) -> float:
    """Backoff: 50-100% of base * 2^(attempt-1), capped at the max; never below Retry-After."""
    backoff = min(settings.retry_max_seconds, settings.retry_base_seconds * 2 ** (attempt - 1))
    delay = backoff * random.uniform(0.5, 1.0)
    if retry_after_seconds is not None:
        delay = max(delay, retry_after_seconds)
    return delay


def settle_failure(
    cursor: Any,
    job: Job,
    message: str,
    settings: QueueSettings,
    *,
    permanent: bool = False,
    retry_after_seconds: float | None = None,
) -> Outcome:
    """Retry the attempt later, or fail the job with its dead letter (no commit)."""
    # Permanent errors and a last attempt fail; the kind's on_failed hook runs in the
    # same transaction, under a savepoint so a broken hook cannot keep a job alive.
    message = message[:MAX_ERROR_CHARS]
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


def describe(error: BaseException) -> str:
    """An error as it goes into the history: the message, with the type if unexpected."""
    if isinstance(error, TransientError | PermanentError):
        return error.message
    return f"{type(error).__name__}: {str(error).strip()}"


@dataclass
class Engine:
    """Claims and runs jobs for one worker on one plain psycopg2 connection."""

    connection: Any
    settings: QueueSettings
    worker_id: str
    config: Mapping[str, Any]
    # Called with the monotonic time after which a hung attempt's worker may be killed
    # (0.0 when the attempt ends): the supervisor's backstop for the SIGALRM timeout.
    watch: Callable[[float], None] | None = None
    # Raise JobTimeout in the handler via SIGALRM (main thread of a worker only).
    hard_timeouts: bool = False

    def __post_init__(self) -> None:
        self.connection.autocommit = True
        prepare(self.connection)
        self.cursor = self.connection.cursor()
        self.current: Job | None = None
        self.deadline = 0.0
        if self.hard_timeouts:
            signal.signal(signal.SIGALRM, self._on_alarm)

    def claim(self) -> Job | None:
        """Claim the oldest available job (committed), or None when there is none."""
        self.cursor.execute(
            "EXECUTE jatify_claim(%s, %s)", (self.worker_id, self.settings.lease_seconds)
        )
        row = self.cursor.fetchone()
        if row is None:
            return None
        return Job(str(row[0]), row[1], row[2], row[3], row[4], row[5], self.worker_id)

    def run(self, job: Job) -> Outcome:
        """Run one claimed attempt and record its outcome; logs one line."""
        started = time.perf_counter()
        self.current = job
        try:
            outcome = self._attempt(job)
        except DB_ERRORS as exc:
            raise ConnectionLost(job) from exc
        finally:
            self.current = None
        seconds = time.perf_counter() - started
        observe_job(job.kind, job.attempt, outcome.status, seconds)
        log.info(
            "job %s kind=%s id=%s attempt=%d/%d duration_ms=%.1f%s",
            outcome.status,
            job.kind,
            job.id,
            job.attempt,
            job.max_attempts,
            seconds * 1000,
            f" {outcome.detail}" if outcome.detail else "",
        )
        return outcome

    def _attempt(self, job: Job) -> Outcome:
        kind = find_kind(job.kind)
        if kind is None:
            return self._failed(job, PermanentError(f"unknown job kind {job.kind!r}"))
        context = JobContext(
            job_id=uuid.UUID(job.id),
            kind=job.kind,
            attempt=job.attempt,
            user_id=job.user_id,
            connection=self.connection,
            config=self.config,
            max_attempts=job.max_attempts,
        )
        self.connection.autocommit = False
        try:
            self._run_handler(kind, context, job.payload)
        except Exception as error:
            if isinstance(error, DB_ERRORS) and self.connection.closed:
                raise
            return self._failed(job, error)
        return self._complete(job)

    def _run_handler(self, kind: JobKind, context: JobContext, payload: dict[str, Any]) -> None:
        timeout = kind.timeout_seconds or self.settings.job_timeout_seconds
        self.deadline = time.monotonic() + timeout
        if self.watch is not None:
            self.watch(self.deadline + kill_grace_seconds(timeout))
        if self.hard_timeouts:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            kind.handler(context, payload)
        finally:
            if self.hard_timeouts:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if self.watch is not None:
                self.watch(0.0)

    def _on_alarm(self, _signum: int, _frame: object) -> None:
        if self.current is not None:
            raise JobTimeout("the job exceeded its timeout")

    def _complete(self, job: Job) -> Outcome:
        """Mark done in the handler's transaction (or alone when it left none open)."""
        connection = self.connection
        status = connection.info.transaction_status
        if status == extensions.TRANSACTION_STATUS_INERROR:
            return self._failed(job, TransientError("the handler left its transaction in error"))
        if status == extensions.TRANSACTION_STATUS_IDLE:
            connection.autocommit = True
        self.cursor.execute(
            "EXECUTE jatify_complete(%s, %s, %s)", (job.id, job.worker, job.attempt)
        )
        done = self.cursor.rowcount == 1
        if not connection.autocommit:
            if done:
                connection.commit()
            else:
                connection.rollback()
            connection.autocommit = True
        return Outcome("done") if done else LOST

    def _failed(self, job: Job, error: Exception) -> Outcome:
        """Roll back the handler's writes, then record the failure in a new transaction."""
        connection = self.connection
        connection.rollback()
        connection.autocommit = False
        try:
            if isinstance(error, Defer):
                outcome = self._defer(job, error)
            else:
                outcome = settle_failure(
                    self.cursor,
                    job,
                    describe(error),
                    self.settings,
                    permanent=isinstance(error, PermanentError),
                    retry_after_seconds=getattr(error, "retry_after_seconds", None),
                )
            connection.commit()
        finally:
            if not connection.closed:
                connection.rollback()
                connection.autocommit = True
        return outcome

    def _defer(self, job: Job, defer: Defer) -> Outcome:
        self.cursor.execute(
            sql.DEFER,
            {
                "id": job.id,
                "worker": job.worker,
                "attempt": job.attempt,
                "delay": max(defer.delay_seconds, 0.0),
                "limit": DEFER_LIMIT_SECONDS,
            },
        )
        if self.cursor.rowcount == 1:
            return Outcome("deferred", f"delay={defer.delay_seconds:.2f}s reason={defer.reason!r}")
        message = f"deferred for more than {DEFER_LIMIT_SECONDS:.0f} s: {defer.reason}"
        return settle_failure(self.cursor, job, message, self.settings, permanent=True)


def kill_grace_seconds(timeout_seconds: float) -> float:
    """How long past its timeout a hung attempt runs before the supervisor kills it."""
    return min(5.0, max(0.5, timeout_seconds * 0.1))
