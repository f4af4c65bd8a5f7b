"""Fixtures shared by the whole suite: a real PostgreSQL, the app, clients and users.

The database is `TEST_DATABASE_URL` when set, otherwise an embedded PostgreSQL started
once per test session in a temporary folder. Migrations run once; every test starts
from empty tables (statuses stay seeded).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import event, make_url, text
from werkzeug.serving import make_server

from jatify import create_app
from jatify.api.tokens import token_pair
from jatify.development import embedded_db
from jatify.extensions import db
from jatify.models import User
from jatify.services.sessions import start_session
from tests.fakes.llm_server import FakeLLM

TEST_SECRET = "test-signing-key-that-is-long-enough-for-hs256-0123456789"
PASSWORD = "correct horse battery staple"
KEPT_TABLES = {"statuses", "alembic_version"}


@pytest.fixture(scope="session")
def pg_data_dir() -> Iterator[Path | None]:
    """The embedded server's data folder, or None when TEST_DATABASE_URL is used."""
    if os.environ.get("TEST_DATABASE_URL"):
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="jatify-pg-") as folder:
        yield Path(folder) / "data"


@pytest.fixture(scope="session")
def database_url(pg_data_dir: Path | None) -> Iterator[str]:
    """URL of the test database (real PostgreSQL, never SQLite).

    On the server of TEST_DATABASE_URL, each test session gets a database of its own
    (dropped at the end), so two sessions at once never empty each other's tables.
    """
    if pg_data_dir is None:
        with private_database(os.environ["TEST_DATABASE_URL"]) as url:
            yield url
        return
    yield embedded_db.start(pg_data_dir, "jatify_test", delete_on_exit=True)


@contextlib.contextmanager
def private_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server of `server_url`, dropped afterwards."""
    url = make_url(server_url)
    name = f"jatify_test_{os.getpid()}"
    admin = psycopg2.connect(url.set(drivername="postgresql").render_as_string(False))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session")
def app_config(database_url: str) -> dict[str, Any]:
    """Settings every test app gets; a test may build its own app with more overrides."""
    return {
        "JATIFY_ENV": "testing",
        "DATABASE_URL": database_url,
        "JWT_SECRET_KEY": TEST_SECRET,
        "LOG_LEVEL": "warning",
        # Hundreds of logins from 127.0.0.1 would trip the auth limits; tests/throttle
        # turns them on in apps of their own. The login lockout stays on everywhere.
        "RATELIMIT_ENABLED": False,
    }


@pytest.fixture(scope="session")
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    """The app, with the schema migrated to head once per session."""
    app = create_app(app_config)
    with app.app_context():
        upgrade(revision="heads")
        db.session.remove()
    yield app


@pytest.fixture(autouse=True)
def _clean_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empty every table but the seeded ones after each test that used the database."""
    yield
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in db.metadata.sorted_tables if t.name not in KEPT_TABLES]
        tables.append("rate_limits")  # the throttle's counters (no model: jatify.throttle)
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def register(client: FlaskClient) -> Callable[..., dict[str, Any]]:
    """Register an account through the API and return it."""
    counter = iter(range(1, 1_000_000))

    def register(email: str | None = None, **fields: Any) -> dict[str, Any]:
        body = {
            "email": email or f"user{next(counter)}@example.com",
            "password": PASSWORD,
            "name": "Test User",
            **fields,
        }
        response = client.post("/api/auth/register", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return register


@pytest.fixture
def login(client: FlaskClient) -> Callable[[str], dict[str, Any]]:
    """Log in through the API and return the token answer."""

    def login(email: str, password: str = PASSWORD) -> dict[str, Any]:
        response = client.post("/api/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return login


@pytest.fixture
def make_headers(register: Callable, login: Callable) -> Callable[..., dict[str, str]]:
    """Register a new account and return Bearer headers for it."""

    def make_headers(email: str | None = None, **fields: Any) -> dict[str, str]:
        user = register(email, **fields)
        tokens = login(user["email"])
        return {"Authorization": f"Bearer {tokens['access_token']}"}

    return make_headers


@pytest.fixture
def quick_headers(app: Flask) -> Callable[..., dict[str, str]]:
    """Bearer headers of a new account inserted directly, with a login session of its own:
    no password hashing to wait for (registering and logging in are tested in tests/api)."""
    counter = iter(range(1, 1_000_000))

    def quick_headers(name: str = "Test User") -> dict[str, str]:
        with app.test_request_context():
            user = User(email=f"quick{next(counter)}@example.com", name=name, password_hash="!")
            db.session.add(user)
            db.session.flush()
            session_id = start_session(user.id, app.config["JWT_REFRESH_TOKEN_EXPIRES"])
            db.session.commit()
            token = token_pair(user.id, session_id)["access_token"]
        return {"Authorization": f"Bearer {token}"}

    return quick_headers


@pytest.fixture
def auth_headers(make_headers: Callable[..., dict[str, str]]) -> dict[str, str]:
    """Bearer headers of a fresh account."""
    return make_headers()


@pytest.fixture
def sql(app: Flask) -> Callable[..., list[Any]]:
    """Run one SQL statement in a fresh session and return its rows (writes are committed)."""

    def sql(statement: str, **params: Any) -> list[Any]:
        with app.app_context():
            result = db.session.execute(text(statement), params)
            rows = list(result) if result.returns_rows else []
            db.session.commit()
            return rows

    return sql


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    """A fake OpenAI-compatible endpoint on 127.0.0.1 that answers "ok" unless scripted."""
    with FakeLLM(timeout_delay=5.0) as llm:
        yield llm


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """Context manager counting the SQL statements the app runs inside it."""

    class Counter:
        def __init__(self) -> None:
            self.statements: list[str] = []

        def __enter__(self) -> Counter:
            with app.app_context():
                self.engine = db.engine
            event.listen(self.engine, "before_cursor_execute", self._record)
            return self

        def __exit__(self, *exc: object) -> None:
            event.remove(self.engine, "before_cursor_execute", self._record)

        def _record(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            self.statements.append(statement)

        @property
        def count(self) -> int:
            return len(self.statements)

    return Counter


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The app served over real HTTP on 127.0.0.1 by a threaded server, for concurrency tests."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
