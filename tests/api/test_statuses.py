"""The status pipeline and the history every application keeps of it."""

from __future__ import annotations

import itertools
import json
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from jatify.extensions import db
from jatify.models import StatusChange

# The order a person lives (API.md, "Status order and notes on changes"); ids as seeded.
PIPELINE = [
    (9, "Wishlist"),
    (1, "Applied"),
    (2, "HR Interview"),
    (3, "User Interview"),
    (5, "Offer"),
    (7, "Offer Accepted"),
    (8, "Offer Turned Down"),
    (6, "Rejected"),
    (4, "Ghosted"),
    (10, "Withdrawn"),
]
JOB = {"company": "Acme Corp", "position": "Backend Engineer", "description": "Python."}


@pytest.fixture
def new_application(client, auth_headers):
    """Create a job listing and an application to it with `status_id`; return the application."""

    def create(status_id=1, headers=None):
        headers = headers or auth_headers
        job = client.post("/api/jobs", json=JOB, headers=headers).get_json()
        body = {"job_id": job["id"], "status_id": status_id}
        response = client.post("/api/applications", json=body, headers=headers)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return create


def steps(application):
    """The history as (from id or None, to id) pairs."""
    return [
        (step["from_status"] and step["from_status"]["id"], step["to_status"]["id"])
        for step in application["status_history"]
    ]


def test_statuses_are_the_seeded_pipeline_in_order(client, auth_headers):
    response = client.get("/api/statuses", headers=auth_headers)
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert [(item["id"], item["name"]) for item in items] == PIPELINE
    assert [item["position"] for item in items] == list(range(1, 11))
    assert set(items[0]) == {"id", "name", "position", "is_terminal"}
    terminal = {item["name"] for item in items if item["is_terminal"]}
    assert {"Rejected", "Offer Accepted", "Withdrawn"} <= terminal
    assert "Applied" not in terminal


def test_statuses_need_a_token(client):
    response = client.get("/api/statuses")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_history_starts_with_the_creation(new_application):
    application = new_application(status_id=9)
    assert steps(application) == [(None, 9)]
    assert application["status_history"][0]["to_status"]["name"] == "Wishlist"


def test_each_status_change_appends_one_step(client, auth_headers, new_application):
    application = new_application(status_id=9)
    url = f"/api/applications/{application['id']}"
    for status_id in (1, 2, 3, 6):
        response = client.patch(url, json={"status_id": status_id}, headers=auth_headers)
        assert response.status_code == 200, response.get_json()
    fetched = client.get(url, headers=auth_headers).get_json()
    assert steps(fetched) == [(None, 9), (9, 1), (1, 2), (2, 3), (3, 6)]
    assert fetched["status"] == {"id": 6, "name": "Rejected"}
    moments = [datetime.fromisoformat(step["changed_at"]) for step in fetched["status_history"]]
    assert moments == sorted(moments)
    assert moments[0] == datetime.fromisoformat(fetched["created_at"])
    assert moments[-1] == datetime.fromisoformat(fetched["updated_at"])


def test_an_unchanged_status_appends_nothing(client, auth_headers, new_application):
    application = new_application(status_id=2)
    url = f"/api/applications/{application['id']}"
    body = {"status_id": 2, "notes": "same step"}
    noted = client.put(url, json=body, headers=auth_headers).get_json()
    assert steps(noted) == [(None, 2)]
    again = client.put(url, json={"status_id": 2}, headers=auth_headers).get_json()
    assert again == noted
    assert steps(client.get(url, headers=auth_headers).get_json()) == [(None, 2)]


def test_a_status_change_with_other_fields_appends_one_step(client, auth_headers, new_application):
    application = new_application()
    url = f"/api/applications/{application['id']}"
    body = {"status_id": 2, "notes": "Recruiter call", "applied_at": "2024-04-04"}
    updated = client.put(url, json=body, headers=auth_headers).get_json()
    assert steps(updated) == [(None, 1), (1, 2)]
    assert updated["notes"] == "Recruiter call"


