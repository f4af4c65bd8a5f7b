"""CSV import: round trip, duplicates, aliases, per-row errors and malformed files."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable

import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from jatify.extensions import db
from jatify.models import Application, JobListing, StatusChange
from jatify.services import imports
from jatify.services.transfer import importer
from tests.insights.conftest import Account, Tracker
from tests.insights.helpers import HEADER, count, csv_bytes, imported, read_csv

APPLIED, HR, OFFER, ACCEPTED, WISHLIST = 1, 2, 5, 7, 9
VOLATILE = ("id", "created_at", "updated_at")


def exported(client: FlaskClient, account: Account) -> list[dict[str, str]]:
    """The account's application export without ids and timestamps."""
    response = client.get("/api/applications/export.csv", headers=account.headers)
    assert response.status_code == 200
    return [
        {key: value for key, value in row.items() if key not in VOLATILE}
        for row in read_csv(response.get_data())
    ]


def test_export_then_import_into_another_account_gives_the_same_data(
    app: Flask,
    client: FlaskClient,
    make_account: Callable[..., Account],
    tracker_for: Callable[[Account], Tracker],
) -> None:
    source, target = make_account(), make_account()
    mine = tracker_for(source)
    acme = mine.job(
        "Société Générale — Zürich",
        'Ingénieur, "backend"',
        url="https://acme.example/jobs/1?a=1&b=2",
        location="Zürich",
        salary="-10% vs now",
        description="Line one\nLine two, with a comma",
    )
    plain = mine.job("=Formula Corp", "@Lead")
    mine.application(acme, APPLIED, HR, applied_at="2024-02-29", notes='Said "soon",\r\nok')
    mine.application(acme, APPLIED, applied_at="2024-03-01", notes="+44 call back")
    mine.application(plain, WISHLIST)
    mine.application(plain, APPLIED, OFFER, ACCEPTED, notes="'=kept as typed")
    original = exported(client, source)
    body = client.get("/api/applications/export.csv", headers=source.headers).get_data()

    report = imported(client, target.headers, body)

    counters = ("rows_total", "rows_done", "created", "skipped", "failed", "errors")
    assert {name: report[name] for name in counters} == {
        "rows_total": 4,
        "rows_done": 4,
        "created": 4,
        "skipped": 0,
        "failed": 0,
        "errors": [],
    }
    assert report["jobs_created"] == 2
    assert report["ignored_columns"] == ["id", "resume", "created_at", "updated_at"]
    assert exported(client, target) == original
    assert count(app, JobListing, target.id) == 2
    with app.app_context():
        history = db.session.execute(
            select(StatusChange.from_status_id, StatusChange.to_status_id)
            .join(Application)
            .where(Application.user_id == target.id)
            .order_by(StatusChange.id)
        ).all()
    assert history == [(None, HR), (None, APPLIED), (None, WISHLIST), (None, ACCEPTED)]


