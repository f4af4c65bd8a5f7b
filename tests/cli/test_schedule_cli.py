"""`flask schedule list` and `flask digest preview` against the real database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import psycopg2
from click.testing import Result
from flask import Flask

from jatify.config import libpq_dsn
from jatify.queue.schedule import SCHEDULE, enqueue_due


def flask(app: Flask, *args: str) -> Result:
    """Run `flask <args>` against `app`."""
    return app.test_cli_runner().invoke(args=list(args))


def test_schedule_list_shows_every_entry_and_its_newest_period(app: Flask, database_url: str):
    before = flask(app, "schedule", "list")
    connection = psycopg2.connect(libpq_dsn(database_url))
    try:
        enqueue_due(connection, SCHEDULE, datetime(2031, 3, 3, 7, 0, 30, tzinfo=UTC))
    finally:
        connection.close()
    after = flask(app, "schedule", "list")

    assert before.exit_code == 0 and after.exit_code == 0, after.output
    for entry in SCHEDULE:
        assert entry.kind in before.output
    assert before.output.count("never run") == len(SCHEDULE)
    assert "digest.scan" in after.output and "2031-03-03T07:00:00+00:00" in after.output
    assert "queue.prune" in after.output and "2031-03-03T03:00:00+00:00" in after.output
    assert "never run" not in after.output and "pending" in after.output


def test_digest_preview_prints_what_would_be_sent(
    app: Flask, register: Callable, client, login: Callable
):
    user = register(name="Ada")
    headers = {"Authorization": f"Bearer {login(user['email'])['access_token']}"}
    job = client.post(
        "/api/jobs",
        json={"company": "Acme", "position": "Engineer", "description": "Python"},
        headers=headers,
    ).get_json()
    application = client.post(
        "/api/applications", json={"job_id": job["id"], "status_id": 1}, headers=headers
    ).get_json()
    client.post(
        f"/api/applications/{application['id']}/interviews",
        json={"scheduled_at": "2031-03-03T09:00:00Z", "kind": "phone"},
        headers=headers,
    )

    busy = flask(app, "digest", "preview", user["email"], "--day", "2031-03-03")
    quiet = flask(app, "digest", "preview", user["email"], "--day", "2020-01-01")
    unknown = flask(app, "digest", "preview", "nobody@example.com")

    assert busy.exit_code == 0, busy.output
    assert f"To: {user['email']}" in busy.output
    assert "09:00 (60 min) Phone interview: Engineer at Acme" in busy.output
    assert "nothing to say on 2020-01-01" in quiet.output
    assert unknown.exit_code == 1 and "Error: No account with email" in unknown.output
