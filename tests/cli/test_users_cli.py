"""`flask users create` and `flask users promote` against the real database."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from jatify.extensions import db

PASSWORD = "cli password 123"


def flask(app: Flask, *args: str) -> Result:
    """Run `flask <args>` against `app`."""
    return app.test_cli_runner().invoke(args=list(args))


def users(app: Flask) -> list[Any]:
    """Every users row, oldest first."""
    with app.app_context():
        rows = db.session.execute(text("SELECT * FROM users ORDER BY id")).all()
        db.session.remove()
    return rows


def create(app: Flask, email: str, *extra: str) -> Result:
    """`flask users create` with every option given."""
    options = ["--email", email, "--name", "Cli User", "--password", PASSWORD]
    return flask(app, "users", "create", *options, *extra)


def test_create_user_makes_an_account_that_can_log_in(app: Flask, client: FlaskClient):
    result = create(app, "cli@example.com")

    assert result.exit_code == 0, result.output
    assert "cli@example.com" in result.output
    [row] = users(app)
    assert (row.email, row.name, row.is_admin) == ("cli@example.com", "Cli User", False)
    assert PASSWORD not in row.password_hash
    login = client.post("/api/auth/login", json={"email": "cli@example.com", "password": PASSWORD})
    assert login.status_code == 200
    assert login.get_json()["user"]["is_admin"] is False


def test_create_admin(app: Flask):
    result = create(app, "root@example.com", "--admin")

    assert result.exit_code == 0, result.output
    assert "admin" in result.output
    assert users(app)[0].is_admin is True


def test_create_duplicate_email_fails(app: Flask):
    assert create(app, "dup@example.com").exit_code == 0

    result = create(app, "DUP@example.com")

    assert result.exit_code != 0
    assert "registered already" in result.output
    assert len(users(app)) == 1


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--password", "short"),
        ("--password", "x" * 129),
        ("--email", "not-an-email"),
        ("--email", "a" * 250 + "@example.com"),
        ("--name", "n" * 201),
        ("--name", "   "),
    ],
)
def test_create_rejects_invalid_values(app: Flask, option: str, value: str):
    values = {"--email": "bad@example.com", "--name": "Bad", "--password": PASSWORD, option: value}
    args = [item for pair in values.items() for item in pair]

    result = flask(app, "users", "create", *args)

    assert result.exit_code == 2, result.output
    assert option in result.output
    assert "Traceback" not in result.output
    assert users(app) == []


def test_promote_makes_an_existing_account_admin(app: Flask, register):
    register("promote.me@example.com")

    result = flask(app, "users", "promote", "PROMOTE.ME@example.com")

    assert result.exit_code == 0, result.output
    assert users(app)[0].is_admin is True


def test_promote_unknown_email_fails(app: Flask, register):
    register("someone@example.com")

    result = flask(app, "users", "promote", "nobody@example.com")

    assert result.exit_code != 0
    assert "no account" in result.output.lower()
    assert users(app)[0].is_admin is False
