"""`flask applications import FILE --user EMAIL`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from jatify.extensions import db
from jatify.models import Application, Status
from tests.insights.conftest import Account
from tests.insights.helpers import csv_bytes

ROWS = [
    ["Company", "Title", "Status", "Date Applied", "Notes"],
    ["Acme", "Dev", "Applied", "2024-01-02", "one"],
    ["Beta", "Ops", "HR Interview", "", "two"],
    ["Gamma", "QA", "Promoted", "", ""],
]


def test_imports_a_file_for_the_account_with_a_summary(
    app: Flask, tmp_path: Path, make_account: Callable[..., Account]
) -> None:
    account = make_account("Cli.User@example.com")
    path = tmp_path / "apps.csv"
    path.write_bytes(csv_bytes(ROWS))

    result = app.test_cli_runner().invoke(
        args=["applications", "import", str(path), "--user", "cli.user@example.com"]
    )

    assert result.exit_code == 0, result.output
    assert "rows read: 3, created: 2, duplicates skipped: 0, failed: 1" in result.output
    assert "row 4: status: unknown status 'Promoted'." in result.output
    with app.app_context():
        rows = db.session.execute(
            select(Application.notes, Status.name)
            .join(Status)
            .where(Application.user_id == account.id)
            .order_by(Application.id)
        ).all()
    assert rows == [("one", "Applied"), ("two", "HR Interview")]

    again = app.test_cli_runner().invoke(
        args=["applications", "import", str(path), "--user", account.email]
    )
    assert "created: 0, duplicates skipped: 2, failed: 1" in again.output


def test_unknown_account_is_an_error(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "apps.csv"
    path.write_bytes(csv_bytes(ROWS))

    result = app.test_cli_runner().invoke(
        args=["applications", "import", str(path), "--user", "nobody@example.com"]
    )

    assert result.exit_code != 0
    assert "no account with email nobody@example.com" in result.output.lower()


def test_missing_columns_is_an_error(
    app: Flask, tmp_path: Path, make_account: Callable[..., Account]
) -> None:
    account = make_account()
    path = tmp_path / "apps.csv"
    path.write_bytes(csv_bytes([["Company", "Notes"], ["Acme", "x"]]))

    result = app.test_cli_runner().invoke(
        args=["applications", "import", str(path), "--user", account.email]
    )

    assert result.exit_code != 0
    assert "Required columns are missing: position, status" in result.output
