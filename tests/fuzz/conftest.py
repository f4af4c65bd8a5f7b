"""Fuzzing fixtures: an account with one record of every kind, and the run's tally."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.fuzz.harness import TALLY, TARGET, FuzzAccount, fuzzing_user
from tests.security.helpers import AccountFactory


@pytest.fixture
def fuzz_account(app: Flask, client: FlaskClient) -> FuzzAccount:
    """A user with a job listing, resume, application, analysis and dead letter."""
    TARGET.app = app
    account = AccountFactory(app, client).furnish(fuzzing_user(app), marked=False)
    return FuzzAccount(app, account)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say how many fuzz cases ran and how many answered 5xx."""
    if not TALLY.cases:
        return
    terminalreporter.write_line(
        f"fuzz: {sum(TALLY.cases.values())} cases on {len(TALLY.cases)} operations, "
        f"{sum(TALLY.server_errors.values())} answered 5xx"
        + "".join(f"\n  5xx: {op} x{count}" for op, count in TALLY.server_errors.items())
    )
