"""Registration and login: validation, uniqueness under concurrency, lockout, timing."""

from __future__ import annotations

import json
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from werkzeug.serving import make_server

from jatify import create_app
from jatify.extensions import db

PASSWORD = "correct horse battery staple"
USER_FIELDS = {
    *("id", "email", "name", "username", "phone", "is_admin", "created_at"),
    *("timezone", "email_digest"),
}


def post_all(url: str, bodies: list[dict[str, Any]]) -> list[requests.Response]:
    """POST every body at once from its own thread (released together by a barrier)."""
    barrier = threading.Barrier(len(bodies))
    answers: list[requests.Response | None] = [None] * len(bodies)

    def send(index: int) -> None:
        barrier.wait()
        answers[index] = requests.post(url, json=bodies[index], timeout=30)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(answer is not None for answer in answers)
    return answers  # type: ignore[return-value]


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve `app` over real HTTP on 127.0.0.1 for the duration of the block."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def extra_app(app_config: dict[str, Any], **overrides: Any) -> Iterator[Flask]:
    """Yield an app on the already migrated database with more settings, then dispose it."""
    extra = create_app({**app_config, **overrides})
    yield extra
    with extra.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def locking_app(app: Flask, app_config: dict[str, Any]) -> Iterator[Flask]:
    """An app that locks an email, for one client address, after 3 failures in 60 s."""
    yield from extra_app(app_config, LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=60)


@pytest.fixture(scope="module")
def lenient_app(app: Flask, app_config: dict[str, Any]) -> Iterator[Flask]:
    """An app that locks only after 50 failed logins."""
    yield from extra_app(app_config, LOGIN_MAX_FAILURES=50, LOGIN_LOCKOUT_SECONDS=60)


def user_row(app: Flask, email: str) -> Any:
    """The users row for `email`, read straight from the database."""
    with app.app_context():
        row = db.session.execute(
            text("SELECT * FROM users WHERE lower(email) = lower(:email)"), {"email": email}
        ).one()
        db.session.remove()
    return row


def failure_counts(app: Flask) -> list[int]:
    """The live login failure counters, read straight from the rate_limits table."""
    with app.app_context():
        counts = db.session.scalars(
            text(
                "SELECT count FROM rate_limits WHERE key LIKE 'login-failures/%' "
                "AND expires_at > now() ORDER BY count"
            )
        ).all()
        db.session.remove()
    return list(counts)


def expire_counters(app: Flask) -> None:
    """End every counter's window now."""
    with app.app_context():
        db.session.execute(text("UPDATE rate_limits SET expires_at = now() - interval '1 second'"))
        db.session.commit()


def log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    """POST the credentials to the login route."""
    return client.post("/api/auth/login", json={"email": email, "password": password})


# --- registration -------------------------------------------------------------------


def test_register_answers_the_user_without_any_password_hash(client: FlaskClient, app: Flask):
    body = {"email": "Ada@Example.com", "password": PASSWORD, "name": "Ada", "phone": "+44 1"}
    response = client.post("/api/auth/register", json=body)

    assert response.status_code == 201
    user = response.get_json()
    assert set(user) == USER_FIELDS
    assert user["email"] == "Ada@Example.com"
    assert user["name"] == "Ada"
    assert user["phone"] == "+44 1"
    assert user["username"] is None
    assert user["is_admin"] is False
    assert user["created_at"].endswith("+00:00")
    text_body = response.get_data(as_text=True)
    assert "scrypt" not in text_body
    assert "password" not in text_body
    assert PASSWORD not in text_body
    stored = user_row(app, "ada@example.com").password_hash
    assert stored.startswith("scrypt:")
    assert PASSWORD not in stored


def test_register_same_email_in_another_case_is_email_taken(client: FlaskClient, register):
    register("grace@example.com")
    response = client.post(
        "/api/auth/register",
        json={"email": "GRACE@example.COM", "password": PASSWORD, "name": "Other"},
    )

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "email_taken"


