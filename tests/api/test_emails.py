"""One normalised email (NFKC, case-folded) for uniqueness and every lookup: emails whose
letters SQL's lower() and Python's disagree on register, log in, and collide as they
should (defect 5)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import PASSWORD


def register(client: FlaskClient, email: str) -> object:
    """POST /api/auth/register for `email`."""
    body = {"email": email, "password": PASSWORD, "name": "Unicode"}
    return client.post("/api/auth/register", json=body)


def log_in(client: FlaskClient, email: str) -> object:
    """POST /api/auth/login for `email`."""
    return client.post("/api/auth/login", json={"email": email, "password": PASSWORD})


@pytest.mark.parametrize(
    "email", ["ΟΔΟΣ@example.com", "İSTANBUL@example.com", "straße@example.com"]
)
def test_an_email_sql_lowers_differently_registers_and_logs_in(client: FlaskClient, email: str):
    assert register(client, email).status_code == 201

    response = log_in(client, email)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["user"]["email"] == email


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ΟΔΟΣ@example.com", "οδος@example.com"),
        ("οδοσ@example.com", "ΟΔΟΣ@EXAMPLE.COM"),
        ("ada@example.com", "\uff21\uff24\uff21@example.com"),  # fullwidth: the same under NFKC
        ("STRASSE@example.com", "straße@example.com"),
    ],
)
def test_two_spellings_of_one_email_are_one_account(client: FlaskClient, first: str, second: str):
    assert register(client, first).status_code == 201

    taken = register(client, second)

    assert taken.status_code == 409
    assert taken.get_json()["error"]["code"] == "email_taken"
    logged_in = log_in(client, second)
    assert logged_in.status_code == 200
    assert logged_in.get_json()["user"]["email"] == first


def test_the_key_is_stored_beside_the_email_as_typed(client: FlaskClient, sql):
    assert register(client, "Ἀθῆναι@Example.com").status_code == 201

    [row] = sql("SELECT email, email_key FROM users")

    assert row.email == "Ἀθῆναι@Example.com"
    assert row.email_key == "ἀθῆναι@example.com"
