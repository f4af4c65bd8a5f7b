"""The supervisor of `python worker.py`: fork N workers, watch them, sweep lost leases.

It reads like rq's worker pool: fork the children, trap SIGTERM/SIGINT, then a short
loop that reaps and respawns children (with backoff when one keeps crashing), kills a
child whose job is past its hard timeout, runs the lease sweep, and enqueues the periodic
jobs that are due (queue/schedule.py). A dead child's job
is rescued at once, counting the attempt. On SIGTERM/SIGINT the children finish their
running job within WORKER_SHUTDOWN_GRACE seconds; what is left then is killed.

The supervisor holds no database connection across a fork: the sweep opens one, uses
it and closes it; the app's SQLAlchemy engine is disposed before the first fork.
"""

from __future__ import annotations

import logging
import os
import secrets
import select
import signal
import time
from dataclasses import dataclass

from flask import Flask

from jatify.queue.engine import DB_ERRORS
from jatify.queue.registry import load_kind_modules
from jatify.queue.rescue import rescue_lost_jobs
from jatify.queue.schedule import Scheduler
from jatify.queue.settings import QueueSettings
from jatify.queue.worker import DeadlineBoard, WorkerProcess, connect, worker_id

log = logging.getLogger("jatify.queue.supervisor")

TICK_SECONDS = 0.25
# A child that dies within this many seconds of its start counts as crash-looping (its
# respawns back off). Forking a ready worker takes milliseconds, so one that lived longer
# was doing work when something killed it: it is replaced at once.
CRASH_WINDOW_SECONDS = 1.0
RESPAWN_MAX_DELAY_SECONDS = 30.0
SWEEP_RETRY_MAX_SECONDS = 30.0


@dataclass
class Slot:
    """One worker position: the child in it now, and its crash history."""

    index: int
    pid: int = 0
    worker_id: str = ""
    started_at: float = 0.0
    crashes: int = 0
    spawn_at: float = 0.0
    kill_reason: str = ""


