"""The export's formula quotes: undone for Jatify's own export, never for other files.

Issue #11, defect 9: the import stripped a leading `'` from any cell of any file, so a
hand-written `'=already` was stored as `=already`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from jatify.services.transfer.columns import APPLICATION_COLUMNS
from tests.insights.conftest import Account, Tracker
from tests.insights.helpers import HEADER, csv_bytes, imported, read_csv

APPLIED = 1
# Values a spreadsheet would run as formulas, with and without quotes of their own.
TRICKY = (
    "=1+1",
    "+44 call back",
    "-10% vs now",
    "@Lead",
    "'=already",
    "''=twice",
    "'+1",
    "'@home",
    "'-",
    "==",
    "'plain",
    "'",
    "''",
    "it's",
    "' =spaced",
)


def stored(client: FlaskClient, account: Account) -> list[dict[str, Any]]:
    """The text an account's applications hold (their job's company and position too)."""
    url = "/api/applications?sort=created_at&page_size=100"
    items = client.get(url, headers=account.headers).get_json()["items"]
    fields = ("notes", "source", "tags")
    return [{**{name: item[name] for name in fields}, **item["job"]} for item in items]


def texts(client: FlaskClient, account: Account) -> list[tuple[str, str, str]]:
    """(company, position, notes) of each of an account's applications."""
    return [(row["company"], row["position"], row["notes"]) for row in stored(client, account)]


def test_every_tricky_value_survives_export_then_import(
    client: FlaskClient,
    make_account: Callable[..., Account],
    tracker_for: Callable[[Account], Tracker],
) -> None:
    owner, newcomer = make_account(), make_account()
    mine = tracker_for(owner)
    for number, value in enumerate(TRICKY):
        job = mine.job(value, f"{value} role {number}")
        mine.application(job, APPLIED, notes=value, source=value, tags=[value])
    body = client.get("/api/applications/export.csv", headers=owner.headers).get_data()

    report = imported(client, newcomer.headers, body)

    assert (report["created"], report["failed"]) == (len(TRICKY), 0)
    volatile = ("id", "created_at", "updated_at")
    mine, theirs = stored(client, owner), stored(client, newcomer)
    assert [{k: v for k, v in row.items() if k not in volatile} for row in theirs] == [
        {k: v for k, v in row.items() if k not in volatile} for row in mine
    ]
    assert [row["company"] for row in mine] == list(TRICKY)
    assert [row["notes"] for row in mine] == list(TRICKY)
    exported_companies = [row["company"] for row in read_csv(body)]
    assert exported_companies[0] == "'=1+1"  # still safe to open in a spreadsheet
    assert exported_companies[4] == "''=already"


def test_a_hand_written_files_leading_quotes_are_stored_as_written(
    client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    account = make_account()
    rows = [
        HEADER,
        ["'=already", "'+1 Lead", "Applied", "", "'@call back", ""],
        ["''=twice", "'-", "Applied", "", "'plain", ""],
    ]

    report = imported(client, account.headers, csv_bytes(rows))

    assert (report["created"], report["failed"]) == (2, 0)
    assert texts(client, account) == [
        ("'=already", "'+1 Lead", "'@call back"),
        ("''=twice", "'-", "'plain"),
    ]


def test_a_file_with_the_exports_own_header_has_the_exports_quotes_undone(
    client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    account = make_account()
    cells = dict.fromkeys(APPLICATION_COLUMNS, "")
    cells.update(company="'=Formula Corp", position="'@Lead", status="Applied", notes="'x")
    rows = [list(APPLICATION_COLUMNS), [cells[name] for name in APPLICATION_COLUMNS]]

    imported(client, account.headers, csv_bytes(rows))

    assert texts(client, account) == [("=Formula Corp", "@Lead", "'x")]
