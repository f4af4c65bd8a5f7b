"""Claim a job, run its handler, and record how the attempt ended.

The hot path is two prepared statements on a plain psycopg2 connection: the claim
commits on its own (autocommit), the finish commits with the handler's writes. A
handler that wrote nothing leaves no transaction open, so its finish is one statement
too. Failures are recorded by `attempts.settle_failure`, shared with the rescuer; an
attempt always ends settled, whatever its handler raised, and the worker lives on.
"""

from __future__ import annotations

import logging
import signal
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import psycopg2
from psycopg2 import extensions

from jatify.metrics import observe_job
from jatify.queue import sql
from jatify.queue.attempts import LOST, Job, Outcome, bounded_seconds, describe, settle_failure
from jatify.queue.context import JobContext
from jatify.queue.errors import Defer, JobTimeout, PermanentError, TransientError
from jatify.queue.registry import JobKind, find_kind
from jatify.queue.settings import QueueSettings

log = logging.getLogger("jatify.queue")

DB_ERRORS = (psycopg2.OperationalError, psycopg2.InterfaceError)
# A job still deferring this long after it was enqueued fails for good.
DEFER_LIMIT_SECONDS = 24 * 3600.0
CONNECTION_LOST = "the database connection was lost during the job"


class Unsettled(Exception):
    """The attempt of `job` could not be recorded on this connection (it broke, or
    recording failed twice): settle it as `message` on a new connection."""

    def __init__(self, job: Job, message: str = CONNECTION_LOST) -> None:
        super().__init__(f"job {job.id} left unsettled: {message}")
        self.job = job
        self.message = message


def prepare(connection: Any) -> None:
    """PREPARE the hot-path statements on a new connection (autocommit)."""
    with connection.cursor() as cursor:
        for name, (types, statement) in sql.PREPARED.items():
            cursor.execute(f"PREPARE {name} ({types}) AS {statement}")


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
            raise Unsettled(job) from exc
        except Exception as exc:
            log.exception("job %s: recording its outcome failed twice", job.id)
            raise Unsettled(job, f"recording the outcome failed: {describe(exc)}") from exc
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
        # Whatever the handler raises, or its transaction's commit: the attempt is settled
        # with that error, and the worker goes on (a SystemExit from a library included).
        try:
            self._run_handler(kind, context, job.payload)
            return self._complete(job)
        except KeyboardInterrupt:
            raise
        except BaseException as error:
            if isinstance(error, DB_ERRORS) and self.connection.closed:
                raise
            return self._failed(job, error)

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

    def _failed(self, job: Job, error: BaseException) -> Outcome:
        """Roll back the handler's writes, then record the failure in a new transaction.

        Should recording it fail for another reason than a broken connection (a bug, a
        value the database refuses), it is recorded once more as a plain error of the same
        permanence, so the attempt still ends settled with the handler's error.
        """
        try:
            return self._record_failure(job, error)
        except Exception as failure:
            if isinstance(failure, DB_ERRORS) and self.connection.closed:
                raise
            log.exception("job %s: recording its failure failed; recording it plainly", job.id)
            message = f"{describe(error)} (recording it failed: {describe(failure)})"
            if isinstance(error, PermanentError):
                return self._record_failure(job, PermanentError(message))
            return self._record_failure(job, TransientError(message))

    def _record_failure(self, job: Job, error: BaseException) -> Outcome:
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
        # A defer past the limit would fail the job anyway; longer ones are cut to it.
        delay = bounded_seconds(defer.delay_seconds, DEFER_LIMIT_SECONDS)
        self.cursor.execute(
            sql.DEFER,
            {
                "id": job.id,
                "worker": job.worker,
                "attempt": job.attempt,
                "delay": delay,
                "limit": DEFER_LIMIT_SECONDS,
            },
        )
        if self.cursor.rowcount == 1:
            return Outcome("deferred", f"delay={delay:.2f}s reason={defer.reason!r}")
        message = f"deferred for more than {DEFER_LIMIT_SECONDS:.0f} s: {defer.reason}"
        return settle_failure(self.cursor, job, message, self.settings, permanent=True)


def kill_grace_seconds(timeout_seconds: float) -> float:
    """How long past its timeout a hung attempt runs before the supervisor kills it."""
    return min(5.0, max(0.5, timeout_seconds * 0.1))
