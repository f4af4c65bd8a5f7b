"""The fuzzing harness: the app target, the fuzzing account's credentials, a tally.

Kept out of conftest.py so the test module and the fixtures share one instance of each.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

from flask import Flask

from jatify.api.tokens import token_pair
from jatify.extensions import db
from jatify.models import User
from jatify.services.sessions import start_session
from tests.security.helpers import Account, bearer

FUZZER_EMAIL = "fuzzer@example.com"

LOGOUT = ("POST", "/api/auth/logout")
REFRESH = ("POST", "/api/auth/refresh")


class Tally:
    """Cases sent per operation and the 5xx answers among them (printed after the run)."""

    def __init__(self) -> None:
        self.cases: Counter[str] = Counter()
        self.server_errors: Counter[str] = Counter()

    def record(self, operation: str, status: int) -> None:
        """Count one answered case."""
        self.cases[operation] += 1
        if status >= 500:
            self.server_errors[operation] += 1


TALLY = Tally()


class WsgiTarget:
    """The session's Flask app as a WSGI callable schemathesis can hold before it exists.

    The schema is loaded when the module is imported; the app with a database only comes
    from a fixture. Checks that send extra requests (e.g. without credentials) use the
    schema's app, so it must reach the real one.
    """

    def __init__(self) -> None:
        self.app: Flask | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        """Serve the request with the session's app."""
        assert self.app is not None, "the fuzz_account fixture binds the app"
        return self.app(environ, start_response)


TARGET = WsgiTarget()


class FuzzAccount:
    """The fuzzing user: its records, and the credentials each operation is called with."""

    def __init__(self, app: Flask, account: Account) -> None:
        self.app = app
        self.account = account

    def headers_for(self, method: str, path: str) -> dict[str, str]:
        """Bearer headers: a fresh login's refresh token to refresh (each refresh spends
        its token, and a spent one ends its login) or access token to log out."""
        if (method, path) == REFRESH:
            return bearer(login_session(self.app, self.account.id)["refresh_token"])
        if (method, path) == LOGOUT:
            return bearer(self.fresh_access_token())
        return self.account.headers

    def fresh_access_token(self) -> str:
        """The access token of a new login session (so logging out spares the others)."""
        return login_session(self.app, self.account.id)["access_token"]

    def seeded(self, name: str, value: Any) -> Any:
        """A generated uuid path parameter, replaced by a real record's id for half of them.

        Integer ids hit the records on their own (ids restart at 1 in every test), uuids
        never would.
        """
        records = {
            "analysis_id": self.account.analysis_id,
            "entry_id": self.account.dead_letter_id,
            "capture_id": self.account.capture_id,
            "import_id": self.account.import_id,
        }
        if name not in records:
            return value
        try:
            generated = uuid.UUID(str(value))
        except ValueError:
            return value
        return records[name] if generated.int % 2 == 0 else value


def login_session(app: Flask, user_id: int) -> dict[str, Any]:
    """The token pair of a new login session, as the login route issues it."""
    with app.test_request_context():
        session_id = start_session(user_id, app.config["JWT_REFRESH_TOKEN_EXPIRES"])
        db.session.commit()
        return token_pair(user_id, session_id)


def fuzzing_user(app: Flask) -> Account:
    """A user inserted directly, with a login session: no password hashing to wait for."""
    with app.app_context():
        user = User(email=FUZZER_EMAIL, name="Fuzzer", password_hash="!unusable")
        db.session.add(user)
        db.session.commit()
        user_id = user.id
    tokens = login_session(app, user_id)
    return Account(user_id, FUZZER_EMAIL, tokens["access_token"], tokens["refresh_token"])
