"""The per-process session cache: no round trip for a known live session, and logout still
ends a token on every web process at once (4 gunicorn workers, repeated)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from sqlalchemy import text

from jatify.extensions import db
from jatify.services.session_cache import SessionCache
from jatify.services.sessions import session_is_live
from tests.conftest import PASSWORD, TEST_SECRET

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4
ROUNDS = 4
# gunicorn's access log, one "<pid> request-id" line per answer: which worker answered.
ACCESS_FORMAT = "%(p)s %({x-request-id}o)s"
SERVED_BY = re.compile(r"^<(\d+)> ([0-9a-f]{32})$", re.MULTILINE)


class Server:
    """`gunicorn wsgi:app` with WORKERS workers on a free port; its log tells who served."""

    def __init__(self, database_url: str, log: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.log = log
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "JATIFY_ENV": "testing",
            "JWT_SECRET_KEY": TEST_SECRET,
            "LOG_LEVEL": "info",
            "AUTH_SESSION_CACHE": "true",
        }
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            *("wsgi:app", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)),
            *("--access-logfile", "-", "--access-logformat", ACCESS_FORMAT),
        ]
        with log.open("w") as out:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/healthz", timeout=5).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")

    def workers_of(self, request_ids: list[str]) -> dict[str, int]:
        """The pid of the worker that served each request id (from the log)."""
        wanted = set(request_ids)
        deadline = time.monotonic() + 10
        while True:
            found = {rid: int(pid) for pid, rid in SERVED_BY.findall(self.log.read_text())}
            if wanted <= set(found) or time.monotonic() > deadline:
                return {rid: found[rid] for rid in request_ids if rid in found}
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop the master and its workers."""
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def server(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Server]:
    """A running gunicorn on the test database."""
    running = Server(database_url, tmp_path / "gunicorn.log")
    yield running
    running.stop()


def get_statuses(server: Server, token: str, times: int) -> list[tuple[int, str]]:
    """`times` sequential GET /api/statuses: (status, request id) each."""
    headers = {"Authorization": f"Bearer {token}"}
    answers = []
    with requests.Session() as http:
        for _ in range(times):
            response = http.get(server.base + "/api/statuses", headers=headers, timeout=10)
            answers.append((response.status_code, response.headers["X-Request-ID"]))
    return answers


def answers_from(server: Server, token: str, workers: int) -> tuple[set[int], dict[int, int]]:
    """Requests until `workers` different workers have answered (at most 600): the statuses
    seen and, for each worker, the status of its first answer."""
    statuses: set[int] = set()
    first: dict[int, int] = {}
    for _ in range(30):
        batch = get_statuses(server, token, 20)
        served = server.workers_of([rid for _, rid in batch])
        for status, rid in batch:
            statuses.add(status)
            if rid in served:
                first.setdefault(served[rid], status)
        if len(first) >= workers:
            break
    return statuses, first


def test_logout_ends_the_token_on_every_other_worker_at_once(server: Server, register):
    user = register()
    for _ in range(ROUNDS):
        login = requests.post(
            server.base + "/api/auth/login",
            json={"email": user["email"], "password": PASSWORD},
            timeout=30,
        )
        assert login.status_code == 200, login.text
        token = login.json()["access_token"]
        warm, warmed = answers_from(server, token, WORKERS)
        assert warm == {200}
        assert len(warmed) == WORKERS, "every worker should have the session cached"

        logout = requests.post(
            server.base + "/api/auth/logout",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert logout.status_code == 204

        after, first_answers = answers_from(server, token, WORKERS)
        assert after == {401}
        assert set(first_answers) == set(warmed)  # every worker's first answer was a 401


def test_a_live_session_is_checked_once_then_remembered(app: Flask):
    cache = SessionCache(app.config["DATABASE_DSN"])
    loads = []

    def load(session_id: uuid.UUID, user_id: int) -> bool:
        loads.append(session_id)
        return True

    session_id = uuid.uuid4()
    assert all(cache.is_live(session_id, 7, load) for _ in range(5))
    assert loads == [session_id]
    assert cache.is_live(session_id, 8, lambda *_: False) is False  # another account's token


def test_an_ended_session_is_forgotten_by_its_notification(app: Flask, register, login):
    cache = SessionCache(app.config["DATABASE_DSN"])
    user = register()
    login(user["email"])
    with app.app_context():
        session_id = db.session.scalar(text("SELECT id FROM auth_sessions"))
        assert cache.is_live(session_id, user["id"], session_is_live)
        db.session.execute(text("UPDATE auth_sessions SET revoked_at = now()"))
        db.session.commit()
        deadline = time.monotonic() + 5
        while cache.is_live(session_id, user["id"], session_is_live):
            assert time.monotonic() < deadline, "the revocation was never noticed"
            time.sleep(0.01)


def test_without_a_listener_every_check_reads_the_database():
    cache = SessionCache("host=127.0.0.1 port=1 dbname=nowhere connect_timeout=1")
    loads = []

    def load(session_id: uuid.UUID, user_id: int) -> bool:
        loads.append(session_id)
        return True

    session_id = uuid.uuid4()
    for _ in range(3):
        assert cache.is_live(session_id, 1, load)
    assert loads == [session_id] * 3
