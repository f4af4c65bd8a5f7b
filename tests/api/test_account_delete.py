"""DELETE /api/user: the account and everything it owns go in one transaction, nothing of
another account's moves, its tokens die on every web process at once, and a worker
holding one of its jobs carries on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg2
import pytest
from flask import Flask
from flask.testing import FlaskClient

from jatify import create_app
from jatify.extensions import db
from jatify.models import User
from jatify.queue.engine import Engine
from jatify.queue.settings import QueueSettings
from tests.conftest import PASSWORD
from tests.fakes.llm_server import FakeLLM
from tests.security.helpers import Account, AccountFactory, assert_envelope, bearer

# Rows that name the account only through another table, and how to count them.
INDIRECT = {
    "application_status_changes": "SELECT count(*) FROM application_status_changes s"
    " JOIN applications a ON a.id = s.application_id WHERE a.user_id = :id",
    "resume_files": "SELECT count(*) FROM resume_files f"
    " JOIN resumes r ON r.id = f.resume_id WHERE r.user_id = :id",
    "application_contacts": "SELECT count(*) FROM application_contacts l"
    " JOIN contacts c ON c.id = l.contact_id WHERE c.user_id = :id",
}


def owner_columns() -> list[tuple[str, str]]:
    """(table, column) of every column of the models that references users.id."""
    users = User.__table__
    return [
        (table.name, column.name)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if any(key.column.table is users for key in column.foreign_keys)
    ]


def rows_of(sql: Callable[..., list[Any]], user_id: int) -> dict[str, int]:
    """How many rows of each table name the account, directly or through its parents."""
    queries = {
        f"{table}.{column}": f"SELECT count(*) FROM {table} WHERE {column} = :id"
        for table, column in owner_columns()
    }
    queries.update(INDIRECT, users="SELECT count(*) FROM users WHERE id = :id")
    return {name: sql(query, id=user_id)[0][0] for name, query in queries.items()}


def furnish_everything(
    factory: AccountFactory, client: FlaskClient, sql: Callable[..., list[Any]], name: str
) -> Account:
    """An account with one record of every kind: the API's, and in SQL what needs a worker
    or a mail server (digest, reset link) or an operator (the invite it used)."""
    account = factory.furnish(factory.account(name), marked=False)
    assert client.get("/api/calendar", headers=account.headers).status_code == 200
    for statement in (
        "INSERT INTO digest_deliveries (user_id, day) VALUES (:id, current_date)",
        "INSERT INTO follow_up_baselines (user_id, company_key, samples, days)"
        " VALUES (:id, '', 5, 12)",
        "INSERT INTO password_resets (user_id, token_hash, expires_at)"
        " VALUES (:id, md5('r' || :id) || md5('s' || :id), now() + interval '30 minutes')",
        "INSERT INTO invites (email_key, code_hash, expires_at, used_at, used_by)"
        " VALUES ('k' || :id, md5('i' || :id) || md5('j' || :id), now(), now(), :id)",
    ):
        sql(statement, id=account.id)
    return account


def delete(client: FlaskClient, headers: dict[str, str], password: str = PASSWORD) -> Any:
    """DELETE /api/user with the password."""
    return client.delete("/api/user", json={"password": password}, headers=headers)


def test_deleting_the_account_leaves_no_row_of_it_in_any_table(
    app: Flask, client: FlaskClient, sql
):
    factory = AccountFactory(app, client)
    gone = furnish_everything(factory, client, sql, "gone")
    kept = furnish_everything(factory, client, sql, "kept")
    before = rows_of(sql, gone.id)
    kept_before = rows_of(sql, kept.id)
    assert [name for name, count in before.items() if count == 0] == []  # one of everything

    response = delete(client, gone.headers)

    assert response.status_code == 204, response.get_json()
    assert rows_of(sql, gone.id) == dict.fromkeys(before, 0)
    assert rows_of(sql, kept.id) == kept_before
    assert client.get(f"/api/jobs/{kept.job_id}", headers=kept.headers).status_code == 200
    assert_envelope(client.get("/api/user/profile", headers=gone.headers), 401)
    login = client.post("/api/auth/login", json={"email": gone.email, "password": PASSWORD})
    assert_envelope(login, 401)


def test_wrong_passwords_are_forbidden_and_count_as_failed_logins(
    app: Flask, client: FlaskClient, sql
):
    account = AccountFactory(app, client).account("careful")

    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert_envelope(delete(client, account.headers, "not my password"), 403, "forbidden")

    # The email is now locked for this address: no more guesses, the right one included.
    assert_envelope(delete(client, account.headers), 429, "account_locked")
    login = client.post("/api/auth/login", json={"email": account.email, "password": PASSWORD})
    assert_envelope(login, 429, "account_locked")
    assert client.get("/api/user/profile", headers=account.headers).status_code == 200
    assert rows_of(sql, account.id)["users"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "password"), ({"password": ""}, "password"), ({"password": PASSWORD, "x": 1}, "x")],
)
def test_a_body_without_a_password_is_a_validation_error(
    client: FlaskClient, auth_headers: dict[str, str], body: dict[str, Any], field: str
):
    response = client.delete("/api/user", json=body, headers=auth_headers)

    error = assert_envelope(response, 422, "validation_error")
    assert field in error["details"]
    assert client.get("/api/user/profile", headers=auth_headers).status_code == 200


def test_deleting_needs_a_token(client: FlaskClient):
    assert_envelope(client.delete("/api/user", json={"password": PASSWORD}), 401, "unauthorized")


def test_its_tokens_stop_working_at_once_on_every_web_process(
    app: Flask, app_config: dict[str, Any], client: FlaskClient
):
    account = AccountFactory(app, client).account("cached")
    other_process = create_app(app_config).test_client()
    # Each process's session cache now vouches for the login without asking the database.
    for process in (client, other_process):
        assert process.get("/api/user/profile", headers=account.headers).status_code == 200

    assert delete(client, account.headers).status_code == 204

    for process in (other_process, client):
        assert_envelope(process.get("/api/user/profile", headers=account.headers), 401)
    refresh = other_process.post("/api/auth/refresh", headers=bearer(account.refresh_token))
    assert_envelope(refresh, 401)


def test_a_cookie_login_deleting_itself_loses_its_cookies(
    app: Flask, client: FlaskClient, register
):
    user = register()
    body = {"email": user["email"], "password": PASSWORD, "cookies": True}
    assert client.post("/api/auth/login", json=body).status_code == 200
    csrf = client.get_cookie("csrf_access_token").value

    response = client.delete(
        "/api/user", json={"password": PASSWORD}, headers={"X-CSRF-TOKEN": csrf}
    )

    assert response.status_code == 204, response.get_json()
    assert client.get_cookie("access_token_cookie") is None
    assert_envelope(client.get("/api/user/profile"), 401)


def test_a_worker_running_a_job_of_the_deleted_account_carries_on(
    app: Flask, client: FlaskClient, sql, fake_llm: FakeLLM
):
    factory = AccountFactory(app, client)
    gone = factory.furnish(factory.account("gone"), marked=False)
    kept = factory.furnish(factory.account("kept"), marked=False)
    # Only the analyses are left to run, on resumes whose text is ready.
    sql("UPDATE queue_jobs SET status = 'done' WHERE kind <> 'analysis.run'")
    sql("UPDATE resumes SET text = 'Python, Flask', text_status = 'ready'")
    fake_llm.script([("slow_ok", 1.0)])
    config = {**app.config, "ANALYZER": "llm", "LLM_API_KEY": "sk-test", "LLM_MODEL": "fake/m"}
    config["LLM_BASE_URL"] = fake_llm.base_url
    connection = psycopg2.connect(app.config["DATABASE_DSN"])
    try:
        engine = Engine(connection, QueueSettings.from_config(config), "test:1:abc", config)
        sql(
            "UPDATE queue_jobs SET run_at = now() + interval '1 hour' WHERE user_id = :id",
            id=kept.id,
        )
        job = engine.claim()
        assert job is not None and job.user_id == gone.id
        outcome: list[Any] = []
        running = threading.Thread(target=lambda: outcome.append(engine.run(job)))
        running.start()
        deadline = time.monotonic() + 10
        while not fake_llm.requests:  # the model call is under way
            assert running.is_alive() and time.monotonic() < deadline, outcome
            running.join(0.01)

        assert delete(client, gone.headers).status_code == 204
        running.join()

        assert outcome[0].status == "lost"
        sql("UPDATE queue_jobs SET run_at = now() WHERE user_id = :id", id=kept.id)
        next_job = engine.claim()
        assert next_job is not None and next_job.user_id == kept.id
        assert engine.run(next_job).status == "done"
    finally:
        connection.close()
