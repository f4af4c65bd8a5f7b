"""The limits hold across processes: a real gunicorn with 2 workers, concurrent logins
over a limit, exactly the limit let through (the counters live in PostgreSQL)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask

from tests.api.test_auth import post_all
from tests.conftest import TEST_SECRET
from tests.throttle.conftest import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PER_EMAIL, PER_ADDRESS = 5, 8
# gunicorn's access log, one "<pid> request-id" line per answer: which worker answered.
ACCESS_FORMAT = "%(p)s %({x-request-id}o)s"
SERVED_BY = re.compile(r"^<(\d+)> ([0-9a-f]{32})$", re.MULTILINE)


@pytest.fixture
def gunicorn(app: Flask, database_url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`gunicorn wsgi:app` with 2 workers and tight auth limits: its URL and its log."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JATIFY_ENV": "testing",
        "JWT_SECRET_KEY": TEST_SECRET,
        "LOG_LEVEL": "warning",
        "RATELIMIT_ENABLED": "true",
        "RATELIMIT_AUTH_PER_EMAIL": f"{PER_EMAIL}/minute",
        "RATELIMIT_AUTH_PER_ADDRESS": f"{PER_ADDRESS}/minute",
        "LOGIN_MAX_FAILURES": "1000",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        *("wsgi:app", "--bind", f"127.0.0.1:{port}", "--workers", "2"),
        *("--access-logfile", "-", "--access-logformat", ACCESS_FORMAT),
    ]
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not _healthy(base):
        assert time.monotonic() < deadline, f"gunicorn did not start:\n{log.read_text()}"
        time.sleep(0.2)
    yield base, log
    process.terminate()
    process.wait(timeout=30)


def _healthy(base: str) -> bool:
    try:
        return requests.get(base + "/healthz", timeout=5).ok
    except requests.RequestException:
        return False


def workers_that_served(log: Path, request_ids: list[str]) -> set[int]:
    """The pids of the workers that answered these requests (from the access log)."""
    deadline = time.monotonic() + 10
    while True:
        served = {rid: int(pid) for pid, rid in SERVED_BY.findall(log.read_text())}
        if set(request_ids) <= set(served) or time.monotonic() > deadline:
            return {served[rid] for rid in request_ids if rid in served}
        time.sleep(0.1)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("emails", "limit"),
    [
        (["crowd@example.com"] * 16, PER_EMAIL),
        ([f"c{i}@example.com" for i in range(16)], PER_ADDRESS),
    ],
    ids=["one-email", "one-address"],
)
def test_concurrent_logins_over_a_limit_let_exactly_the_limit_through(gunicorn, emails, limit):
    base, log = gunicorn
    bodies = [{"email": email, "password": "wrong-pass"} for email in emails]

    answers = post_all(f"{base}/api/auth/login", bodies)

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [401] * limit + [429] * (len(bodies) - limit)
    for answer in answers:
        if answer.status_code == 429:
            assert answer.json()["error"]["code"] == "rate_limited"
            assert 0 < int(answer.headers["Retry-After"]) <= 60
    request_ids = [answer.headers["X-Request-ID"] for answer in answers]
    assert len(workers_that_served(log, request_ids)) == 2
