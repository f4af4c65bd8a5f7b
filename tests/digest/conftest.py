"""Digest fixtures: a real SMTP server on 127.0.0.1, plain psycopg2 connections, accounts
that opted in, and real `python worker.py` supervisors on a clock the test sets."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from flask import Flask
from flask.testing import FlaskClient

from jatify.config import PROJECT_ROOT, libpq_dsn
from tests.agenda.conftest import Seeker
from tests.fakes.smtp_server import Inbox, smtp_server
from tests.queue.conftest import WorkerHandle


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    """A plain SMTP server on 127.0.0.1: (its inbox, its port)."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def connect(app: Flask, database_url: str) -> Iterator[Callable[[], Any]]:
    """Open psycopg2 connections (autocommit off) that are closed after the test."""
    opened: list[Any] = []

    def connect() -> Any:
        connection = psycopg2.connect(libpq_dsn(database_url))
        opened.append(connection)
        return connection

    yield connect
    for connection in opened:
        connection.close()


@pytest.fixture
def make_seeker(
    client: FlaskClient, quick_headers: Callable, sql: Callable
) -> Callable[..., Seeker]:
    """An account with a time zone, and the digest on unless told otherwise."""

    def make_seeker(timezone: str = "UTC", digest: bool = True, name: str = "Ada") -> Seeker:
        seeker = Seeker(client, quick_headers(name), sql)
        profile = {"timezone": timezone, "email_digest": digest}
        seeker.user = seeker.ok("PATCH", "/api/user/profile", profile)
        return seeker

    return make_seeker


class Clock:
    """The time the workers' scheduler reads (tests/digest/worker_hooks.py), set by the test."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def set(self, instant: str) -> None:
        """Make `instant` (ISO 8601 with an offset) the scheduler's now, atomically."""
        datetime.fromisoformat(instant)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(instant)
        temporary.replace(self.path)


@pytest.fixture
def clock(tmp_path: Path) -> Clock:
    """The workers' clock file."""
    return Clock(tmp_path / "clock")


@pytest.fixture
def start_supervisor(
    database_url: str, app_config: dict[str, Any], tmp_path: Path, clock: Clock
) -> Iterator[Callable[..., WorkerHandle]]:
    """Start real `python worker.py` supervisors with the scheduler on, on the test's clock."""
    handles: list[WorkerHandle] = []

    def start(smtp_url: str, processes: int = 2, **settings: Any) -> WorkerHandle:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "JATIFY_ENV": "testing",
            "JWT_SECRET_KEY": app_config["JWT_SECRET_KEY"],
            "LOG_LEVEL": "info",
            "SCHEDULER": "on",
            "SCHEDULER_POLL_SECONDS": "0.2",
            "SMTP_URL": smtp_url,
            "MAIL_FROM": "Jatify <digest@jatify.example>",
            "SMTP_TIMEOUT_SECONDS": "5",
            "WORKER_POLL_SECONDS": "0.5",
            "QUEUE_LEASE_SECONDS": "5",
            "QUEUE_MAX_ATTEMPTS": "3",
            "QUEUE_RETRY_BASE_SECONDS": "0.1",
            "QUEUE_RETRY_MAX_SECONDS": "0.3",
            # The clock is years ahead: keep the daily prune from deleting today's jobs.
            "QUEUE_RETENTION_DAYS": "36500",
            "JATIFY_TEST_CLOCK_FILE": str(clock.path),
            **{name: str(value) for name, value in settings.items()},
        }
        log_path = tmp_path / f"supervisor-{len(handles)}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [
                    *(sys.executable, "worker.py", "--processes", str(processes)),
                    *("--kinds", "tests.digest.worker_hooks"),
                ],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        handle = WorkerHandle(process, log_path)
        handles.append(handle)
        handle.wait_for_log(r"listening on", processes, timeout=30)
        return handle

    yield start
    for handle in handles:
        handle.stop()
