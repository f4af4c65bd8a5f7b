"""enqueue(): in the caller's transaction, notified on commit, deduplicated while in flight."""

from __future__ import annotations

import select
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from jatify.extensions import db
from jatify.queue import enqueue, enqueue_psycopg
from jatify.queue.errors import InvalidPayload, UnknownKind
from jatify.queue.sql import CHANNEL


def listener(connect):
    connection = connect()
    connection.autocommit = True
    connection.cursor().execute(f"LISTEN {CHANNEL}")
    return connection


def notifications(connection, timeout=0.2):
    select.select([connection], [], [], timeout)
    connection.poll()
    received = [notify.payload for notify in connection.notifies]
    connection.notifies.clear()
    return received


def test_enqueue_notifies_only_when_the_transaction_commits(pg, connect, job_row):
    listening = listener(connect)
    with pg.cursor() as cursor:
        job_id, created = enqueue_psycopg(cursor, "test.noop", {})
    assert created is True
    assert notifications(listening) == []
    pg.commit()
    assert notifications(listening) == ["test.noop"]
    row = job_row(job_id)
    assert (row["status"], row["attempts"], row["max_attempts"]) == ("pending", 0, 5)


def test_enqueue_rolled_back_leaves_no_job_and_no_notification(pg, connect):
    listening = listener(connect)
    with pg.cursor() as cursor:
        enqueue_psycopg(cursor, "test.noop", {})
        pg.rollback()
        cursor.execute("SELECT count(*) FROM queue_jobs")
        assert cursor.fetchone()[0] == 0
    assert notifications(listening) == []


def test_enqueue_through_the_session_commits_with_the_callers_writes(app, pg, connect):
    listening = listener(connect)
    with app.app_context():
        job_id, created = enqueue(db.session, "test.sleep", {"seconds": 1}, dedupe_key="k1")
        assert created and isinstance(job_id, uuid.UUID)
        db.session.commit()
    with app.app_context(), db.engine.connect() as connection:
        again, created = enqueue(connection, "test.sleep", {"seconds": 2}, dedupe_key="k1")
        connection.commit()
    assert (again, created) == (job_id, False)
    assert notifications(listening) == ["test.sleep"]


def test_a_dedupe_key_is_free_again_once_its_job_finished(pg, add_job):
    first = add_job("test.noop", dedupe_key="analyze:1:2")
    assert add_job("test.noop", dedupe_key="analyze:1:2") == first
    with pg.cursor() as cursor:
        cursor.execute("UPDATE queue_jobs SET status = 'done' WHERE id = %s", (str(first),))
    pg.commit()
    second = add_job("test.noop", dedupe_key="analyze:1:2")
    assert second != first


def test_delayed_job_keeps_its_run_at_and_limits(add_job, job_row):
    run_at = datetime.now(UTC) + timedelta(hours=1)
    job_id = add_job("test.noop", run_at=run_at, max_attempts=2)
    row = job_row(job_id)
    assert row["run_at"] == run_at
    assert row["max_attempts"] == 2


def test_enqueue_rejects_unknown_kinds_and_bad_payloads(pg):
    with pg.cursor() as cursor:
        with pytest.raises(UnknownKind):
            enqueue_psycopg(cursor, "no.such.kind", {})
        with pytest.raises(InvalidPayload):
            enqueue_psycopg(cursor, "test.sleep", {"seconds": "soon"})
        with pytest.raises(ValueError, match="timezone"):
            enqueue_psycopg(cursor, "test.noop", {}, run_at=datetime.now())
        with pytest.raises(ValueError, match="dedupe"):
            enqueue_psycopg(cursor, "test.noop", {}, dedupe_key="x" * 201)


def test_max_attempts_defaults_to_the_apps_setting(app, job_row, monkeypatch):
    monkeypatch.setitem(app.config, "QUEUE_MAX_ATTEMPTS", 7)
    with app.app_context():
        job_id, _ = enqueue(db.session, "test.noop", {})
        db.session.commit()
    assert job_row(job_id)["max_attempts"] == 7
