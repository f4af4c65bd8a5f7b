"""`flask users invite` and `flask users reset-password`, and the email key in commands."""

from __future__ import annotations

import re
from typing import Any

from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD

NEW_PASSWORD = "purple walrus on a unicycle"


def flask(app: Flask, *args: str, **options: Any) -> Result:
    """Run `flask <args>` against `app`."""
    return app.test_cli_runner().invoke(args=list(args), **options)


def profile_status(client: FlaskClient, tokens: dict[str, Any]) -> int:
    """The status of GET /api/user/profile with a login's access token."""
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    return client.get("/api/user/profile", headers=headers).status_code


def test_reset_password_sets_it_and_ends_every_login(app: Flask, client, register, login):
    email = register("operator.help@example.com")["email"]
    logins = [login(email) for _ in range(2)]

    result = flask(
        app, "users", "reset-password", "OPERATOR.HELP@example.com", "--password", NEW_PASSWORD
    )

    assert result.exit_code == 0, result.output
    assert "2 login sessions ended" in result.output
    assert [profile_status(client, tokens) for tokens in logins] == [401, 401]
    assert login(email, NEW_PASSWORD)["user"]["email"] == email
    old = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert old.status_code == 401


def test_reset_password_can_generate_or_prompt(app: Flask, register, login):
    email = register("forgot.again@example.com")["email"]

    generated = flask(app, "users", "reset-password", email, "--generate")
    assert generated.exit_code == 0, generated.output
    password = re.search(r"new password: (\S+)", generated.output).group(1)
    assert login(email, password)["user"]["email"] == email

    prompted = flask(
        app, "users", "reset-password", email, input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    )
    assert prompted.exit_code == 0, prompted.output
    assert NEW_PASSWORD not in prompted.output
    assert login(email, NEW_PASSWORD)["user"]["email"] == email


def test_reset_password_applies_the_password_rule(app: Flask, register, login):
    email = register("rule.keeper@example.com")["email"]

    result = flask(app, "users", "reset-password", email, "--password", "password1")

    assert result.exit_code == 2
    assert "common password" in result.output
    assert "Traceback" not in result.output
    assert login(email)["user"]["email"] == email


def test_reset_password_of_an_unknown_email_is_one_line(app: Flask):
    result = flask(app, "users", "reset-password", "nobody@example.com", "--password", NEW_PASSWORD)

    assert result.exit_code == 1
    assert result.output.strip() == "Error: No account with email nobody@example.com"


def test_create_refuses_a_common_password(app: Flask, sql):
    result = flask(
        app, "users", "create", "--email", "c@example.com", "--name", "C", "--password", "qwerty123"
    )

    assert result.exit_code == 2
    assert "--password" in result.output
    assert "guess" in result.output
    assert sql("SELECT count(*) FROM users")[0][0] == 0


def test_invite_prints_the_code_and_the_register_link(app: Flask, sql, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://jatify.example")

    result = flask(app, "users", "invite", "New.Person@example.com")

    assert result.exit_code == 0, result.output
    code = re.search(r"invite code for New\.Person@example\.com: (\S+)", result.output).group(1)
    assert "valid until" in result.output
    link = f"https://jatify.example/#/register?email=New.Person%40example.com&invite={code}"
    assert link in result.output
    [row] = sql("SELECT email_key, expires_at - created_at AS valid FROM invites")
    assert row.email_key == "new.person@example.com"
    assert round(row.valid.total_seconds() / 86400) == 14
    assert code not in str(row)


def test_commands_find_an_account_by_any_spelling_of_its_email(app: Flask, register, sql):
    register("ΟΔΟΣ@example.com")

    result = flask(app, "users", "promote", "οδος@example.com")

    assert result.exit_code == 0, result.output
    assert sql("SELECT is_admin FROM users")[0].is_admin is True


def test_invite_of_a_malformed_email_is_refused(app: Flask):
    result = flask(app, "users", "invite", "not-an-email")

    assert result.exit_code == 2
    assert "not an email address" in result.output
