"""Cookie mode for browsers: login with "cookies": true, CSRF double submit, refresh, logout.

Bearer clients are unaffected; the browser is just another client of the same API.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from jatify import create_app
from tests.conftest import PASSWORD


def set_cookies(response: Any) -> dict[str, str]:
    """The Set-Cookie headers of an answer, by cookie name."""
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        cookies[header.split("=", 1)[0]] = header
    return cookies


def cookie_login(client: FlaskClient, email: str) -> Any:
    response = client.post(
        "/api/auth/login", json={"email": email, "password": PASSWORD, "cookies": True}
    )
    assert response.status_code == 200, response.get_json()
    return response


def csrf_header(client: FlaskClient, name: str = "csrf_access_token") -> dict[str, str]:
    cookie = client.get_cookie(name)
    assert cookie is not None, f"no {name} cookie"
    return {"X-CSRF-TOKEN": cookie.value}


def test_cookie_login_sets_httponly_cookies_and_returns_no_token(client, register):
    user = register()
    response = cookie_login(client, user["email"])

    body = response.get_json()
    assert body["user"]["email"] == user["email"]
    assert "access_token" not in body and "refresh_token" not in body
    cookies = set_cookies(response)
    assert set(cookies) == {
        "access_token_cookie",
        "refresh_token_cookie",
        "csrf_access_token",
        "csrf_refresh_token",
    }
    for name in ("access_token_cookie", "refresh_token_cookie"):
        assert "HttpOnly" in cookies[name]
    for name in ("csrf_access_token", "csrf_refresh_token"):
        assert "HttpOnly" not in cookies[name]
    for header in cookies.values():
        assert "SameSite=Lax" in header
        assert "Secure" not in header
    assert "Path=/;" in cookies["access_token_cookie"]
    assert "Path=/api/auth/" in cookies["refresh_token_cookie"]
    assert "Max-Age=900" in cookies["access_token_cookie"]


def test_cookies_are_secure_in_production(app_config):
    config = create_app({**app_config, "JATIFY_ENV": "production"}).config
    assert config["JWT_COOKIE_SECURE"] is True
    assert config["JWT_COOKIE_CSRF_PROTECT"] is True
    assert create_app(app_config).config["JWT_COOKIE_SECURE"] is False


def test_the_access_cookie_authenticates_reads_without_csrf(client, register):
    user = register()
    cookie_login(client, user["email"])
    response = client.get("/api/user/profile")
    assert response.status_code == 200
    assert response.get_json()["email"] == user["email"]


@pytest.mark.parametrize("header", [None, "not-the-token"])
def test_a_write_with_the_cookie_needs_the_csrf_header(client, register, header):
    user = register()
    cookie_login(client, user["email"])
    headers = {"X-CSRF-TOKEN": header} if header else {}
    job = {"company": "Acme", "position": "Engineer", "description": "Python"}

    refused = client.post("/api/jobs", json=job, headers=headers)
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "unauthorized"
    assert "X-CSRF-TOKEN" in refused.get_json()["error"]["message"]

    accepted = client.post("/api/jobs", json=job, headers=csrf_header(client))
    assert accepted.status_code == 201, accepted.get_json()


def test_refresh_with_the_cookie_sets_new_access_and_refresh_cookies(client, register):
    user = register()
    cookie_login(client, user["email"])
    old_access = client.get_cookie("access_token_cookie").value
    old_refresh = client.get_cookie("refresh_token_cookie", path="/api/auth/").value

    without_csrf = client.post("/api/auth/refresh")
    assert without_csrf.status_code == 401

    response = client.post("/api/auth/refresh", headers=csrf_header(client, "csrf_refresh_token"))
    assert response.status_code == 200, response.get_json()
    assert "access_token" not in response.get_json()
    assert "refresh_token" not in response.get_json()
    assert response.get_json()["token_type"] == "Bearer"
    assert set(set_cookies(response)) == {
        *("access_token_cookie", "csrf_access_token"),
        *("refresh_token_cookie", "csrf_refresh_token"),
    }
    assert client.get_cookie("access_token_cookie").value != old_access
    assert client.get_cookie("refresh_token_cookie", path="/api/auth/").value != old_refresh
    assert client.get("/api/user/profile").status_code == 200


def test_logout_revokes_the_session_and_clears_the_cookies(client, register):
    user = register()
    cookie_login(client, user["email"])
    access = client.get_cookie("access_token_cookie").value

    response = client.post("/api/auth/logout", headers=csrf_header(client))
    assert response.status_code == 204
    cleared = set_cookies(response)
    assert {"access_token_cookie", "refresh_token_cookie", "csrf_access_token"} <= set(cleared)
    assert all("expires=thu, 01 jan 1970" in header.lower() for header in cleared.values())
    assert client.get_cookie("access_token_cookie") is None

    # The old cookie, replayed, is refused: the session itself was revoked.
    client.set_cookie("access_token_cookie", access)
    replayed = client.get("/api/user/profile")
    assert replayed.status_code == 401
    assert replayed.get_json()["error"]["code"] == "token_revoked"


def test_bearer_login_is_unchanged(client, register, login):
    user = register()
    response = client.post("/api/auth/login", json={"email": user["email"], "password": PASSWORD})
    body = response.get_json()
    assert {"access_token", "refresh_token", "token_type", "expires_in", "user"} <= set(body)
    assert "Set-Cookie" not in response.headers
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    job = {"company": "Acme", "position": "Engineer", "description": "Python"}
    assert client.post("/api/jobs", json=job, headers=headers).status_code == 201


def test_the_login_schema_documents_cookie_mode(client):
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    login = schemas["Login"]["properties"]
    assert login["cookies"]["type"] == "boolean"
    assert "HttpOnly" in login["cookies"]["description"]
    assert "cookies" not in schemas["Login"].get("required", [])
