"""Tokens: refresh, logout revocation per login, and every kind of bad or forged token."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from jatify.extensions import db

PROFILE = "/api/user/profile"
OTHER_KEY = "another-signing-key-that-is-also-long-enough-0123456789"


def bearer(token: str) -> dict[str, str]:
    """Authorization header for `token`."""
    return {"Authorization": f"Bearer {token}"}


def claims_of(token: str) -> dict[str, Any]:
    """The token's claims, read without checking the signature."""
    return jwt.decode(token, options={"verify_signature": False})


def b64(data: dict[str, Any]) -> str:
    """base64url JSON without padding, as in a JWT segment."""
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def assert_unauthorized(response: Any, *codes: str) -> None:
    """A 401 in the envelope, with one of `codes` (any 401 code when none given)."""
    assert response.status_code == 401
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] in (codes or ("unauthorized", "token_expired", "token_revoked"))
    assert body["error"]["message"]


@pytest.fixture
def session_tokens(register: Callable, login: Callable) -> dict[str, Any]:
    """A user and the token answer of one login."""
    user = register("tok@example.com")
    return {"user": user, **login(user["email"])}


# --- refresh ------------------------------------------------------------------------


def test_refresh_token_gives_a_working_access_token(client: FlaskClient, session_tokens):
    response = client.post("/api/auth/refresh", headers=bearer(session_tokens["refresh_token"]))

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 15 * 60
    claims = claims_of(body["access_token"])
    assert claims["type"] == "access"
    assert claims["sid"] == claims_of(session_tokens["access_token"])["sid"]
    profile = client.get(PROFILE, headers=bearer(body["access_token"]))
    assert profile.status_code == 200
    assert profile.get_json()["id"] == session_tokens["user"]["id"]


def test_access_token_cannot_refresh(client: FlaskClient, session_tokens):
    response = client.post("/api/auth/refresh", headers=bearer(session_tokens["access_token"]))

    assert_unauthorized(response, "unauthorized")


def test_refresh_token_is_not_an_access_token(client: FlaskClient, session_tokens):
    response = client.get(PROFILE, headers=bearer(session_tokens["refresh_token"]))

    assert_unauthorized(response, "unauthorized")


def test_refresh_needs_a_token(client: FlaskClient):
    assert_unauthorized(client.post("/api/auth/refresh"), "unauthorized")


# --- logout -------------------------------------------------------------------------


def test_logout_revokes_that_login_only(client: FlaskClient, session_tokens, login):
    other = login("tok@example.com")
    refreshed = client.post(
        "/api/auth/refresh", headers=bearer(session_tokens["refresh_token"])
    ).get_json()["access_token"]

    response = client.post("/api/auth/logout", headers=bearer(session_tokens["access_token"]))

    assert response.status_code == 204
    assert response.data == b""
    assert_unauthorized(
        client.get(PROFILE, headers=bearer(session_tokens["access_token"])), "token_revoked"
    )
    assert_unauthorized(client.get(PROFILE, headers=bearer(refreshed)), "token_revoked")
    assert_unauthorized(
        client.post("/api/auth/refresh", headers=bearer(session_tokens["refresh_token"])),
        "token_revoked",
    )
    assert_unauthorized(
        client.post("/api/auth/logout", headers=bearer(session_tokens["access_token"])),
        "token_revoked",
    )
    assert client.get(PROFILE, headers=bearer(other["access_token"])).status_code == 200
    again = client.post("/api/auth/refresh", headers=bearer(other["refresh_token"]))
    assert again.status_code == 200
    assert client.get(PROFILE, headers=bearer(again.get_json()["access_token"])).status_code == 200


def test_a_request_checks_its_login_in_one_query_and_sees_logout_at_once(
    client: FlaskClient, session_tokens, count_queries
):
    headers = bearer(session_tokens["access_token"])
    with count_queries() as counted:
        assert client.get("/api/applications", headers=headers).status_code == 200
    # An account lookup is a statement of its own (the list reads the account's time zone
    # inside its one statement).
    auth = [s for s in counted.statements if "auth_sessions" in s or s.startswith("SELECT users.")]

    assert len(auth) == 1
    assert client.post("/api/auth/logout", headers=headers).status_code == 204
    assert_unauthorized(client.get("/api/applications", headers=headers), "token_revoked")