def test_a_rejected_update_writes_no_history(client, auth_headers, make_headers, new_application):
    application = new_application()
    foreign_job = client.post("/api/jobs", json=JOB, headers=make_headers()).get_json()
    url = f"/api/applications/{application['id']}"
    for body in (
        {"status_id": 2, "job_id": foreign_job["id"]},
        {"status_id": 42},
        {"status_id": "2"},
    ):
        assert client.patch(url, json=body, headers=auth_headers).status_code == 422
    fetched = client.get(url, headers=auth_headers).get_json()
    assert steps(fetched) == [(None, 1)]
    assert fetched["status"]["id"] == 1


def test_history_outlives_a_soft_delete(app, client, auth_headers, new_application):
    application = new_application()
    url = f"/api/applications/{application['id']}"
    client.patch(url, json={"status_id": 4}, headers=auth_headers)
    assert client.delete(url, headers=auth_headers).status_code == 204
    with app.app_context():
        rows = db.session.scalars(
            db.select(StatusChange)
            .where(StatusChange.application_id == application["id"])
            .order_by(StatusChange.id)
        ).all()
        assert [(row.from_status_id, row.to_status_id) for row in rows] == [(None, 1), (1, 4)]
        db.session.remove()


def test_concurrent_status_changes_keep_the_history_a_chain(
    live_server, auth_headers, new_application
):
    application = new_application(status_id=1)
    url = f"{live_server}/api/applications/{application['id']}"
    rounds = [(2, 3), (5, 6), (7, 8), (9, 10), (2, 3), (5, 6)]

    def patch(status_id, barrier):
        barrier.wait(timeout=10)
        body = json.dumps({"status_id": status_id}).encode()
        request = urllib.request.Request(
            url,
            data=body,
            method="PATCH",
            headers={**auth_headers, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=2) as pool:
        for pair in rounds:
            barrier = threading.Barrier(2)
            results = list(pool.map(patch, pair, [barrier, barrier]))
            assert results == [200, 200]
    request = urllib.request.Request(url, headers=auth_headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        fetched = json.load(response)
    history = steps(fetched)
    assert len(history) == 1 + 2 * len(rounds)
    for before, after in itertools.pairwise(history):
        assert after[0] == before[1]
    assert history[-1][1] == fetched["status"]["id"]


def test_a_status_change_keeps_its_note(client, auth_headers, new_application):
    application = new_application(status_id=1)
    url = f"/api/applications/{application['id']}"
    body = {"status_id": 2, "status_note": "  Recruiter called back  "}
    changed = client.put(url, json=body, headers=auth_headers).get_json()
    assert [step["note"] for step in changed["status_history"]] == [None, "Recruiter called back"]
    assert client.get(url, headers=auth_headers).get_json()["status_history"][1]["note"] == (
        "Recruiter called back"
    )


def test_a_status_note_needs_a_status_change_and_a_bound(client, auth_headers, new_application):
    url = f"/api/applications/{new_application(status_id=1)['id']}"
    alone = client.put(url, json={"status_note": "why?"}, headers=auth_headers)
    assert alone.status_code == 422
    assert "status_note" in alone.get_json()["error"]["details"]
    long = client.put(url, json={"status_id": 2, "status_note": "x" * 501}, headers=auth_headers)
    assert long.status_code == 422
    fetched = client.get(url, headers=auth_headers).get_json()
    assert steps(fetched) == [(None, 1)]


def test_wishlist_has_no_applied_date_until_it_leaves(client, auth_headers, new_application):
    wish = new_application(status_id=9)
    assert wish["applied_at"] is None
    url = f"/api/applications/{wish['id']}"
    moved = client.put(url, json={"status_id": 1}, headers=auth_headers).get_json()
    assert moved["applied_at"] == datetime.now(UTC).date().isoformat()
    dated = new_application(status_id=9)
    body = {"status_id": 1, "applied_at": "2026-01-05"}
    kept = client.put(f"/api/applications/{dated['id']}", json=body, headers=auth_headers)
    assert kept.get_json()["applied_at"] == "2026-01-05"
