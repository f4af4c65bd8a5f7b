"""Queue fixtures: plain psycopg2 connections, engines, a record table, real worker processes."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg2
import psycopg2.extras
import pytest
from flask import Flask

from jatify.config import PROJECT_ROOT, libpq_dsn
from jatify.queue import PermanentError, enqueue_psycopg, job_kind
from jatify.queue.engine import Engine
from jatify.queue.settings import QueueSettings
from tests.queue.kinds import RECORD_TABLE
from tests.queue.queue_helpers import query, wait_until


@pytest.fixture
def dsn(app: Flask, database_url: str) -> str:
    """libpq URL of the migrated test database."""
    return libpq_dsn(database_url)


@pytest.fixture
def settings(dsn: str) -> QueueSettings:
    """Engine settings for in-process tests."""
    return QueueSettings(
        dsn=dsn,
        lease_seconds=30,
        max_attempts=3,
        job_timeout_seconds=5,
        retry_base_seconds=2,
        retry_max_seconds=60,
    )


@pytest.fixture
def connect(dsn: str) -> Iterator[Callable[[], Any]]:
    """Open psycopg2 connections that are closed after the test."""
    opened: list[Any] = []

    def connect() -> Any:
        connection = psycopg2.connect(dsn)
        opened.append(connection)
        return connection

    yield connect
    for connection in opened:
        connection.close()


@pytest.fixture
def pg(connect: Callable[[], Any]) -> Any:
    """A psycopg2 connection (autocommit off) for the test's own reads and writes."""
    return connect()


@pytest.fixture
def make_engine(
    connect: Callable[[], Any], settings: QueueSettings, app: Flask
) -> Callable[..., Engine]:
    """An Engine on its own connection, as a worker has."""

    def make_engine(worker: str = "test-host:1:aaaaaa", **fields: Any) -> Engine:
        return Engine(connect(), fields.pop("settings", settings), worker, app.config, **fields)

    return make_engine


@pytest.fixture
def add_job(pg: Any) -> Callable[..., uuid.UUID]:
    """Enqueue one job through enqueue_psycopg and commit it."""

    def add_job(kind: str = "test.noop", payload: dict | None = None, **options: Any) -> uuid.UUID:
        with pg.cursor() as cursor:
            job_id, _ = enqueue_psycopg(cursor, kind, payload or {}, **options)
        pg.commit()
        return job_id

    return add_job


@pytest.fixture
def job_row(dsn: str) -> Callable[[uuid.UUID], dict[str, Any]]:
    """The queue_jobs row of a job, read on a fresh connection (survives restarts)."""

    def job_row(job_id: uuid.UUID) -> dict[str, Any]:
        return query(dsn, "SELECT * FROM queue_jobs WHERE id = %s", (str(job_id),))[0]

    return job_row


@pytest.fixture
def record_table(dsn: str) -> Iterator[str]:
    """The table test.record appends to, created for this test only."""
    query(
        dsn,
        f"CREATE TABLE {RECORD_TABLE} "
        "(id bigserial PRIMARY KEY, job_id uuid, value integer NOT NULL, note text)",
    )
    yield RECORD_TABLE
    query(dsn, f"DROP TABLE {RECORD_TABLE}")


@pytest.fixture
def account(register, login, dsn):
    """Register an account; returns (user id, Bearer headers)."""

    def account(admin=False):
        user = register()
        if admin:
            query(dsn, "UPDATE users SET is_admin = true WHERE id = %s", (user["id"],))
        token = login(user["email"])["access_token"]
        return user["id"], {"Authorization": f"Bearer {token}"}

    return account


@pytest.fixture
def dead_letter(add_job, make_engine, dsn):
    """Fail a job for good through the engine; returns (dead letter id, job id)."""
    engine = make_engine()

    def dead_letter(user_id=None, kind="test.fail", payload=None, **options):
        payload = payload or {"mode": "permanent", "message": f"{kind} broke"}
        job_id = add_job(kind, payload, user_id=user_id, **options)
        assert engine.run(engine.claim()).status == "failed"
        [row] = query(dsn, "SELECT id FROM dead_letters WHERE job_id = %s", (str(job_id),))
        return row["id"], str(job_id)

    return dead_letter


class WorkerHandle:
    """A running `python worker.py` and its log."""

    def __init__(self, process: subprocess.Popen, log_path: Path) -> None:
        self.process = process
        self.log_path = log_path

    def log(self) -> str:
        """Everything the supervisor and its workers logged so far."""
        return self.log_path.read_text()

    def wait_for_log(self, pattern: str, count: int = 1, timeout: float = 15) -> None:
        """Wait until `pattern` (a regex) occurs `count` times in the log."""
        wait_until(lambda: len(re.findall(pattern, self.log())) >= count, timeout)

    def signal(self, signum: int) -> None:
        """Send a signal to the supervisor."""
        self.process.send_signal(signum)

    def kill_all(self) -> None:
        """SIGKILL the supervisor and every worker (the whole process group)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM, and SIGKILL the group if it does not exit in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture
def start_worker(
    database_url: str, app: Flask, app_config: dict[str, Any], tmp_path: Path
) -> Iterator[Callable[..., Any]]:
    """Start real `python worker.py` supervisors against the test database."""
    handles: list[WorkerHandle] = []

    def start_worker(processes: int = 2, wait: bool = True, **settings: Any) -> WorkerHandle:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "JATIFY_ENV": "testing",
            "JWT_SECRET_KEY": app_config["JWT_SECRET_KEY"],
            "LOG_LEVEL": "info",
            "WORKER_POLL_SECONDS": "1",
            "WORKER_SHUTDOWN_GRACE": "10",
            "QUEUE_LEASE_SECONDS": "2",
            "QUEUE_RETRY_BASE_SECONDS": "0.1",
            "QUEUE_RETRY_MAX_SECONDS": "0.5",
            **{name: str(value) for name, value in settings.items()},
        }
        log_path = tmp_path / f"worker-{len(handles)}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [
                    *(sys.executable, "worker.py", "--processes", str(processes)),
                    *("--kinds", "tests.queue.kinds"),
                ],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        handle = WorkerHandle(process, log_path)
        handles.append(handle)
        if wait:
            handle.wait_for_log(r"listening on", processes)
        return handle

    yield start_worker
    for handle in handles:
        handle.stop()


def _record(cursor: Any, payload: dict[str, Any], note: str) -> None:
    cursor.execute(
        f"INSERT INTO {RECORD_TABLE} (value, note) VALUES (%s, %s)", (payload["value"], note)
    )


def _on_failed(cursor: Any, payload: dict[str, Any], message: str) -> None:
    _record(cursor, payload, f"failed: {message}")
    if payload.get("broken_hook"):
        raise RuntimeError("the hook is broken")


def _on_requeued(cursor: Any, payload: dict[str, Any]) -> None:
    _record(cursor, payload, "requeued")


@job_kind("test.hooked", on_failed=_on_failed, on_requeued=_on_requeued)
def hooked(_ctx: Any, payload: dict[str, Any]) -> None:
    """Fail permanently; its hooks write to the record table."""
    raise PermanentError(payload.get("message", "hooked failure"))
