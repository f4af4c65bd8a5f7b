"""Attack fixtures: a victim and an attacker with records, SQL access, the OpenAPI document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from jatify.extensions import db
from tests.security.helpers import AccountFactory, World


@pytest.fixture
def accounts(app: Flask, client: FlaskClient) -> AccountFactory:
    """Make accounts and their records."""
    return AccountFactory(app, client)


@pytest.fixture
def world(accounts: AccountFactory) -> World:
    """User A's records (marked) and user B's own, unmarked records."""
    victim = accounts.furnish(accounts.account("victim", marked=True), marked=True)
    attacker = accounts.furnish(accounts.account("attacker"), marked=False)
    return World(victim=victim, attacker=attacker, factory=accounts)


@pytest.fixture(scope="session")
def openapi(app: Flask) -> dict[str, Any]:
    """The app's OpenAPI document."""
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture(scope="session")
def operations(openapi: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every documented (METHOD, path, operation) of the API."""
    return [
        (method.upper(), path, operation)
        for path, item in openapi["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


@pytest.fixture
def tables_intact(sql: Callable[..., list[Any]]) -> Callable[[], None]:
    """A check that every table still exists and the seeded statuses are all there."""

    def check() -> None:
        for table in db.metadata.sorted_tables:
            exists = sql("SELECT to_regclass(:name) IS NOT NULL", name=f"public.{table.name}")
            assert exists[0][0], table.name
        assert sql("SELECT count(*) FROM statuses")[0][0] == 10

    return check
