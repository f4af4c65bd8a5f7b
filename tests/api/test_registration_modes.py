"""REGISTRATION: open (default), invite (a code from `flask users invite EMAIL`, for that
email, once, until it expires) or closed; GET /api/auth/registration says which."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from jatify import create_app
from jatify.extensions import db
from tests.conftest import PASSWORD


def mode_app(app_config: dict[str, Any], mode: str) -> Iterator[Flask]:
    """An app on the migrated database with REGISTRATION=`mode`."""
    made = create_app({**app_config, "REGISTRATION": mode})
    yield made
    with made.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def invite_app(app: Flask, app_config: dict[str, Any]) -> Iterator[Flask]:
    """REGISTRATION=invite."""
    yield from mode_app(app_config, "invite")


@pytest.fixture(scope="module")
def closed_app(app: Flask, app_config: dict[str, Any]) -> Iterator[Flask]:
    """REGISTRATION=closed."""
    yield from mode_app(app_config, "closed")


def invite(app: Flask, email: str) -> str:
    """A code from `flask users invite EMAIL`."""
    result = app.test_cli_runner().invoke(args=["users", "invite", email])
    assert result.exit_code == 0, result.output
    return result.output.split(f"invite code for {email}: ", 1)[1].split()[0]


def register(app: Flask, email: str, **extra: Any) -> Any:
    """POST /api/auth/register on `app`."""
    body = {"email": email, "password": PASSWORD, "name": "Invited", **extra}
    return app.test_client().post("/api/auth/register", json=body)


def assert_forbidden(response: Any) -> str:
    """403 forbidden in the envelope; its message."""
    assert response.status_code == 403, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "forbidden"
    return error["message"]


def test_the_mode_is_public(app: Flask, invite_app: Flask, closed_app: Flask):
    for made, mode in ((app, "open"), (invite_app, "invite"), (closed_app, "closed")):
        response = made.test_client().get("/api/auth/registration")
        assert response.status_code == 200
        assert response.get_json() == {"mode": mode}


def test_closed_registration_is_forbidden_but_operators_still_create(closed_app: Flask, sql):
    assert "closed" in assert_forbidden(register(closed_app, "late@example.com"))

    made = closed_app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "op@example.com",
            "--name",
            "Op",
            "--password",
            PASSWORD,
        ]
    )
    assert made.exit_code == 0, made.output
    assert [row.email for row in sql("SELECT email FROM users")] == ["op@example.com"]


def test_an_invite_registers_its_email_once(invite_app: Flask, sql):
    code = invite(invite_app, "Guest@example.com")

    assert "invite" in assert_forbidden(register(invite_app, "guest@example.com"))
    assert_forbidden(register(invite_app, "other@example.com", invite=code))
    created = register(invite_app, "GUEST@example.com", invite=code)
    assert created.status_code == 201, created.get_json()
    assert_forbidden(register(invite_app, "guest@example.com", invite=code))
    [row] = sql("SELECT used_at IS NOT NULL AS used, used_by FROM invites")
    assert (row.used, row.used_by) == (True, created.get_json()["id"])
    stored = sql("SELECT code_hash FROM invites")[0].code_hash
    assert stored == hashlib.sha256(code.encode()).hexdigest()  # never the code itself


def test_an_expired_invite_is_refused(invite_app: Flask, sql):
    code = invite(invite_app, "slow@example.com")
    sql("UPDATE invites SET expires_at = now() - interval '1 second'")

    assert_forbidden(register(invite_app, "slow@example.com", invite=code))


def test_a_failed_registration_leaves_the_invite_unused(invite_app: Flask, register_taken):
    code = invite(invite_app, "twice@example.com")
    taken_username = register(invite_app, "twice@example.com", invite=code, username=register_taken)

    assert taken_username.status_code == 409
    assert register(invite_app, "twice@example.com", invite=code).status_code == 201


@pytest.fixture
def register_taken(client) -> str:
    """A username some account has already."""
    body = {"email": "holder@example.com", "password": PASSWORD, "name": "H", "username": "taken"}
    assert client.post("/api/auth/register", json=body).status_code == 201
    return "taken"


def test_one_invite_used_twice_at_once_registers_once(invite_app: Flask, sql):
    code = invite(invite_app, "race@example.com")
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def use() -> None:
        barrier.wait()
        statuses.append(register(invite_app, "race@example.com", invite=code).status_code)

    threads = [threading.Thread(target=use) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [201, 403]
    assert sql("SELECT count(*) FROM users")[0][0] == 1


def test_inviting_an_email_that_has_an_account_fails(invite_app: Flask, register_taken):
    result = invite_app.test_cli_runner().invoke(args=["users", "invite", "HOLDER@example.com"])

    assert result.exit_code != 0
    assert "registered already" in result.output
    assert "Traceback" not in result.output