def test_logout_needs_an_access_token(client: FlaskClient, session_tokens):
    response = client.post("/api/auth/logout", headers=bearer(session_tokens["refresh_token"]))

    assert_unauthorized(response, "unauthorized")
    assert client.get(PROFILE, headers=bearer(session_tokens["access_token"])).status_code == 200


# --- bad and forged tokens ----------------------------------------------------------


def signed(app: Flask, claims: dict[str, Any], key: str | None = None) -> str:
    """`claims` signed with HS256 by the app's key (or `key`)."""
    return jwt.encode(claims, key or app.config["JWT_SECRET_KEY"], algorithm="HS256")


def test_a_token_crafted_with_the_right_key_and_claims_is_accepted(
    app: Flask, client: FlaskClient, session_tokens
):
    """Control for the forgeries below: re-signing genuine claims yields a working token."""
    token = signed(app, claims_of(session_tokens["access_token"]))

    assert client.get(PROFILE, headers=bearer(token)).status_code == 200


def forge_alg_none(app: Flask, tokens: dict[str, Any]) -> str:
    claims = claims_of(tokens["access_token"])
    return f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."


def forge_other_key(app: Flask, tokens: dict[str, Any]) -> str:
    return signed(app, claims_of(tokens["access_token"]), OTHER_KEY)


def forge_other_sub(app: Flask, tokens: dict[str, Any]) -> str:
    header, _payload, signature = tokens["access_token"].split(".")
    claims = {**claims_of(tokens["access_token"]), "sub": str(tokens["victim_id"])}
    return f"{header}.{b64(claims)}.{signature}"


def forge_expired(app: Flask, tokens: dict[str, Any]) -> str:
    now = int(time.time())
    claims = {**claims_of(tokens["access_token"]), "iat": now - 120, "nbf": now - 120}
    return signed(app, {**claims, "exp": now - 60})


def forge_without_sid(app: Flask, tokens: dict[str, Any]) -> str:
    claims = claims_of(tokens["access_token"])
    del claims["sid"]
    return signed(app, claims)


def forge_unknown_sid(app: Flask, tokens: dict[str, Any]) -> str:
    return signed(app, {**claims_of(tokens["access_token"]), "sid": str(uuid.uuid4())})


def forge_sid_of_another_user(app: Flask, tokens: dict[str, Any]) -> str:
    """The right key, the victim as subject, but the attacker's own login session."""
    return signed(app, {**claims_of(tokens["access_token"]), "sub": str(tokens["victim_id"])})


def forge_without_sub(app: Flask, tokens: dict[str, Any]) -> str:
    claims = claims_of(tokens["access_token"])
    del claims["sub"]
    return signed(app, claims)


@pytest.mark.parametrize(
    ("forge", "code"),
    [
        (forge_alg_none, "unauthorized"),
        (forge_other_key, "unauthorized"),
        (forge_other_sub, "unauthorized"),
        (forge_expired, "token_expired"),
        (forge_without_sid, None),
        (forge_unknown_sid, None),
        (forge_sid_of_another_user, None),
        (forge_without_sub, "unauthorized"),
    ],
)
def test_forged_tokens_are_refused(
    app: Flask, client: FlaskClient, register, session_tokens, forge, code: str | None
):
    victim = register("victim@example.com")
    token = forge(app, {**session_tokens, "victim_id": victim["id"]})

    response = client.get(PROFILE, headers=bearer(token))

    assert_unauthorized(response, *([code] if code else []))


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer garbage",
        "Bearer a.b.c",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "garbage",
    ],
)
def test_malformed_authorization_headers_are_refused(client: FlaskClient, authorization: str):
    response = client.get(PROFILE, headers={"Authorization": authorization})

    assert_unauthorized(response, "unauthorized")


def test_missing_authorization_is_refused(client: FlaskClient):
    assert_unauthorized(client.get(PROFILE), "unauthorized")


def test_tokens_of_a_deleted_user_are_refused(app: Flask, client: FlaskClient, session_tokens):
    with app.app_context():
        db.session.execute(
            text("DELETE FROM users WHERE id = :id"), {"id": session_tokens["user"]["id"]}
        )
        db.session.commit()

    assert_unauthorized(client.get(PROFILE, headers=bearer(session_tokens["access_token"])))
    assert_unauthorized(
        client.post("/api/auth/refresh", headers=bearer(session_tokens["refresh_token"]))
    )
