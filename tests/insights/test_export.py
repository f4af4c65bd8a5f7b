"""CSV exports: content, scoping, RFC 4180 quoting, formula neutralising, constant queries."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from jatify.extensions import db
from jatify.services.transfer.columns import APPLICATION_COLUMNS, JOB_COLUMNS, neutralise, restore
from tests.insights.conftest import Account, Tracker
from tests.insights.helpers import read_csv

APPLIED, HR, OFFER, WISHLIST = 1, 2, 5, 9


def export(
    client: FlaskClient, account: Account, what: str = "applications", query: str = ""
) -> bytes:
    """The body of an export (asserting a 200 CSV attachment)."""
    response = client.get(f"/api/{what}/export.csv{query}", headers=account.headers)
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(rf'attachment; filename="{what}-\d{{4}}-\d\d-\d\d\.csv"', disposition)
    return response.get_data()


def test_application_export_has_the_callers_live_applications(
    client: FlaskClient,
    make_account: Callable[..., Account],
    tracker_for: Callable[[Account], Tracker],
) -> None:
    owner, other = make_account(), make_account()
    mine = tracker_for(owner)
    job = mine.job(
        "Acme", "Engineer", url="https://acme.example/jobs/1", location="Berlin", salary="€70k"
    )
    first = mine.application(job, APPLIED, HR, applied_at="2024-03-01", notes="Referral")
    second = mine.application(job, WISHLIST)
    mine.delete_application(mine.application(job, OFFER, notes="deleted"))
    tracker_for(other).application(tracker_for(other).job("Other Co"), OFFER)

    body = export(client, owner)
    rows = read_csv(body)

    assert body.startswith(b"\xef\xbb\xbf")
    assert body.endswith(b"\r\n")
    assert list(rows[0]) == list(APPLICATION_COLUMNS)
    assert [row["id"] for row in rows] == [str(first), str(second)]
    assert {key: rows[0][key] for key in APPLICATION_COLUMNS[1:11]} == {
        "company": "Acme",
        "position": "Engineer",
        "status": "HR Interview",
        "applied_at": "2024-03-01",
        "notes": "Referral",
        "job_url": "https://acme.example/jobs/1",
        "location": "Berlin",
        "salary": "€70k",
        "job_description": "Build things",
        "resume": "",
    }
    assert rows[1]["status"] == "Wishlist"
    assert rows[1]["applied_at"] == rows[1]["notes"] == ""
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*\+00:00$", rows[0]["created_at"])


def test_application_export_takes_the_lists_filters(
    client: FlaskClient,
    make_account: Callable[..., Account],
    tracker_for: Callable[[Account], Tracker],
) -> None:
    owner = make_account()
    mine = tracker_for(owner)
    acme, globex = mine.job("Acme", "Engineer"), mine.job("Globex", "Analyst")
    applied = mine.application(acme, APPLIED, notes="found on a board")
    offered = mine.application(globex, APPLIED, OFFER)
    wished = mine.application(acme, WISHLIST)

    def ids(query: str) -> list[str]:
        return [row["id"] for row in read_csv(export(client, owner, query=query))]

    assert ids("") == [str(applied), str(offered), str(wished)]
    assert ids(f"?status_id={OFFER}") == [str(offered)]
    assert ids(f"?job_id={acme}") == [str(applied), str(wished)]
    assert ids("?q=BOARD") == [str(applied)]
    assert ids(f"?q=acme&status_id={WISHLIST}") == [str(wished)]
    refused = client.get("/api/applications/export.csv?status_id=x", headers=owner.headers)
    assert refused.status_code == 422


def test_job_export_has_the_callers_live_listings(
    client: FlaskClient,
    make_account: Callable[..., Account],
    tracker_for: Callable[[Account], Tracker],
) -> None:
    owner, other = make_account(), make_account()
    mine = tracker_for(owner)
    kept = mine.job("Kept", "Dev", url="https://kept.example")
    gone = mine.job("Gone", "Dev")
    assert client.delete(f"/api/jobs/{gone}", headers=owner.headers).status_code == 204
    tracker_for(other).job("Theirs")

    rows = read_csv(export(client, owner, "jobs"))

    assert list(rows[0]) == list(JOB_COLUMNS)
    assert [(row["id"], row["company"], row["url"]) for row in rows] == [
        (str(kept), "Kept", "https://kept.example")
    ]


def test_cells_are_quoted_as_rfc_4180(
    client: FlaskClient,
    make_account: Callable[..., Account],
    tracker_for: Callable[[Account], Tracker],
) -> None:
    owner = make_account()
    mine = tracker_for(owner)
    notes = 'He said "call me", then\nhung up; salary: 1,000'
    mine.application(mine.job("Comma, Inc."), APPLIED, notes=notes)

    body = export(client, owner)

    assert b'"Comma, Inc."' in body
    assert b'"He said ""call me"", then\nhung up; salary: 1,000"' in body
    rows = read_csv(body)
    assert (rows[0]["company"], rows[0]["notes"]) == ("Comma, Inc.", notes)


def test_formula_cells_are_neutralised(
    client: FlaskClient,
    make_account: Callable[..., Account],
    tracker_for: Callable[[Account], Tracker],
) -> None:
    owner = make_account()
    mine = tracker_for(owner)
    job = mine.job('=HYPERLINK("http://evil.example","x")', "+1 Engineer", location="-2+3")
    mine.application(job, APPLIED, notes="@SUM(A1:A9)")
    mine.application(job, APPLIED, notes="'=already quoted")

    rows = read_csv(export(client, owner))

    assert rows[0]["company"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0]["position"] == "'+1 Engineer"
    assert rows[0]["location"] == "'-2+3"
    assert rows[0]["notes"] == "'@SUM(A1:A9)"
    assert rows[1]["notes"] == "''=already quoted"
    assert rows[0]["job_description"] == "Build things"


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("'quoted", "'quoted"),
        ("plain", "plain"),
        ("a=b", "a=b"),
    ],
)
def test_neutralise_is_reversed_by_restore(value: str, exported: str) -> None:
    assert neutralise(value) == exported
    assert restore(exported) == value


@pytest.mark.parametrize("what", ["applications", "jobs"])
def test_export_query_count_is_constant(
    client: FlaskClient,
    make_account: Callable[..., Account],
    seed_applications: Callable[[int, int], None],
    count_queries: type,
    what: str,
) -> None:
    small, large = make_account(), make_account()
    seed_applications(small.id, 10)
    seed_applications(large.id, 1200)

    with count_queries() as few:
        small_rows = read_csv(export(client, small, what))
    with count_queries() as many:
        large_rows = read_csv(export(client, large, what))

    assert (len(small_rows), len(large_rows)) == (10, 1200)
    assert few.count == many.count


def test_export_needs_a_token(client: FlaskClient) -> None:
    for what in ("applications", "jobs"):
        response = client.get(f"/api/{what}/export.csv")
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"


def test_export_reads_through_a_server_side_cursor(
    app: Flask,
    client: FlaskClient,
    make_account: Callable[..., Account],
    seed_applications: Callable[[int, int], None],
) -> None:
    account = make_account()
    seed_applications(account.id, 20)
    cursors: list[str | None] = []

    def record(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if "FROM applications" in statement:
            cursors.append(cursor.name)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            rows = read_csv(export(client, account))
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    assert len(rows) == 20
    assert len(cursors) == 1
    assert cursors[0] is not None  # a named (server-side) cursor streams the rows
