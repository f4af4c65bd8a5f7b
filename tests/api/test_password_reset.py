"""Forgot and reset: a link mailed through a real SMTP server (aiosmtpd on 127.0.0.1) by the
queue's job, used once within 30 minutes, ending every login; the same answer for an
email without an account, which gets no mail."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import psycopg2
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from jatify import create_app
from jatify.extensions import db
from jatify.queue.engine import Engine
from jatify.queue.settings import QueueSettings
from tests.conftest import PASSWORD
from tests.fakes.smtp_server import Inbox, smtp_server

NEW_PASSWORD = "a fresh tangerine every thursday"
PUBLIC_URL = "https://jatify.example"
LINK = re.compile(r"https://jatify\.example/reset\?token=([A-Za-z0-9_-]+)")


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    """A plain SMTP server on 127.0.0.1: (its inbox, its port)."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def mail_app(app: Flask, app_config: dict[str, Any], inbox: tuple[Inbox, int]) -> Iterator[Flask]:
    """An app (web and worker side) that mails through the test's SMTP server."""
    mailing = create_app(
        {
            **app_config,
            "SMTP_URL": f"smtp://127.0.0.1:{inbox[1]}",
            "SMTP_TIMEOUT_SECONDS": 5,
            "MAIL_FROM": "Jatify <noreply@jatify.example>",
            "PUBLIC_URL": PUBLIC_URL,
        }
    )
    yield mailing
    with mailing.app_context():
        db.engine.dispose()


@pytest.fixture
def work_off(mail_app: Flask) -> Iterator[Callable[[], list[str]]]:
    """Run every queued job on a worker's engine (in this process); their outcomes."""
    connection = psycopg2.connect(mail_app.config["DATABASE_DSN"])
    engine = Engine(
        connection, QueueSettings.from_config(mail_app.config), "test:1:reset", mail_app.config
    )

    def work_off() -> list[str]:
        outcomes = []
        while (job := engine.claim()) is not None:
            outcomes.append(engine.run(job).status)
        return outcomes

    yield work_off
    connection.close()


def forgot(client: FlaskClient, email: str) -> Any:
    """POST /api/auth/forgot for `email`."""
    return client.post("/api/auth/forgot", json={"email": email})


def reset(client: FlaskClient, token: str, password: str = NEW_PASSWORD) -> Any:
    """POST /api/auth/reset."""
    return client.post("/api/auth/reset", json={"token": token, "new_password": password})


def mailed_token(inbox: Inbox, count: int = 1) -> str:
    """The token of the link in the `count`th message received."""
    message = inbox.wait_for(count)[count - 1]
    found = LINK.search(message.get_body(preferencelist=("plain",)).get_content())
    assert found, message
    return found.group(1)


def test_the_mailed_link_resets_the_password_once_and_ends_every_login(
    mail_app, work_off, inbox, register, login, sql
):
    client = mail_app.test_client()
    user = register("Forgetful@example.com", name="Forgetful Fay")
    logins = [login(user["email"]) for _ in range(2)]

    asked = forgot(client, "forgetful@EXAMPLE.com")
    assert asked.status_code == 202
    assert work_off() == ["done"]
    [message] = inbox[0].wait_for(1)
    assert message["To"] == "Forgetful@example.com"
    assert message["Subject"] == "Reset your Jatify password"
    assert "Forgetful Fay" in message.get_content()
    token = mailed_token(inbox[0])
    [row] = sql("SELECT token_hash, expires_at - created_at AS valid FROM password_resets")
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert row.valid.total_seconds() == 30 * 60

    assert reset(client, token).status_code == 204

    for tokens in logins:
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        profile = client.get("/api/user/profile", headers=headers)
        assert profile.status_code == 401
        assert profile.get_json()["error"]["code"] == "token_revoked"
    old = client.post("/api/auth/login", json={"email": user["email"], "password": PASSWORD})
    assert old.status_code == 401
    assert login(user["email"], NEW_PASSWORD)["user"]["id"] == user["id"]
    again = reset(client, token, "yet another fine sentence")
    assert again.status_code == 422
    assert "token" in again.get_json()["error"]["details"]
    assert login(user["email"], NEW_PASSWORD)["user"]["id"] == user["id"]


def test_an_email_without_an_account_gets_the_same_answer_and_no_mail(
    mail_app, work_off, inbox, register, sql
):
    client = mail_app.test_client()
    register("known@example.com")

    unknown = forgot(client, "nobody@example.com")
    known = forgot(client, "known@example.com")

    assert (unknown.status_code, unknown.get_json()) == (known.status_code, known.get_json())
    assert unknown.status_code == 202
    assert sql("SELECT count(*) FROM queue_jobs")[0][0] == 2  # the same work for both
    assert work_off() == ["done", "done"]
    assert [message["To"] for message in inbox[0].messages] == ["known@example.com"]
    assert sql("SELECT count(*) FROM password_resets")[0][0] == 1


def test_a_link_older_than_30_minutes_is_refused(mail_app, work_off, inbox, register, sql):
    client = mail_app.test_client()
    register("late@example.com")
    forgot(client, "late@example.com")
    work_off()
    token = mailed_token(inbox[0])
    sql("UPDATE password_resets SET expires_at = now() - interval '1 second'")

    response = reset(client, token)

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert "30 minutes" in error["message"]


def test_a_refused_new_password_keeps_the_link_usable(mail_app, work_off, inbox, register):
    client = mail_app.test_client()
    register("weak@example.com")
    forgot(client, "weak@example.com")
    work_off()
    token = mailed_token(inbox[0])

    weak = reset(client, token, "password123")

    assert weak.status_code == 422
    assert "common" in " ".join(weak.get_json()["error"]["details"]["new_password"])
    assert reset(client, token).status_code == 204


def test_a_used_link_spends_the_accounts_other_links(mail_app, work_off, inbox, register):
    client = mail_app.test_client()
    register("twice@example.com")
    forgot(client, "twice@example.com")
    work_off()
    forgot(client, "twice@example.com")
    work_off()
    first, second = mailed_token(inbox[0], 1), mailed_token(inbox[0], 2)

    assert reset(client, second).status_code == 204
    assert reset(client, first, "some other long sentence").status_code == 422


def test_one_link_used_twice_at_once_resets_once(mail_app, work_off, inbox, register, live_server):
    register("race@example.com")
    forgot(mail_app.test_client(), "race@example.com")
    work_off()
    token = mailed_token(inbox[0])
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def use(password: str) -> None:
        barrier.wait()
        body = {"token": token, "new_password": password}
        statuses.append(
            requests.post(f"{live_server}/api/auth/reset", json=body, timeout=30).status_code
        )

    threads = [
        threading.Thread(target=use, args=(p,)) for p in (NEW_PASSWORD, "second racing sentence")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [204, 422]


def test_without_mail_forgot_answers_202_and_logs_it(
    client: FlaskClient, register, sql, caplog: pytest.LogCaptureFixture
):
    register("unmailed@example.com")
    caplog.set_level(logging.WARNING, logger="jatify.password_resets")

    response = forgot(client, "unmailed@example.com")

    assert response.status_code == 202
    assert "mail is not configured" in caplog.text
    assert sql("SELECT count(*) FROM queue_jobs")[0][0] == 0


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email"},
        {},
        {"email": "a@example.com", "extra": 1},
    ],
)
def test_forgot_validates_its_body(client: FlaskClient, body: dict):
    response = client.post("/api/auth/forgot", json=body)

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"
