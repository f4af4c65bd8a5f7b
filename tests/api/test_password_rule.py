"""The rule for a new password (register, change, reset, the operators' commands): 8-128
characters, not only spaces, not easy to guess (zxcvbn), with a message saying why."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient


def register(client: FlaskClient, password: str) -> object:
    """POST /api/auth/register with `password`."""
    body = {"email": "rule@example.com", "password": password, "name": "Rule"}
    return client.post("/api/auth/register", json=body)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password1", "very common password"),
        ("qwertyuiop", "common password"),
        ("Password123!", "similar to a commonly used password"),
        ("abcdefgh", "Sequences"),
        ("zzzzzzzzzz", "Repeats"),
        (" " * 12, "only spaces"),
        ("x" * 7, "between 8 and 128"),
        ("correct horse battery staple " * 5, "between 8 and 128"),
    ],
)
def test_a_refused_password_says_why(client: FlaskClient, password: str, reason: str):
    response = register(client, password)

    assert response.status_code == 422
    messages = " ".join(response.get_json()["error"]["details"]["password"])
    assert reason in messages


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "tq8!Vw2z", "ochre lantern quietly folds " * 4],
)
def test_a_good_password_is_accepted(client: FlaskClient, password: str):
    assert register(client, password).status_code == 201


def test_the_rule_is_in_the_openapi_document(client: FlaskClient):
    spec = client.get("/api/openapi.json").get_json()
    schemas = spec["components"]["schemas"]

    for schema, field in (("Register", "password"), ("Reset", "new_password")):
        documented = schemas[schema]["properties"][field]
        assert (documented["minLength"], documented["maxLength"]) == (8, 128)
        assert "easy to guess" in documented["description"]
