"""The API through a PostgreSQL restart and an outage: 503 while it is down, then back."""

import shlex
from pathlib import Path

import pytest

from jatify.development import embedded_db


def postmaster_options(data_dir: Path) -> str:
    """The server's own command-line options (socket folder, listen address) for a restart."""
    words = shlex.split((data_dir / "postmaster.opts").read_text())[1:]
    data_flag = words.index("-D")
    return shlex.join(words[:data_flag] + words[data_flag + 2 :])


@pytest.fixture
def server(pg_data_dir):
    if pg_data_dir is None:
        pytest.skip("TEST_DATABASE_URL is set: no embedded server of ours to stop")
    return pg_data_dir


def test_requests_after_a_database_restart_succeed(client, auth_headers, server):
    assert client.get("/api/jobs", headers=auth_headers).status_code == 200
    embedded_db.pg_ctl(server, "restart", "-m", "fast")
    for _ in range(3):  # every pooled connection died with the server
        assert client.get("/api/jobs", headers=auth_headers).status_code == 200


def test_an_outage_is_a_503_with_retry_after_and_then_heals(client, auth_headers, server):
    assert client.get("/api/jobs", headers=auth_headers).status_code == 200
    options = postmaster_options(server)
    embedded_db.pg_ctl(server, "stop", "-m", "fast")
    try:
        response = client.get("/api/jobs", headers=auth_headers)
        body = response.get_json()
        ready = client.get("/readyz")
    finally:
        embedded_db.pg_ctl(server, "start", "-w", "-o", options)

    assert response.status_code == 503
    assert body["error"]["code"] == "unavailable"
    assert "try again" in body["error"]["message"]
    assert "SELECT" not in str(body) and "psycopg2" not in str(body)
    assert response.headers["Retry-After"] == "2"
    assert ready.status_code == 503
    assert client.get("/api/jobs", headers=auth_headers).status_code == 200