def test_register_taken_username_is_a_conflict(client: FlaskClient, register):
    register(username="linus")
    response = client.post(
        "/api/auth/register",
        json={"email": "b@example.com", "password": PASSWORD, "name": "B", "username": "LINUS"},
    )

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"password": "x" * 7}, "password"),
        ({"password": "x" * 129}, "password"),
        ({"is_admin": True}, "is_admin"),
        ({"name": None}, "name"),
        ({"name": " \t "}, "name"),
        ({"name": "n" * 201}, "name"),
        ({"username": "a b"}, "username"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
    ],
)
def test_register_rejects_invalid_fields(client: FlaskClient, change: dict, field: str):
    body = {"email": "v@example.com", "password": PASSWORD, "name": "V", **change}
    body = {key: value for key, value in body.items() if value is not None}
    response = client.post("/api/auth/register", json=body)

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["details"]


@pytest.mark.parametrize("password", ["tq8!Vw2z", ("ochre lantern quietly folds " * 5)[:128]])
def test_register_accepts_password_lengths_at_the_limits(client: FlaskClient, password: str):
    assert len(password) in (8, 128)
    body = {"email": "edge@example.com", "password": password, "name": "Edge"}
    response = client.post("/api/auth/register", json=body)

    assert response.status_code == 201


def test_register_malformed_json_is_bad_request(client: FlaskClient):
    response = client.post(
        "/api/auth/register", data='{"email": "a@', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_register_json_array_is_a_validation_error(client: FlaskClient):
    response = client.post("/api/auth/register", json=[{"email": "a@example.com"}])

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize("count", [2, 8])
def test_concurrent_registrations_of_one_email_create_one_account(
    live_server: str, app: Flask, count: int
):
    bodies = [
        {"email": f"{'RACE' if i % 2 else 'race'}@example.com", "password": PASSWORD, "name": "R"}
        for i in range(count)
    ]
    answers = post_all(f"{live_server}/api/auth/register", bodies)

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] + [409] * (count - 1)
    for answer in answers:
        if answer.status_code == 409:
            assert answer.json()["error"]["code"] == "email_taken"
    with app.app_context():
        rows = db.session.scalar(text("SELECT count(*) FROM users"))
    assert rows == 1


# --- login --------------------------------------------------------------------------