class Supervisor:
    """Forks WORKER_PROCESSES children and keeps them running until asked to stop."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.settings = QueueSettings.from_config(app.config)
        self.slots = [Slot(index) for index in range(self.settings.processes)]
        self.board = DeadlineBoard(self.settings.processes)
        self.dead_workers: dict[str, str] = {}
        self.stopping = False
        self.next_sweep = 0.0
        self.sweep_backoff = 0.0
        # Periodic jobs (queue/schedule.py), unless SCHEDULER turns them off.
        self.scheduler = Scheduler.from_config(app.config)

    def run(self) -> int:
        """Supervise until SIGTERM/SIGINT, then drain; returns the exit code."""
        from jatify.extensions import db

        load_kind_modules()
        with self.app.app_context():
            db.engine.dispose()
        self._wakeup_r, self._wakeup_w = os.pipe()
        os.set_blocking(self._wakeup_r, False)
        os.set_blocking(self._wakeup_w, False)
        signal.set_wakeup_fd(self._wakeup_w)
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGCHLD, lambda _signum, _frame: None)
        log.info("supervisor %d starting %d workers", os.getpid(), len(self.slots))
        while not self.stopping:
            self._reap()
            now = time.monotonic()
            for slot in self.slots:
                if slot.pid == 0 and now >= slot.spawn_at:
                    self._spawn(slot)
            self._kill_overdue()
            if self.dead_workers or now >= self.next_sweep:
                self._sweep()
            if self.scheduler is not None:
                self.scheduler.tick()
            self._sleep(TICK_SECONDS)
        self._drain()
        return 0

    def _stop(self, _signum: int, _frame: object) -> None:
        self.stopping = True

    def _spawn(self, slot: Slot) -> None:
        token = secrets.token_hex(3)
        pid = os.fork()
        if pid == 0:
            self._child(slot, token)
        slot.pid = pid
        slot.worker_id = worker_id(pid, token)
        slot.started_at = time.monotonic()
        slot.kill_reason = ""
        log.info("worker slot %d started: pid %d", slot.index, pid)

    def _child(self, slot: Slot, token: str) -> None:
        """The forked child: drop the supervisor's signal set-up, run a worker, exit."""
        code = 1
        try:
            signal.set_wakeup_fd(-1)
            os.close(self._wakeup_r)
            os.close(self._wakeup_w)
            for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD):
                signal.signal(signum, signal.SIG_DFL)
            from jatify.extensions import db

            with self.app.app_context():
                db.engine.dispose(close=False)
                worker = WorkerProcess(
                    self.settings,
                    self.app.config,
                    worker_id(os.getpid(), token),
                    slot.index,
                    self.board,
                )
                code = worker.run()
        except BaseException:
            log.exception("worker slot %d crashed", slot.index)
        finally:
            os._exit(code)

    def _reap(self) -> None:
        """Collect dead children; schedule respawns (with backoff) and rescue their jobs."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            slot = next((s for s in self.slots if s.pid == pid), None)
            if slot is not None:
                self._child_died(slot, status)

    def _child_died(self, slot: Slot, status: int) -> None:
        lived = time.monotonic() - slot.started_at
        if os.WIFSIGNALED(status):
            how = f"killed by signal {os.WTERMSIG(status)}"
        else:
            how = f"exited with code {os.waitstatus_to_exitcode(status)}"
        clean = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        if not clean:
            self.dead_workers[slot.worker_id] = slot.kill_reason or f"the worker process {how}"
        self.board.post(slot.index, 0.0)
        slot.pid = 0
        if self.stopping:
            log.info("worker slot %d %s", slot.index, how)
            return
        slot.crashes = slot.crashes + 1 if not clean and lived < CRASH_WINDOW_SECONDS else 0
        delay = (
            min(RESPAWN_MAX_DELAY_SECONDS, 0.5 * 2 ** (slot.crashes - 1)) if slot.crashes else 0.0
        )
        slot.spawn_at = time.monotonic() + delay
        log.warning(
            "worker slot %d %s after %.1f s; respawning in %.1f s", slot.index, how, lived, delay
        )

    def _kill_overdue(self) -> None:
        """SIGKILL a child whose job outlived its hard timeout (SIGALRM could not stop it)."""
        now = time.monotonic()
        for slot in self.slots:
            deadline = self.board.read(slot.index)
            if slot.pid and deadline and now > deadline and not slot.kill_reason:
                slot.kill_reason = "the job exceeded its timeout; its worker was killed"
                log.warning(
                    "worker slot %d: job past its timeout, killing pid %d", slot.index, slot.pid
                )
                os.kill(slot.pid, signal.SIGKILL)

    def _sweep(self) -> None:
        """Rescue lost jobs now; on a database error, try again later with backoff."""
        now = time.monotonic()
        if now < self.next_sweep and self.sweep_backoff:
            return
        try:
            connection = connect(self.settings.dsn, "jatify-rescuer")
            try:
                connection.autocommit = False
                rescue_lost_jobs(connection, self.settings, self.dead_workers)
            finally:
                connection.close()
        except DB_ERRORS as exc:
            self.sweep_backoff = min(max(self.sweep_backoff * 2, 0.5), SWEEP_RETRY_MAX_SECONDS)
            self.next_sweep = now + self.sweep_backoff
            log.warning("lease sweep failed (%s); retrying in %.1f s", exc, self.sweep_backoff)
            return
        self.dead_workers.clear()
        self.sweep_backoff = 0.0
        self.next_sweep = now + self.settings.rescue_interval_seconds

    def _drain(self) -> None:
        """Stop the children: SIGTERM, wait up to the grace period, SIGKILL the rest."""
        log.info(
            "supervisor stopping: draining workers for up to %.0f s",
            self.settings.shutdown_grace_seconds,
        )
        for slot in self.slots:
            if slot.pid:
                os.kill(slot.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.settings.shutdown_grace_seconds
        self._reap()
        while any(slot.pid for slot in self.slots) and time.monotonic() < deadline:
            self._sleep(TICK_SECONDS)
            self._reap()
        for slot in self.slots:
            if slot.pid:
                log.warning(
                    "worker slot %d did not finish in time: killing pid %d", slot.index, slot.pid
                )
                slot.kill_reason = "the worker was killed at shutdown after the grace period"
                os.kill(slot.pid, signal.SIGKILL)
                _, status = os.waitpid(slot.pid, 0)
                self._child_died(slot, status)
        if self.dead_workers:
            self.sweep_backoff = 0.0
            self._sweep()
        log.info("supervisor stopped")

    def _sleep(self, seconds: float) -> None:
        ready, _, _ = select.select([self._wakeup_r], [], [], seconds)
        if ready:
            try:
                while os.read(self._wakeup_r, 512):
                    pass
            except BlockingIOError:
                pass


def run_supervisor(app: Flask) -> int:
    """Run the supervisor of the app's queue until SIGTERM/SIGINT; returns the exit code."""
    return Supervisor(app).run()
