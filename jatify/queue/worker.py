"""One worker process: its own connection, LISTEN, claim-run-claim, sleep when empty.

Forked by the supervisor; nothing it uses was opened before the fork. It claims one job
at a time and keeps claiming while jobs are available; only when the queue is empty does
it block in select() on its connection (a NOTIFY wakes it) for at most
WORKER_POLL_SECONDS. A broken connection (database restart) is reopened with backoff,
and the job it held is settled as a failed attempt (so is one whose outcome could not be
recorded on the old connection). SIGTERM/SIGINT: finish the running job, claim nothing
more, exit 0.
"""

from __future__ import annotations

import logging
import mmap
import os
import random
import select
import signal
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Mapping
from typing import Any

import psycopg2

from jatify.metrics import observe_job
from jatify.queue import sql
from jatify.queue.attempts import Job, settle_failure
from jatify.queue.engine import CONNECTION_LOST, DB_ERRORS, Engine, Unsettled, prepare
from jatify.queue.settings import QueueSettings

log = logging.getLogger("jatify.queue.worker")

RECONNECT_MAX_SECONDS = 5.0


def worker_id(pid: int, token: str) -> str:
    """The `locked_by` of a worker process: host, pid and a random token."""
    return f"{socket.gethostname()[:80]}:{pid}:{token}"


def connect(dsn: str, application_name: str) -> Any:
    """A new autocommit psycopg2 connection; TCP keepalives notice a vanished server."""
    connection = psycopg2.connect(
        dsn,
        connect_timeout=5,
        application_name=application_name,
        keepalives=1,
        keepalives_idle=10,
        keepalives_interval=5,
        keepalives_count=3,
    )
    connection.autocommit = True
    return connection


class DeadlineBoard:
    """Shared memory where each worker slot posts when its running job may be killed."""

    def __init__(self, slots: int) -> None:
        self._memory = mmap.mmap(-1, 8 * max(slots, 1))

    def post(self, slot: int, monotonic_deadline: float) -> None:
        """Set (or clear, with 0.0) the kill deadline of `slot`."""
        struct.pack_into("d", self._memory, 8 * slot, monotonic_deadline)

    def read(self, slot: int) -> float:
        """The kill deadline of `slot` (0.0: no job running)."""
        return struct.unpack_from("d", self._memory, 8 * slot)[0]


class WorkerProcess:
    """The loop of one forked worker."""

    def __init__(
        self,
        settings: QueueSettings,
        config: Mapping[str, Any],
        worker_id: str,
        slot: int = 0,
        board: DeadlineBoard | None = None,
    ) -> None:
        self.settings = settings
        self.config = config
        self.worker_id = worker_id
        self.slot = slot
        self.board = board
        self.engine: Engine | None = None
        self.lost_job: Job | None = None
        self.lost_reason = CONNECTION_LOST
        self.stopping = False
        self._wakeup_r, self._wakeup_w = os.pipe()
        os.set_blocking(self._wakeup_r, False)
        os.set_blocking(self._wakeup_w, False)

    def run(self) -> int:
        """Claim and run jobs until asked to stop; returns the exit code."""
        signal.set_wakeup_fd(self._wakeup_w)
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        threading.Thread(target=self._heartbeat, name="heartbeat", daemon=True).start()
        while not self.stopping:
            if self.engine is None:
                self._connect()
                continue
            try:
                job = self.engine.claim()
                if job is None:
                    self._wait()
                else:
                    self.engine.run(job)
            except Unsettled as exc:
                self.lost_job, self.lost_reason = exc.job, exc.message
                self._disconnect(exc)
            except DB_ERRORS as exc:
                self._disconnect(exc)
        if self.engine is not None:
            self.engine.connection.close()
        log.info("worker %s stopped", self.worker_id)
        return 0

    def _stop(self, _signum: int, _frame: object) -> None:
        self.stopping = True

    def _connect(self) -> None:
        """Open the connection, LISTEN, settle what the last one left; back off on failure."""
        delay = 0.1
        while not self.stopping:
            connection = None
            try:
                connection = connect(self.settings.dsn, "jatify-worker")
                connection.notifies = deque(maxlen=64)
                self._recover(connection)
                engine = Engine(
                    connection,
                    self.settings,
                    self.worker_id,
                    self.config,
                    watch=self._post_deadline if self.board is not None else None,
                    hard_timeouts=True,
                )
                engine.cursor.execute(f"LISTEN {sql.CHANNEL}")
                self.engine = engine
                log.info("worker %s listening on %s", self.worker_id, sql.CHANNEL)
                return
            except DB_ERRORS as exc:
                if connection is not None:
                    connection.close()
                log.warning(
                    "database unavailable (%s); retrying in %.1f s", _first_line(exc), delay
                )
                self._sleep(delay)
                delay = min(delay * 2, RECONNECT_MAX_SECONDS) * random.uniform(0.8, 1.2)

    def _recover(self, connection: Any) -> None:
        """Count the attempt the broken connection interrupted; release claims never seen."""
        with connection.cursor() as cursor:
            connection.autocommit = False
            if self.lost_job is not None:
                outcome = settle_failure(cursor, self.lost_job, self.lost_reason, self.settings)
                observe_job(self.lost_job.kind, self.lost_job.attempt, outcome.status)
                log.info("job %s after reconnect: %s", self.lost_job.id, outcome.status)
            cursor.execute(sql.RELEASE_UNSEEN_CLAIMS, {"worker": self.worker_id})
            connection.commit()
            connection.autocommit = True
        self.lost_job = None

    def _disconnect(self, error: BaseException) -> None:
        log.warning("worker %s lost its database connection: %s", self.worker_id, error)
        if self.engine is not None:
            self.engine.connection.close()
        self.engine = None

    def _wait(self) -> None:
        """Block until a notification, a signal or the poll timeout (queue was empty)."""
        connection = self.engine.connection
        if connection.notifies:
            connection.notifies.clear()
            return
        ready, _, _ = select.select(
            [connection, self._wakeup_r], [], [], self.settings.poll_seconds
        )
        if self._wakeup_r in ready:
            self._drain_wakeups()
        if connection in ready:
            connection.poll()
            connection.notifies.clear()

    def _sleep(self, seconds: float) -> None:
        """Sleep, but wake up at once for a signal (SIGTERM)."""
        ready, _, _ = select.select([self._wakeup_r], [], [], seconds)
        if ready:
            self._drain_wakeups()

    def _drain_wakeups(self) -> None:
        try:
            while os.read(self._wakeup_r, 512):
                pass
        except BlockingIOError:
            pass

    def _post_deadline(self, monotonic_deadline: float) -> None:
        self.board.post(self.slot, monotonic_deadline)

    def _heartbeat(self) -> None:
        """Extend the running job's lease on a connection of its own (a thread)."""
        connection = None
        interval = self.settings.heartbeat_seconds
        while True:
            time.sleep(interval)
            engine = self.engine
            job = engine.current if engine is not None else None
            if job is None or time.monotonic() > engine.deadline + interval:
                continue
            try:
                if connection is None:
                    connection = connect(self.settings.dsn, "jatify-heartbeat")
                    prepare(connection)
                with connection.cursor() as cursor:
                    cursor.execute(
                        "EXECUTE jatify_extend_lease(%s, %s, %s, %s)",
                        (job.id, job.worker, job.attempt, self.settings.lease_seconds),
                    )
            except DB_ERRORS as exc:
                log.warning("heartbeat of job %s failed: %s", job.id, _first_line(exc))
                if connection is not None:
                    connection.close()
                connection = None


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
