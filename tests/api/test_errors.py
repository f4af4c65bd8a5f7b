"""The one error envelope (routing, 500s without leaks), health probes and API docs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from jatify import create_app
from jatify.errors import Conflict
from jatify.extensions import db

AUTH_ROUTES = {
    "/api/auth/register": "post",
    "/api/auth/login": "post",
    "/api/auth/refresh": "post",
    "/api/auth/logout": "post",
    "/api/user/profile": "get",
}
LEAKS = ("Traceback", "SELECT", "no_such_table", "psycopg2", "sqlalchemy", 'File "', "secret-")


def assert_envelope(response: Any, status: int, code: str) -> dict[str, Any]:
    """The answer is `status` with `{"error": {"code": code, "message", ...}}` as JSON."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    return body["error"]


@pytest.fixture
def failing_app(app: Flask, app_config: dict[str, Any]) -> Iterator[Flask]:
    """A fresh app with routes that fail in the ways a handler can, answering (not raising)."""
    failing = create_app({**app_config, "PROPAGATE_EXCEPTIONS": False})

    @failing.get("/boom/runtime")
    def boom_runtime() -> None:
        raise RuntimeError("secret-detail: password=hunter2 SELECT * FROM users")

    @failing.get("/boom/sql")
    def boom_sql() -> None:
        db.session.execute(text("SELECT secret FROM no_such_table"))

    @failing.get("/boom/conflict")
    def boom_conflict() -> None:
        raise Conflict("Deliberate conflict", details={"field": ["taken"]})

    yield failing
    with failing.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("path", ["/api/nowhere", "/nowhere", "/api/auth/register/extra"])
def test_unknown_route_is_a_not_found_envelope(client: FlaskClient, path: str):
    assert_envelope(client.get(path), 404, "not_found")


def test_wrong_method_is_a_method_not_allowed_envelope(client: FlaskClient):
    response = client.get("/api/auth/login")

    assert_envelope(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


def test_wrong_method_on_a_plain_route_is_an_envelope(client: FlaskClient):
    assert_envelope(client.post("/healthz"), 405, "method_not_allowed")


@pytest.mark.parametrize("path", ["/boom/runtime", "/boom/sql"])
def test_unexpected_errors_are_a_generic_500(
    failing_app: Flask, path: str, caplog: pytest.LogCaptureFixture
):
    with caplog.at_level(logging.ERROR, logger="jatify.errors"):
        response = failing_app.test_client().get(path)

    error = assert_envelope(response, 500, "internal_error")
    assert error == {"code": "internal_error", "message": "Internal server error"}
    answer = response.get_data(as_text=True)
    for leak in LEAKS:
        assert leak not in answer
    assert "unhandled error" in caplog.text


def test_the_app_still_answers_after_a_failed_sql_statement(failing_app: Flask):
    client = failing_app.test_client()
    assert client.get("/boom/sql").status_code == 500

    response = client.post(
        "/api/auth/register",
        json={"email": "after@example.com", "password": "long-enough-pw", "name": "After"},
    )

    assert response.status_code == 201


def test_deliberate_errors_carry_their_code_and_details(failing_app: Flask):
    error = assert_envelope(failing_app.test_client().get("/boom/conflict"), 409, "conflict")

    assert error == {
        "code": "conflict",
        "message": "Deliberate conflict",
        "details": {"field": ["taken"]},
    }


def test_validation_errors_list_each_field(client: FlaskClient):
    response = client.post("/api/auth/login", json={"email": "", "extra": 1})

    error = assert_envelope(response, 422, "validation_error")
    assert set(error["details"]) == {"email", "password", "extra"}
    assert all(isinstance(messages, list) for messages in error["details"].values())


def test_malformed_json_is_a_bad_request_envelope(client: FlaskClient):
    response = client.post("/api/auth/login", data="{not json", content_type="application/json")

    assert_envelope(response, 400, "bad_request")


# --- probes and documentation -------------------------------------------------------


def test_healthz_answers_ok(client: FlaskClient):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_answers_ready_with_current_migrations(client: FlaskClient, app: Flask):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ready"
    with app.app_context():
        head = db.session.scalar(text("SELECT version_num FROM alembic_version"))
    assert body["migrations"] == [head]


def test_readyz_is_unavailable_when_migrations_are_behind(client: FlaskClient, app: Flask):
    with app.app_context():
        head = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        db.session.execute(text("UPDATE alembic_version SET version_num = 'older'"))
        db.session.commit()
    try:
        response = client.get("/readyz")
    finally:
        with app.app_context():
            db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
            db.session.commit()

    assert_envelope(response, 503, "unavailable")


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a `$ref` into the spec's components."""
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_openapi_documents_every_auth_route(client: FlaskClient):
    spec = client.get("/api/openapi.json").get_json()

    assert spec["openapi"].startswith("3.")
    for path, method in AUTH_ROUTES.items():
        assert method in spec["paths"][path], path
    register = spec["paths"]["/api/auth/register"]["post"]
    body = resolve(spec, register["requestBody"]["content"]["application/json"]["schema"])
    assert set(body["properties"]) == {"email", "password", "name", "username", "phone", "invite"}
    assert set(body["required"]) == {"email", "password", "name"}
    assert body["properties"]["password"]["minLength"] == 8
    assert body["properties"]["password"]["maxLength"] == 128
    assert {"201", "409", "422"} <= set(register["responses"])
    login = spec["paths"]["/api/auth/login"]["post"]
    body = resolve(spec, login["requestBody"]["content"]["application/json"]["schema"])
    assert set(body["properties"]) == {"email", "password", "cookies"}
    assert {"200", "401", "429"} <= set(login["responses"])
    answer = resolve(spec, login["responses"]["200"]["content"]["application/json"]["schema"])
    assert {"access_token", "refresh_token", "token_type", "expires_in", "user"} <= set(
        answer["properties"]
    )
    user = resolve(spec, answer["properties"]["user"])
    assert "password_hash" not in user["properties"]
    for path in ("/api/auth/refresh", "/api/auth/logout", "/api/user/profile"):
        operation = spec["paths"][path][AUTH_ROUTES[path]]
        assert operation["security"] == [{"bearerAuth": []}], path
    assert "204" in spec["paths"]["/api/auth/logout"]["post"]["responses"]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_docs_page_is_served_with_local_assets(client: FlaskClient):
    page = client.get("/api/docs")

    assert page.status_code == 200
    assert page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "/api/openapi.json" in html
    assert '"/api/docs/assets/swagger-ui-bundle.js"' in html
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "<script>" not in html  # no inline script
    asset = client.get("/api/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200
    assert b"SwaggerUIBundle" in asset.data
    assert_envelope(client.get("/api/docs/assets/nothing-here.js"), 404, "not_found")


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("text/plain", '{"email": "a@example.com"}'), ("application/x-www-form-urlencoded", "a=b")],
)
def test_a_body_that_is_not_json_is_a_bad_request(client, content_type, body):
    response = client.post("/api/auth/register", data=body, content_type=content_type)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request"
    assert "application/json" in error["message"]
