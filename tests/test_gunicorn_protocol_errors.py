"""What gunicorn answers itself, before the app sees a request, comes in the JSON envelope.

Issue #11, defect 11: an over-long request line got gunicorn's own `414 URI Too Long`
HTML page (and its other protocol errors too). The limits are gunicorn.conf.py's and the
OpenAPI document's introduction states them. A configuration error stops gunicorn with
one line before any worker boots.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from jatify.api.input_rules import REQUEST_RULES
from jatify.config import PROJECT_ROOT
from tests.conftest import TEST_SECRET

GUNICORN = str(Path(sys.executable).parent / "gunicorn")
LINE_LIMIT = 8190  # gunicorn.conf.py's limit_request_line
FIELD_LIMIT = 8190  # its limit_request_field_size
FIELDS_LIMIT = 100  # its limit_request_fields


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(app, database_url: str, tmp_path: Path) -> Iterator[str]:
    """`gunicorn wsgi:app` (gunicorn.conf.py, one worker) on the test database: its URL."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JATIFY_ENV": "testing",
        "JWT_SECRET_KEY": TEST_SECRET,
        "WEB_CONCURRENCY": "1",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    command = [GUNICORN, "wsgi:app", "--bind", f"127.0.0.1:{port}"]
    with (tmp_path / "gunicorn.log").open("w") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{base}/healthz", timeout=5).ok:
                break
        except requests.RequestException:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=30)


def raw_request(base: str, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send `data` as it is; the status, headers (lower-cased) and body of the answer."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), {k.lower(): v for k, v in headers.items()}, body


def assert_json_envelope(response: requests.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


def test_an_over_long_request_line_answers_414_in_the_envelope(server: str):
    response = requests.get(f"{server}/api/jobs?q={'a' * LINE_LIMIT}", timeout=10)
    assert_json_envelope(response, 414, "uri_too_long")
    assert str(LINE_LIMIT) in response.json()["error"]["message"]


def test_a_request_line_within_the_limit_reaches_the_app(server: str):
    target = "/api/jobs?q="
    padding = LINE_LIMIT - len(f"GET {target} HTTP/1.1") - 10
    response = requests.get(f"{server}{target}{'a' * padding}", timeout=10)
    assert_json_envelope(response, 401, "unauthorized")  # the app's own answer
    assert "X-Request-ID" in response.headers


def test_an_over_long_header_answers_431_in_the_envelope(server: str):
    response = requests.get(
        f"{server}/api/jobs", headers={"X-Padding": "a" * FIELD_LIMIT}, timeout=10
    )
    assert_json_envelope(response, 431, "headers_too_large")


def test_too_many_headers_answer_431_in_the_envelope(server: str):
    headers = {f"X-Extra-{number}": "1" for number in range(FIELDS_LIMIT + 1)}
    response = requests.get(f"{server}/api/jobs", headers=headers, timeout=10)
    assert_json_envelope(response, 431, "headers_too_large")


def test_a_malformed_request_line_answers_400_in_the_envelope(server: str):
    status, headers, body = raw_request(server, b"NOT A REQUEST LINE AT ALL\r\n\r\n")
    assert (status, headers["content-type"]) == (400, "application/json")
    assert b'"code": "bad_request"' in body


def test_the_document_states_the_limits():
    for number in (LINE_LIMIT, FIELD_LIMIT, FIELDS_LIMIT):
        assert str(number) in REQUEST_RULES


def test_a_configuration_error_stops_gunicorn_with_one_line(tmp_path: Path, database_url: str):
    env = {
        **{k: v for k, v in os.environ.items() if k != "JWT_SECRET_KEY"},
        "DATABASE_URL": database_url,
        "JATIFY_ENV": "production",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    command = [GUNICORN, "wsgi:app", "--bind", f"127.0.0.1:{free_port()}"]
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "gunicorn: JWT_SECRET_KEY must be set in production "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
    )
    assert "Traceback" not in result.stderr
    assert "Booting worker" not in result.stderr  # stopped before any worker started