def test_login_answers_tokens_and_the_user(client: FlaskClient, register):
    register("lin@example.com")
    response = log_in(client, "lin@example.com")

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in", "user"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 15 * 60
    assert body["access_token"] != body["refresh_token"]
    assert set(body["user"]) == USER_FIELDS
    assert "scrypt" not in response.get_data(as_text=True)
    profile = client.get(
        "/api/user/profile", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert profile.status_code == 200
    assert profile.get_json() == body["user"]


def test_login_email_is_case_insensitive(client: FlaskClient, register):
    register("Mixed.Case@Example.com")
    response = log_in(client, "  mixed.case@EXAMPLE.com ")

    assert response.status_code == 200
    assert response.get_json()["user"]["email"] == "Mixed.Case@Example.com"


def test_wrong_password_and_unknown_email_are_indistinguishable(client: FlaskClient, register):
    register("known@example.com")

    def attempt(email: str) -> tuple[float, int, bytes]:
        started = time.perf_counter()
        response = log_in(client, email, "wrong-pass")
        return time.perf_counter() - started, response.status_code, response.data

    attempt("warm-up@example.com")
    wrong, unknown = [], []
    for _ in range(4):  # interleaved, and fewer than LOGIN_MAX_FAILURES (5)
        wrong.append(attempt("known@example.com"))
        unknown.append(attempt("nobody@example.com"))

    assert {(status, body) for _, status, body in wrong + unknown} == {(401, wrong[0][2])}
    error = {"code": "unauthorized", "message": "Wrong email or password"}
    assert json.loads(wrong[0][2]) == {"error": error}
    ratio = statistics.median(t for t, _, _ in wrong) / statistics.median(t for t, _, _ in unknown)
    assert 0.5 < ratio < 2.0


# --- lockout ------------------------------------------------------------------------
# Failures are counted per email and client address in the throttle's storage (the
# rate_limits table here), whether or not an account has the email.


def test_failed_logins_lock_the_email_even_for_the_right_password(app, locking_app, register):
    client = locking_app.test_client()
    register("lock@example.com")
    for _ in range(3):
        assert log_in(client, "lock@example.com", "wrong-pass").status_code == 401

    response = log_in(client, "LOCK@example.com")

    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "account_locked"
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert failure_counts(app) == [3]


def test_an_expired_lock_starts_afresh(app, locking_app, register):
    client = locking_app.test_client()
    register("later@example.com")
    for _ in range(3):
        log_in(client, "later@example.com", "wrong-pass")
    expire_counters(app)

    assert log_in(client, "later@example.com", "wrong-pass").status_code == 401
    assert failure_counts(app) == [1]
    assert log_in(client, "later@example.com").status_code == 200
    assert failure_counts(app) == []


def test_successful_login_resets_the_failure_count(app, locking_app, register):
    client = locking_app.test_client()
    register("reset@example.com")
    for _ in range(2):
        assert log_in(client, "reset@example.com", "wrong-pass").status_code == 401
    assert failure_counts(app) == [2]

    assert log_in(client, "reset@example.com").status_code == 200
    assert failure_counts(app) == []
    for _ in range(2):
        assert log_in(client, "reset@example.com", "wrong-pass").status_code == 401
    assert log_in(client, "reset@example.com").status_code == 200


def test_unknown_and_known_emails_answer_alike_through_the_lock(locking_app, register):
    client = locking_app.test_client()
    register("known@example.com")
    known, unknown = [], []
    for _ in range(5):  # interleaved, so both windows start within milliseconds
        known.append(log_in(client, "known@example.com", "wrong-pass"))
        unknown.append(log_in(client, "nobody@example.com", "wrong-pass"))
    right_password = log_in(client, "known@example.com")

    for answers in (known, unknown):
        assert [answer.status_code for answer in answers] == [401, 401, 401, 429, 429]
    assert [answer.data for answer in known] == [answer.data for answer in unknown]
    assert right_password.status_code == 429
    assert right_password.data == unknown[-1].data
    waits = [int(answer.headers["Retry-After"]) for answer in (*known[3:], *unknown[3:])]
    assert max(waits) - min(waits) <= 1  # the same wait, to the second the clock ticked
    assert all(0 < wait <= 60 for wait in waits)


def test_an_attackers_failures_do_not_lock_the_owner_out_from_elsewhere(locking_app, register):
    client = locking_app.test_client()
    register("victim@example.com")
    attacker, owner = {"REMOTE_ADDR": "198.51.100.66"}, {"REMOTE_ADDR": "192.0.2.7"}
    body = {"email": "victim@example.com", "password": "guess"}
    for _ in range(3):
        assert client.post("/api/auth/login", json=body, environ_base=attacker).status_code == 401
    assert client.post("/api/auth/login", json=body, environ_base=attacker).status_code == 429

    right = {"email": "victim@example.com", "password": PASSWORD}
    assert client.post("/api/auth/login", json=right, environ_base=owner).status_code == 200
    again = client.post("/api/auth/login", json=right, environ_base=attacker)
    assert again.status_code == 429  # the owner's success cleared only the owner's count


def test_concurrent_wrong_passwords_are_all_counted(app, lenient_app, register):
    register("many@example.com")
    bodies = [{"email": "many@example.com", "password": "wrong-pass"}] * 10

    with serve(lenient_app) as url:
        answers = post_all(f"{url}/api/auth/login", bodies)

    assert [answer.status_code for answer in answers] == [401] * 10
    assert failure_counts(app) == [10]


def test_concurrent_wrong_passwords_lock_and_count_every_refusal(app, locking_app, register):
    register("burst@example.com")
    bodies = [{"email": "burst@example.com", "password": "wrong-pass"}] * 10

    with serve(locking_app) as url:
        answers = post_all(f"{url}/api/auth/login", bodies)
        after = requests.post(
            f"{url}/api/auth/login",
            json={"email": "burst@example.com", "password": PASSWORD},
            timeout=30,
        )

    statuses = [answer.status_code for answer in answers]
    assert set(statuses) <= {401, 429}
    assert failure_counts(app) == [statuses.count(401)]
    assert statuses.count(401) >= 3
    assert after.status_code == 429
    assert after.json()["error"]["code"] == "account_locked"
