"""Bad tokens on every authenticated route: each answers 401 in the envelope and does nothing.

tests/api/test_tokens.py checks each forgery in depth on the profile route; here each one
is tried on every operation the OpenAPI document marks as needing a token, against the
token holder's own records (so a route that skipped authentication would answer 2xx).
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from typing import Any

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import PASSWORD
from tests.security.helpers import (
    Account,
    AccountFactory,
    assert_envelope,
    bearer,
    fill_path,
)

OTHER_KEY = "a-different-signing-key-that-is-long-enough-0123456789"
REFRESH_ROUTE = ("POST", "/api/auth/refresh")
ANY_401 = ("unauthorized", "token_expired", "token_revoked")


def claims_of(token: str) -> dict[str, Any]:
    """A token's claims, read without checking the signature."""
    return jwt.decode(token, options={"verify_signature": False})


def segment(data: dict[str, Any]) -> str:
    """base64url JSON without padding, as in a JWT."""
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Tokens:
    """A genuine token (access or refresh) and what it is checked against."""

    app: Flask
    genuine: str
    wrong_type: str
    revoked: str
    deleted_user: str
    victim_id: int

    def signed(self, claims: dict[str, Any], key: str | None = None) -> str:
        """`claims` signed with HS256 by the app's key (or `key`)."""
        return jwt.encode(claims, key or self.app.config["JWT_SECRET_KEY"], algorithm="HS256")

    def forgeries(self) -> dict[str, tuple[str | None, tuple[str, ...]]]:
        """Forgery name -> (token or None for no header, the 401 codes it may answer)."""
        claims = claims_of(self.genuine)
        header, _payload, signature = self.genuine.split(".")
        now = int(time.time())
        return {
            "missing": (None, ("unauthorized",)),
            "alg_none": (f"{segment({'alg': 'none', 'typ': 'JWT'})}.{segment(claims)}.", ()),
            "wrong_key": (self.signed(claims, OTHER_KEY), ("unauthorized",)),
            "tampered_sub": (
                f"{header}.{segment({**claims, 'sub': str(self.victim_id)})}.{signature}",
                ("unauthorized",),
            ),
            "expired": (
                self.signed({**claims, "iat": now - 120, "nbf": now - 120, "exp": now - 60}),
                ("token_expired",),
            ),
            "revoked": (self.revoked, ("token_revoked",)),
            "wrong_type": (self.wrong_type, ("unauthorized",)),
            "deleted_user": (self.deleted_user, ()),
        }


@pytest.fixture
def holder(accounts: AccountFactory) -> Account:
    """A token holder with one record of every kind."""
    return accounts.furnish(accounts.account("holder"), marked=False)


@pytest.fixture
def token_sets(
    app: Flask, accounts: AccountFactory, holder: Account, client: FlaskClient, sql
) -> dict[str, Tokens]:
    """Forgeries of the holder's access token and of its refresh token."""
    revoked = accounts.login(holder.email)
    logout = client.post("/api/auth/logout", headers=bearer(revoked["access_token"]))
    assert logout.status_code == 204
    gone = accounts.account("deleted")
    sql("DELETE FROM users WHERE id = :id", id=gone.id)
    victim = accounts.account("victim")
    return {
        "access": Tokens(
            app,
            holder.access_token,
            wrong_type=holder.refresh_token,
            revoked=revoked["access_token"],
            deleted_user=gone.access_token,
            victim_id=victim.id,
        ),
        "refresh": Tokens(
            app,
            holder.refresh_token,
            wrong_type=holder.access_token,
            revoked=revoked["refresh_token"],
            deleted_user=gone.refresh_token,
            victim_id=victim.id,
        ),
    }


def authenticated(operations: list[tuple[str, str, dict[str, Any]]]) -> list[tuple[str, str]]:
    """The (METHOD, path) of every operation documented as needing a token."""
    return [(method, path) for method, path, operation in operations if operation.get("security")]


def call(client: FlaskClient, method: str, url: str, token: str | None) -> TestResponse:
    """`method url` with `token` as Bearer (no Authorization header when None)."""
    return client.open(url, method=method, headers=bearer(token) if token else {})


def test_every_route_but_register_and_login_needs_a_token(operations):
    public = {f"{method} {path}" for method, path, op in operations if not op.get("security")}

    assert public == {
        "GET /api/auth/registration",
        "POST /api/auth/register",
        "POST /api/auth/login",
        "POST /api/auth/forgot",
        "POST /api/auth/reset",  # the mailed token is the credential
        "GET /calendar/{secret}.ics",  # the secret in the address is the credential
    }


def test_a_bad_token_is_refused_on_every_authenticated_route(
    client: FlaskClient, operations, holder: Account, token_sets, sql, subtests
):
    forgeries = {kind: tokens.forgeries() for kind, tokens in token_sets.items()}
    for forgery in forgeries["access"]:
        with subtests.test(msg=forgery):
            failures = []
            for method, path in authenticated(operations):
                kind = "refresh" if (method, path) == REFRESH_ROUTE else "access"
                token, codes = forgeries[kind][forgery]
                response = call(client, method, fill_path(path, holder), token)
                try:
                    assert_envelope(response, 401, *(codes or ANY_401))
                    assert set(response.get_json()["error"]) == {"code", "message"}
                except AssertionError as error:
                    failures.append(f"{method} {path}: {error}")

            assert not failures, "\n".join(failures)

    for path in (
        "/api/jobs/{job_id}",
        "/api/applications/{application_id}",
        "/api/resumes/{resume_id}",
        "/api/analyses/{analysis_id}",
    ):
        assert client.get(fill_path(path, holder), headers=holder.headers).status_code == 200
    entry = sql("SELECT requeued_at FROM dead_letters WHERE id = :id", id=holder.dead_letter_id)
    assert [tuple(row) for row in entry] == [(None,)]


STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def cookie_login(client: FlaskClient, email: str) -> None:
    """Log in as a browser does: tokens in HttpOnly cookies."""
    body = {"email": email, "password": PASSWORD, "cookies": True}
    assert client.post("/api/auth/login", json=body).status_code == 200


@pytest.mark.parametrize("csrf", [None, "forged-csrf-value"])
def test_a_cookie_without_its_csrf_header_changes_nothing_on_any_route(
    app: Flask, operations, holder: Account, csrf: str | None
):
    browser = app.test_client()
    cookie_login(browser, holder.email)
    headers = {"X-CSRF-TOKEN": csrf} if csrf else {}
    failures = []

    for method, path in authenticated(operations):
        if method not in STATE_CHANGING:
            continue
        response = browser.open(fill_path(path, holder), method=method, headers=headers)
        if response.status_code != 401:
            failures.append(f"{method} {path}: {response.status_code}")

    assert not failures, "\n".join(failures)
    assert browser.get("/api/user/profile").status_code == 200
    token = browser.get_cookie("csrf_access_token").value
    created = browser.post(
        "/api/jobs",
        json={"company": "C", "position": "P", "description": "D"},
        headers={"X-CSRF-TOKEN": token},
    )
    assert created.status_code == 201
