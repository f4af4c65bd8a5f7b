"""Imports on the queue, end to end: a real `python worker.py` reads the stored CSV in
chunks; killed midway, the import resumes where its last committed chunk ended."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from jatify.extensions import db
from jatify.models import Application
from jatify.services import imports
from jatify.services.transfer import importer
from tests.insights.helpers import HEADER, csv_bytes, upload
from tests.queue.queue_helpers import query, wait_until

ROWS = 12_000


def big_csv(rows: int = ROWS) -> bytes:
    """A file of `rows` distinct applications over 40 job listings."""
    return csv_bytes(
        [HEADER] + [[f"Co {n % 40}", "Dev", "Applied", "", f"note {n}", ""] for n in range(rows)]
    )


def import_row(dsn: str, import_id: str) -> dict[str, Any]:
    """The import's row, read directly."""
    [row] = query(dsn, "SELECT * FROM imports WHERE id = %s", (import_id,))
    return row


def test_a_worker_killed_mid_import_loses_nothing_and_creates_nothing_twice(
    client: FlaskClient,
    auth_headers: dict[str, str],
    start_worker: Callable[..., Any],
    dsn: str,
):
    answer = upload(client, auth_headers, big_csv())
    assert answer.status_code == 202
    import_id = answer.get_json()["id"]
    first = start_worker(processes=1)
    wait_until(lambda: 0 < import_row(dsn, import_id)["rows_done"] < ROWS, timeout=60)
    os.killpg(first.process.pid, signal.SIGKILL)
    first.process.wait()
    halfway = import_row(dsn, import_id)
    assert halfway["status"] == "processing"
    assert 0 < halfway["rows_done"] < ROWS

    start_worker(processes=1)  # its sweep finds the expired lease and retries the job
    wait_until(lambda: import_row(dsn, import_id)["status"] == "done", timeout=90)

    done = client.get(f"/api/imports/{import_id}", headers=auth_headers).get_json()
    assert (done["rows_total"], done["rows_done"], done["created"], done["skipped"]) == (
        ROWS,
        ROWS,
        ROWS,
        0,
    )
    assert done["jobs_created"] == 40
    [applications] = query(dsn, "SELECT count(*) AS n FROM applications")
    assert applications["n"] == ROWS
    [notes] = query(dsn, "SELECT count(DISTINCT notes) AS n FROM applications")
    assert notes["n"] == ROWS


def test_an_interrupted_chunk_is_rolled_back_and_redone_on_retry(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str], monkeypatch
):
    rows = 3_500
    answer = upload(client, auth_headers, big_csv(rows))
    import_id = answer.get_json()["id"]
    real_write = importer._write_chunk
    calls = {"n": 0}

    def dies_on_the_third_chunk(*args: Any) -> None:
        calls["n"] += 1
        real_write(*args)
        if calls["n"] == 3:
            raise SystemExit("killed")  # after the chunk's rows, before its commit

    monkeypatch.setattr(importer, "_write_chunk", dies_on_the_third_chunk)
    with app.app_context():
        with pytest.raises(SystemExit):
            imports.run_import(import_id)
        halfway = imports.get_import(app_user(app, auth_headers, client), import_id)
        assert (halfway.rows_done, halfway.created) == (2_000, 2_000)
        assert db.session.query(Application).count() == 2_000
        monkeypatch.setattr(importer, "_write_chunk", real_write)
        imports.run_import(import_id)
        done = imports.get_import(halfway.user_id, import_id)
        assert (done.status, done.rows_done, done.created, done.skipped) == ("done", rows, rows, 0)
        assert db.session.query(Application).count() == rows


def app_user(app: Flask, headers: dict[str, str], client: FlaskClient) -> int:
    """The id of the account the headers log in."""
    return client.get("/api/user/profile", headers=headers).get_json()["id"]
