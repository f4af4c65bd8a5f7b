"""The auth routes' rate limits: per client address and per email, 429 rate_limited in the
envelope with Retry-After, unknown emails like known ones, and off when disabled."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.throttle.conftest import free_port

LIMITS = {"RATELIMIT_AUTH_PER_ADDRESS": "4/minute", "RATELIMIT_AUTH_PER_EMAIL": "2/minute"}
WRONG_PASSWORD = "wrong-pass"


def post(client: FlaskClient, path: str, body: Any, address: str = "203.0.113.9") -> Any:
    """POST a JSON body to an auth route from `address`."""
    return client.post(f"/api/auth/{path}", json=body, environ_base={"REMOTE_ADDR": address})


def login_body(email: str, password: str = WRONG_PASSWORD) -> dict[str, str]:
    """Login credentials."""
    return {"email": email, "password": password}


def assert_rate_limited(response: Any, window_seconds: int = 60) -> None:
    """A 429 rate_limited in the envelope, saying how long to wait."""
    assert response.status_code == 429
    assert response.mimetype == "application/json"
    assert response.get_json()["error"] == {
        "code": "rate_limited",
        "message": "Too many requests; try again later",
    }
    assert 0 < int(response.headers["Retry-After"]) <= window_seconds


def test_an_email_is_limited_in_every_spelling_from_any_address(throttled_app, register):
    client = throttled_app(**LIMITS).test_client()
    register("ada@example.com")

    first = post(client, "login", login_body("ada@example.com"), "198.51.100.1")
    second = post(client, "login", login_body(" ADA@Example.com"), "198.51.100.2")
    third = post(client, "login", login_body("ada@example.com", PASSWORD), "198.51.100.3")

    assert [first.status_code, second.status_code] == [401, 401]
    assert_rate_limited(third)
    assert post(client, "login", login_body("grace@example.com"), "198.51.100.3").status_code == 401


def test_an_address_is_limited_whatever_the_emails(throttled_app):
    client = throttled_app(**LIMITS).test_client()
    answers = [post(client, "login", login_body(f"user{i}@example.com")) for i in range(5)]

    assert [answer.status_code for answer in answers[:4]] == [401] * 4
    assert_rate_limited(answers[4])
    other = post(client, "login", login_body("user9@example.com"), "192.0.2.200")
    assert other.status_code == 401


def test_unknown_and_known_emails_are_throttled_alike(throttled_app, register):
    client = throttled_app(**LIMITS).test_client()
    register("known@example.com")

    known = [
        post(client, "login", login_body("known@example.com"), f"10.0.0.{i}") for i in range(3)
    ]
    unknown = [
        post(client, "login", login_body("ghost@example.com"), f"10.1.0.{i}") for i in range(3)
    ]

    assert [answer.status_code for answer in known] == [401, 401, 429]
    assert [(answer.status_code, answer.data) for answer in known] == [
        (answer.status_code, answer.data) for answer in unknown
    ]


@pytest.mark.parametrize(
    ("path", "body", "statuses"),
    [
        ("register", {"email": "new@example.com", "password": PASSWORD, "name": "N"}, [201, 409]),
        ("forgot", {"email": "new@example.com"}, [202, 202]),
    ],
)
def test_register_and_forgot_are_limited_per_email(throttled_app, path, body, statuses):
    client = throttled_app(**LIMITS).test_client()
    answers = [post(client, path, body, f"10.2.0.{i}") for i in range(3)]

    assert [answer.status_code for answer in answers[:2]] == statuses
    assert_rate_limited(answers[2])


def test_reset_is_limited_per_address(throttled_app):
    client = throttled_app(**LIMITS).test_client()
    bodies = [{"token": f"not-a-token-{i}", "new_password": PASSWORD} for i in range(5)]
    answers = [post(client, "reset", body) for body in bodies]

    assert [answer.status_code for answer in answers[:4]] == [422] * 4
    assert_rate_limited(answers[4])


@pytest.mark.parametrize(
    "body",
    [{"email": 5, "password": "p"}, {"password": "p"}, ["a@example.com"], "a@example.com"],
)
def test_a_body_without_a_text_email_is_counted_and_refused_not_a_500(throttled_app, body):
    client = throttled_app(**LIMITS).test_client()
    answers = [post(client, "login", body) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [422, 422, 429]


def test_a_lone_surrogate_in_the_email_is_not_a_500(throttled_app):
    client = throttled_app(**LIMITS).test_client()
    raw = '{"email": "a\\ud800@example.com", "password": "p"}'
    response = client.post("/api/auth/login", data=raw, content_type="application/json")

    assert response.status_code in {401, 422}


def test_routes_without_limits_are_not_counted(throttled_app, make_headers):
    client = throttled_app(**LIMITS).test_client()
    headers = make_headers()

    statuses = {client.get("/api/statuses", headers=headers).status_code for _ in range(6)}

    assert statuses == {200}


def test_with_ratelimit_enabled_off_nothing_is_limited(throttled_app):
    client = throttled_app(**LIMITS, RATELIMIT_ENABLED=False).test_client()
    answers = [post(client, "login", login_body(f"off{i % 2}@example.com")) for i in range(6)]

    assert [answer.status_code for answer in answers] == [401] * 6


def test_counters_that_cannot_be_reached_are_a_503_in_the_envelope(throttled_app):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    client = throttled_app(**LIMITS, RATELIMIT_STORAGE_URL=closed).test_client()

    response = post(client, "login", login_body("ada@example.com"))

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "unavailable"
    assert response.headers["Retry-After"] == "2"
