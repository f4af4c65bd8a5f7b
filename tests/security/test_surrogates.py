"""Lone UTF-16 surrogates: a JSON escape such as "\\ud800" decodes to text with no UTF-8
form; it is refused with 422 wherever NUL is, never a 500.

Issue #11, defect 6: `{"company": "A\\ud800"}`, also in the unauthenticated login email,
answered 500 with a traceback in the log.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.security.helpers import Account, AccountFactory, assert_envelope, fill_path
from tests.security.test_input import Sender, json_operations

LONE = "A\ud800"


@pytest.fixture
def owner(accounts: AccountFactory) -> Account:
    """An account with one record of every kind."""
    return accounts.furnish(accounts.account("owner"), marked=False)


@pytest.fixture
def sender(client: FlaskClient, owner: Account) -> Sender:
    """Bodies for the owner's records with one field replaced."""
    return Sender(client, owner)


def post_json(client: FlaskClient, url: str, body: Any, headers: dict | None = None, method="POST"):
    """Send `body` as the JSON a client's encoder writes: a lone surrogate as a \\u escape
    (the app's own encoder, orjson, refuses to write one)."""
    headers = {**(headers or {}), "Content-Type": "application/json"}
    return client.open(url, method=method, data=json.dumps(body), headers=headers)


def refused_field(response, name: str) -> bool:
    """Whether `response` is the 422 envelope naming field `name`."""
    body = assert_envelope(response, 422, "validation_error")
    return name in body.get("details", {})


@pytest.mark.parametrize("email", ["a\ud800@example.com", "\udfff@example.com"])
def test_a_surrogate_in_the_login_email_is_refused(client: FlaskClient, email: str):
    response = post_json(client, "/api/auth/login", {"email": email, "password": PASSWORD})

    assert refused_field(response, "email")


def test_a_surrogate_in_a_registration_is_refused(client: FlaskClient):
    for field in ("email", "name", "password"):
        body = {"email": "new@example.com", "name": "New User", "password": PASSWORD}
        body[field] = body[field] + "\ud83d"  # half of an emoji's pair
        response = post_json(client, "/api/auth/register", body)
        assert refused_field(response, field), field


def test_a_surrogate_in_any_string_of_any_json_body_is_refused(
    client: FlaskClient, openapi, operations, sender: Sender, subtests
):
    for route, method, path, properties in json_operations(openapi, operations):
        with subtests.test(msg=route):
            failures = []
            for name, schema in properties.items():
                if schema["type"] not in ("string", "array"):
                    continue
                value = [LONE] if schema["type"] == "array" else LONE
                body = {**sender.bases[f"{method} {path}"](), name: value}
                url = fill_path(path, sender.owner)
                response = post_json(client, url, body, sender.owner.headers, method)
                if response.status_code != 422 or not refused_field(response, name):
                    failures.append(f"{route} {name}: {response.status_code}")
            assert not failures, "\n".join(failures)


def test_a_surrogate_deep_in_a_body_or_in_a_key_is_refused(client: FlaskClient, owner: Account):
    bodies = [
        {"company": "C", "position": "P", "description": {"deep": [["x", "\udc00"]]}},
        {"company": "C", "position": "P", "\ud800": "key"},
    ]
    for body in bodies:
        response = post_json(client, "/api/jobs", body, owner.headers)
        assert_envelope(response, 422, "validation_error")


def test_a_surrogate_nested_deep_is_refused_without_overflowing(
    client: FlaskClient, owner: Account
):
    nested: Any = LONE
    for _ in range(500):
        nested = [nested]
    body = {"company": "C", "position": "P", "description": nested}
    response = post_json(client, "/api/jobs", body, owner.headers)
    assert refused_field(response, "description")


def test_paired_surrogate_escapes_are_ordinary_text(client: FlaskClient, owner: Account):
    raw = json.dumps({"company": "Acme \U0001f680", "position": "P", "description": "D"})
    assert "\\ud83d\\ude80" in raw  # the escaped pair a JSON encoder sends
    response = client.post(
        "/api/jobs",
        data=raw,
        headers={**owner.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["company"] == "Acme \U0001f680"


def test_undecodable_bytes_in_a_query_string_or_path_are_no_server_error(
    client: FlaskClient, owner: Account
):
    for url in (
        "/api/jobs?q=%ED%A0%80",
        "/api/jobs?q=%FF",
        "/api/%ED%A0%80",
        "/api/jobs/%ED%A0%80",
    ):
        response = client.get(url, headers=owner.headers)
        assert response.status_code < 500, url
        assert response.is_json, url