def test_reimporting_the_same_file_creates_nothing(
    app: Flask, client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    account = make_account()
    rows = [
        HEADER,
        ["Acme", "Dev", "Applied", "2024-01-02", "first", ""],
        ["Acme", "Dev", "Applied", "2024-01-02", "second", ""],
        ["Acme", "Dev", "Applied", "", "", ""],
        ["Beta", "Dev", "Offer", "2024-01-05", "", "https://beta.example"],
        ["Beta", "Dev", "Offer", "2024-01-05", "", "https://beta.example"],
    ]
    data = csv_bytes(rows)

    first = imported(client, account.headers, data)
    again = imported(client, account.headers, data)

    assert (first["created"], first["skipped"], first["jobs_created"]) == (4, 1, 2)
    assert (again["rows_done"], again["created"], again["skipped"]) == (5, 0, 5)
    assert again["jobs_created"] == 0
    assert count(app, Application, account.id) == 4
    assert count(app, JobListing, account.id) == 2


def test_duplicates_are_judged_per_account(
    app: Flask, client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    first, second = make_account(), make_account()
    data = csv_bytes([HEADER, ["Acme", "Dev", "Applied", "2024-01-02", "", ""]])

    assert imported(client, first.headers, data)["created"] == 1
    assert imported(client, second.headers, data)["created"] == 1
    assert count(app, JobListing, second.id) == 1


def test_a_deleted_application_is_not_a_duplicate(
    app: Flask, client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    account = make_account()
    data = csv_bytes([HEADER, ["Acme", "Dev", "Applied", "2024-01-02", "note", ""]])
    assert imported(client, account.headers, data)["created"] == 1
    [item] = client.get("/api/applications", headers=account.headers).get_json()["items"]
    response = client.delete(f"/api/applications/{item['id']}", headers=account.headers)
    assert response.status_code == 204

    report = imported(client, account.headers, data)

    assert (report["created"], report["skipped"]) == (1, 0)
    assert count(app, Application, account.id) == 2


def test_aliases_reuse_the_callers_live_listing(
    app: Flask,
    client: FlaskClient,
    make_account: Callable[..., Account],
    tracker_for: Callable[[Account], Tracker],
) -> None:
    account, other = make_account(), make_account()
    mine = tracker_for(account)
    existing = mine.job("Acme", "Dev", url="https://acme.example")
    deleted = mine.job("Gone", "Dev")
    assert client.delete(f"/api/jobs/{deleted}", headers=account.headers).status_code == 204
    tracker_for(other).job("Theirs", "Dev")
    rows = [
        [" Company ", "JOB TITLE", "Status", "Date Applied", "URL", "Comments", "Priority"],
        ["Acme", "Dev", "offer  ACCEPTED", "2024-05-06", "https://acme.example", "yay", "x"],
        ["Gone", "Dev", "applied", "", "", "", ""],
        ["Theirs", "Dev", "Wishlist", "", "", "", ""],
    ]

    report = imported(client, account.headers, csv_bytes(rows))

    assert (report["created"], report["jobs_created"]) == (3, 2)
    assert report["ignored_columns"] == ["Priority"]
    listing = client.get("/api/applications?sort=created_at", headers=account.headers)
    items = listing.get_json()["items"]
    assert items[0]["job"]["id"] == existing
    assert (items[0]["status"]["name"], items[0]["applied_at"], items[0]["notes"]) == (
        "Offer Accepted",
        "2024-05-06",
        "yay",
    )
    assert items[1]["job"]["id"] != deleted
    assert count(app, JobListing, other.id) == 1


def test_each_chunk_is_committed_on_its_own(
    app: Flask, make_account: Callable[..., Account]
) -> None:
    account = make_account()
    data = csv_bytes([HEADER] + [[f"C{n}", "Dev", "Applied", "", "", ""] for n in range(5)])
    visible_elsewhere: list[int] = []

    def on_chunk(_report: importer.ImportReport) -> None:
        # Called inside each chunk's transaction, just before its commit: another
        # connection sees exactly the chunks before this one.
        with db.engine.connect() as other:
            visible_elsewhere.append(
                other.scalar(
                    select(func.count())
                    .select_from(Application)
                    .where(Application.user_id == account.id)
                )
            )

    with app.app_context():
        report = importer.import_applications(
            account.id, io.BytesIO(data), chunk_rows=2, on_chunk=on_chunk
        )

    assert report.created == 5
    assert visible_elsewhere == [0, 2, 4]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == 5


def test_thousands_of_rows_go_in_chunks_of_constant_statements(
    app: Flask,
    client: FlaskClient,
    make_account: Callable[..., Account],
    count_queries: type,
) -> None:
    account = make_account()
    rows = [HEADER] + [
        [f"Company {n % 300}", "Dev", "Applied", f"2024-01-{n % 28 + 1:02d}", f"note {n}", ""]
        for n in range(5_000)
    ]

    with count_queries() as queries:
        report = imported(client, account.headers, csv_bytes(rows))

    assert (report["rows_done"], report["created"], report["failed"]) == (5_000, 5_000, 0)
    assert report["jobs_created"] == 300
    inserts = [s for s in queries.statements if s.startswith("INSERT INTO applications")]
    assert len(inserts) == 5
    progress = [s for s in queries.statements if s.startswith("UPDATE imports")]
    assert len(progress) == 5 + 2  # one per chunk, plus starting and finishing the import
    # The statistics are refreshed as the account grows: at 1,000 rows created, then 4,000.
    assert [s for s in queries.statements if s.startswith("ANALYZE")] == [
        "ANALYZE applications"
    ] * 2
    # Six statements per chunk and its progress row, plus a constant: storing the file and
    # its job, reading it back, counting its rows and reading the finished import.
    assert queries.count <= 5 * 7 + 12
    stats = client.get("/api/applications/stats", headers=account.headers).get_json()
    applied = next(row for row in stats["by_status"] if row["id"] == APPLIED)
    assert applied == {"id": APPLIED, "name": "Applied", "count": 5_000}


def test_a_second_import_waits_for_the_first_one(
    app: Flask, live_server: str, client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    account = make_account()
    data = csv_bytes(
        [HEADER] + [[f"Co {n % 50}", "Dev", "Applied", "", f"n{n}", ""] for n in range(2_500)]
    )
    barrier = threading.Barrier(2)
    answers: list[requests.Response] = []

    def send() -> None:
        barrier.wait()
        answers.append(
            requests.post(
                f"{live_server}/api/applications/import",
                files={"file": ("apps.csv", data, "text/csv")},
                headers=account.headers,
                timeout=120,
            )
        )

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answer.status_code for answer in answers) == [202, 409]
    refused = next(answer for answer in answers if answer.status_code == 409)
    assert refused.json()["error"]["code"] == "conflict"
    queued = next(answer for answer in answers if answer.status_code == 202).json()
    with app.app_context():
        imports.run_import(queued["id"])
    finished = client.get(f"/api/imports/{queued['id']}", headers=account.headers).get_json()
    assert (finished["status"], finished["created"], finished["jobs_created"]) == (
        "done",
        2_500,
        50,
    )
    assert count(app, Application, account.id) == 2_500
    assert imported(client, account.headers, data)["skipped"] == 2_500
