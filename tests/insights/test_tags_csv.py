"""Tags and source in the CSV export and import: a round trip loses nothing."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask.testing import FlaskClient

from tests.insights.conftest import Account, Tracker
from tests.insights.helpers import csv_bytes, imported, read_csv

APPLIED, HR = 1, 2


def listed(client: FlaskClient, account: Account) -> list[tuple]:
    """(company, status, tags, source, notes) of the account's applications, oldest first."""
    answer = client.get("/api/applications?sort=created_at", headers=account.headers).get_json()
    return [
        (
            item["job"]["company"],
            item["status"]["name"],
            item["tags"],
            item["source"],
            item["notes"],
        )
        for item in answer["items"]
    ]


def test_export_then_import_keeps_tags_and_source(
    client: FlaskClient,
    make_account: Callable[..., Account],
    tracker_for: Callable[[Account], Tracker],
) -> None:
    owner, newcomer = make_account(), make_account()
    mine = tracker_for(owner)
    mine.application(mine.job("Acme"), APPLIED, HR, tags=["+1 referral", "remote"], source="=Ref")
    mine.application(mine.job("Globex"), APPLIED, tags=["python"], source="LinkedIn")
    mine.application(mine.job("Initech"), APPLIED, notes="no tags")

    body = client.get("/api/applications/export.csv", headers=owner.headers).get_data()
    rows = read_csv(body)
    imported(client, newcomer.headers, body)

    assert [(row["tags"], row["source"]) for row in rows] == [
        ("'+1 referral;remote", "'=Ref"),
        ("python", "LinkedIn"),
        ("", ""),
    ]
    assert listed(client, newcomer) == listed(client, owner)
    assert listed(client, owner)[0][2:4] == (["+1 referral", "remote"], "=Ref")


def test_export_takes_the_tag_and_source_filters(
    client: FlaskClient,
    make_account: Callable[..., Account],
    tracker_for: Callable[[Account], Tracker],
) -> None:
    owner = make_account()
    mine = tracker_for(owner)
    mine.application(mine.job("Acme"), APPLIED, tags=["remote", "python"], source="LinkedIn")
    mine.application(mine.job("Globex"), APPLIED, tags=["remote"], source="LinkedIn")
    mine.application(mine.job("Initech"), APPLIED, tags=["python"], source="Referral")

    def companies(query: str) -> list[str]:
        response = client.get(f"/api/applications/export.csv?{query}", headers=owner.headers)
        return [row["company"] for row in read_csv(response.get_data())]

    assert companies("tag=remote&tag=python") == ["Acme"]
    assert companies("source=linkedin") == ["Acme", "Globex"]


def test_imported_tags_obey_the_apis_limits(
    client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    account = make_account()
    long_tag = "t" * 33
    data = csv_bytes(
        [
            ["Company", "Position", "Status", "Tags", "Source"],
            ["Acme", "Dev", "Applied", " Remote ; python;;REMOTE ", "Referral"],
            ["Globex", "Dev", "Applied", f"ok;{long_tag}", ""],
            ["Initech", "Dev", "Applied", "", "s" * 101],
        ]
    )

    report = imported(client, account.headers, data)

    rows = listed(client, account)
    assert rows == [("Acme", "Applied", ["remote", "python"], "Referral", None)]
    assert long_tag in json.dumps(report)
