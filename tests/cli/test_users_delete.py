"""`flask users delete EMAIL`: an operator deletes an account and everything it owns."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.security.helpers import AccountFactory, assert_envelope


def test_delete_asks_then_removes_the_account_and_its_records(app: Flask, client: FlaskClient, sql):
    factory = AccountFactory(app, client)
    gone = factory.furnish(factory.account("gone"), marked=False)
    kept = factory.furnish(factory.account("kept"), marked=False)
    runner = app.test_cli_runner()

    refused = runner.invoke(args=["users", "delete", gone.email.upper()], input="n\n")
    assert refused.exit_code == 1
    assert sql("SELECT count(*) FROM users WHERE id = :id", id=gone.id)[0][0] == 1

    result = runner.invoke(args=["users", "delete", gone.email.upper()], input="y\n")

    assert result.exit_code == 0, result.output
    assert f"deleted user {gone.id} <{gone.email}>" in result.output
    assert sql("SELECT count(*) FROM job_listings WHERE user_id = :id", id=gone.id)[0][0] == 0
    assert_envelope(client.get("/api/user/profile", headers=gone.headers), 401)
    assert client.get(f"/api/jobs/{kept.job_id}", headers=kept.headers).status_code == 200
    login = client.post("/api/auth/login", json={"email": gone.email, "password": PASSWORD})
    assert_envelope(login, 401)


def test_delete_of_an_unknown_email_is_one_line(app: Flask):
    result = app.test_cli_runner().invoke(args=["users", "delete", "nobody@example.com", "--yes"])

    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: ")
    assert "Traceback" not in result.output
