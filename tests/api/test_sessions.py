"""The caller's login sessions and password: listing, ending one or all the others, and
changing the password, each ending the tokens at once on every web process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient

from jatify import create_app
from jatify.extensions import db
from tests.conftest import PASSWORD

SESSIONS = "/api/user/sessions"
PROFILE = "/api/user/profile"
NEW_PASSWORD = "seven quiet herons at dawn"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0"


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    """Bearer headers of a login's access token."""
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def sid(tokens: dict[str, Any]) -> str:
    """The login session of a token answer."""
    return jwt.decode(tokens["access_token"], options={"verify_signature": False})["sid"]


def assert_revoked(response: Any) -> None:
    """401 token_revoked in the envelope."""
    assert response.status_code == 401, response.get_json()
    assert response.get_json()["error"]["code"] == "token_revoked"


@pytest.fixture
def log_in_as(client: FlaskClient) -> Callable[..., dict[str, Any]]:
    """Log in with a User-Agent: the token answer."""

    def log_in_as(email: str, user_agent: str = FIREFOX, password: str = PASSWORD) -> dict:
        response = client.post(
            "/api/auth/login",
            json={"email": email, "password": password},
            headers={"User-Agent": user_agent},
        )
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return log_in_as


@pytest.fixture
def other_process(app: Flask, app_config: dict[str, Any]) -> Iterator[FlaskClient]:
    """A client of a second app: another web process, with a session cache of its own."""
    second = create_app(app_config)
    yield second.test_client()
    with second.app_context():
        db.engine.dispose()


def test_sessions_lists_the_live_logins_with_their_browser(
    client: FlaskClient, register, log_in_as, sql
):
    email = register()["email"]
    phone = log_in_as(email, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1")
    laptop = log_in_as(email, "x" * 1000)
    ended = log_in_as(email)
    assert client.post("/api/auth/logout", headers=bearer(ended)).status_code == 204
    expired = log_in_as(email)
    sql(
        "UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE id = :id",
        id=sid(expired),
    )

    response = client.get(SESSIONS, headers=bearer(laptop))

    assert response.status_code == 200
    items = response.get_json()["items"]
    assert {item["id"] for item in items} == {sid(phone), sid(laptop)}
    by_id = {item["id"]: item for item in items}
    assert set(by_id[sid(laptop)]) == {"id", "created_at", "last_used_at", "user_agent", "current"}
    assert by_id[sid(laptop)]["current"] is True
    assert by_id[sid(phone)]["current"] is False
    assert by_id[sid(laptop)]["user_agent"] == "x" * 300
    assert "iPhone" in by_id[sid(phone)]["user_agent"]
    assert by_id[sid(phone)]["created_at"].endswith("+00:00")


def test_ending_one_session_ends_its_tokens_at_once_on_every_process(
    client: FlaskClient, other_process: FlaskClient, register, log_in_as
):
    email = register()["email"]
    mine, lost_phone = log_in_as(email), log_in_as(email)
    assert other_process.get(PROFILE, headers=bearer(lost_phone)).status_code == 200

    response = client.delete(f"{SESSIONS}/{sid(lost_phone)}", headers=bearer(mine))

    assert response.status_code == 204
    assert_revoked(other_process.get(PROFILE, headers=bearer(lost_phone)))
    assert_revoked(client.get(PROFILE, headers=bearer(lost_phone)))
    refreshed = client.post(
        "/api/auth/refresh", headers={"Authorization": f"Bearer {lost_phone['refresh_token']}"}
    )
    assert_revoked(refreshed)
    assert client.get(PROFILE, headers=bearer(mine)).status_code == 200


def test_another_accounts_session_or_an_unknown_one_is_not_found(
    client: FlaskClient, register, log_in_as
):
    mine = log_in_as(register()["email"])
    theirs = log_in_as(register()["email"])

    for session_id in (sid(theirs), "00000000-0000-4000-8000-000000000000"):
        response = client.delete(f"{SESSIONS}/{session_id}", headers=bearer(mine))
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    assert client.get(PROFILE, headers=bearer(theirs)).status_code == 200
    assert client.delete(f"{SESSIONS}/not-a-uuid", headers=bearer(mine)).status_code == 404


def test_ending_every_other_session_keeps_the_callers(
    client: FlaskClient, other_process: FlaskClient, register, log_in_as
):
    email = register()["email"]
    mine = log_in_as(email)
    others = [log_in_as(email) for _ in range(3)]
    stranger = log_in_as(register()["email"])
    for tokens in others:
        assert other_process.get(PROFILE, headers=bearer(tokens)).status_code == 200

    response = client.delete(SESSIONS, headers=bearer(mine))

    assert response.status_code == 204
    for tokens in others:
        assert_revoked(other_process.get(PROFILE, headers=bearer(tokens)))
    assert client.get(PROFILE, headers=bearer(mine)).status_code == 200
    assert client.get(PROFILE, headers=bearer(stranger)).status_code == 200
    items = client.get(SESSIONS, headers=bearer(mine)).get_json()["items"]
    assert [item["id"] for item in items] == [sid(mine)]


def test_changing_the_password_ends_the_other_sessions_only(
    client: FlaskClient, other_process: FlaskClient, register, log_in_as, login
):
    email = register()["email"]
    mine, other = log_in_as(email), log_in_as(email)
    assert other_process.get(PROFILE, headers=bearer(other)).status_code == 200

    response = client.post(
        "/api/user/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(mine),
    )

    assert response.status_code == 204
    assert_revoked(other_process.get(PROFILE, headers=bearer(other)))
    assert client.get(PROFILE, headers=bearer(mine)).status_code == 200
    old = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert old.status_code == 401
    assert login(email, NEW_PASSWORD)["user"]["email"] == email


def test_a_wrong_current_password_is_forbidden_and_changes_nothing(
    client: FlaskClient, register, log_in_as, login
):
    email = register()["email"]
    mine, other = log_in_as(email), log_in_as(email)

    response = client.post(
        "/api/user/password",
        json={"current_password": "not my password at all", "new_password": NEW_PASSWORD},
        headers=bearer(mine),
    )

    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert client.get(PROFILE, headers=bearer(other)).status_code == 200
    assert login(email)["user"]["email"] == email


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"current_password": PASSWORD, "new_password": "password1"}, "new_password"),
        ({"current_password": PASSWORD, "new_password": " " * 12}, "new_password"),
        ({"current_password": PASSWORD, "new_password": "short"}, "new_password"),
        ({"new_password": NEW_PASSWORD}, "current_password"),
        ({"current_password": PASSWORD, "new_password": NEW_PASSWORD, "x": 1}, "x"),
    ],
)
def test_a_password_change_validates_its_body(
    client: FlaskClient, register, log_in_as, body: dict, field: str
):
    mine = log_in_as(register()["email"])

    response = client.post("/api/user/password", json=body, headers=bearer(mine))

    assert response.status_code == 422
    assert field in response.get_json()["error"]["details"]
