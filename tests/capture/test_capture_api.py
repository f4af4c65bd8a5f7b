"""POST /api/jobs/capture, GET /api/captures/<uuid> and the snapshot routes: validation,
the 202 answer, ownership, and the OpenAPI document."""

from __future__ import annotations

import uuid

import pytest

from tests.security.helpers import assert_envelope


def test_a_capture_is_accepted_pending_with_its_location_and_queue_job(client, auth_headers, sql):
    response = client.post(
        "/api/jobs/capture", json={"url": "https://jobs.example.com/1"}, headers=auth_headers
    )

    assert response.status_code == 202
    capture = response.get_json()
    assert response.headers["Location"] == f"/api/captures/{capture['id']}"
    assert capture["status"] == "pending"
    assert (capture["error"], capture["method"], capture["job"], capture["finished_at"]) == (
        None,
        None,
        None,
        None,
    )
    [job] = sql("SELECT kind, payload FROM queue_jobs")
    assert job.kind == "job.capture"
    assert job.payload == {"capture_id": capture["id"]}
    assert client.get(response.headers["Location"], headers=auth_headers).get_json() == capture


@pytest.mark.parametrize(
    "body",
    [
        {"html": "<h1>Engineer</h1>", "url": "https://jobs.example.com/1"},
        {"html": "<h1>Engineer</h1>"},
        {"text": "Engineer at Acme"},
    ],
)
def test_html_or_text_is_kept_for_the_queue(client, auth_headers, sql, body):
    response = client.post("/api/jobs/capture", json=body, headers=auth_headers)

    assert response.status_code == 202, response.get_json()
    [row] = sql("SELECT source, url, input FROM captures")
    assert (row.url, row.input) == (body.get("url"), body.get("html") or body.get("text"))
    assert row.source == ("text" if "text" in body else "html")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "_schema"),
        ({"url": None}, "_schema"),
        ({"text": "   "}, "text"),
        ({"text": "Engineer", "url": "https://jobs.example.com/1"}, "text"),
        ({"text": "Engineer", "html": "<p>Engineer</p>"}, "text"),
        ({"url": "ftp://jobs.example.com/1"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://jobs.example.com/" + "a" * 2048}, "url"),
        ({"text": "x" * 20_001}, "text"),
        ({"url": "https://jobs.example.com/1", "company": "Acme"}, "company"),
    ],
)
def test_a_capture_needs_exactly_one_posting(client, auth_headers, sql, body, field):
    response = client.post("/api/jobs/capture", json=body, headers=auth_headers)

    error = assert_envelope(response, 422, "validation_error")
    assert field in error["details"], error
    assert sql("SELECT count(*) FROM captures")[0][0] == 0


def test_an_html_page_over_two_megabytes_is_refused(client, auth_headers):
    body = {"html": "<p>" + "x" * (2 * 1024 * 1024) + "</p>"}
    response = client.post("/api/jobs/capture", json=body, headers=auth_headers)
    assert_envelope(response, 422, "validation_error")


def test_another_users_capture_and_snapshots_are_not_found(client, make_headers, sql):
    owner, other = make_headers(), make_headers()
    capture = client.post(
        "/api/jobs/capture", json={"text": "Engineer at Acme"}, headers=owner
    ).get_json()
    job = client.post(
        "/api/jobs", json={"company": "A", "position": "P", "description": "D"}, headers=owner
    ).get_json()
    [[snapshot_id]] = sql(
        "INSERT INTO posting_snapshots (user_id, job_id, text_sha256, text)"
        " SELECT user_id, id, repeat('a', 64), 'the text' FROM job_listings RETURNING id"
    )

    for path in (
        f"/api/captures/{capture['id']}",
        f"/api/captures/{uuid.uuid4()}",
        f"/api/jobs/{job['id']}/snapshots",
        f"/api/jobs/{job['id']}/snapshots/{snapshot_id}",
    ):
        assert_envelope(client.get(path, headers=other), 404, "not_found")
    assert (
        client.get(f"/api/jobs/{job['id']}/snapshots/{snapshot_id}", headers=owner).get_json()[
            "text"
        ]
        == "the text"
    )


def test_a_snapshot_of_another_listing_is_not_found_under_this_one(client, auth_headers, sql):
    for name in ("A", "B"):
        client.post(
            "/api/jobs",
            json={"company": name, "position": "P", "description": "D"},
            headers=auth_headers,
        )
    [[snapshot_id]] = sql(
        "INSERT INTO posting_snapshots (user_id, job_id, text_sha256, text)"
        " SELECT user_id, id, repeat('a', 64), 'B' FROM job_listings WHERE company = 'B'"
        " RETURNING id"
    )
    response = client.get(f"/api/jobs/1/snapshots/{snapshot_id}", headers=auth_headers)
    assert_envelope(response, 404, "not_found")


def test_job_listings_show_their_posting_facts(client, auth_headers):
    job = client.post(
        "/api/jobs",
        json={"company": "A", "position": "P", "description": "D"},
        headers=auth_headers,
    ).get_json()

    assert {
        key: job[key] for key in ("posted_at", "valid_through", "employment_type")
    } == dict.fromkeys(("posted_at", "valid_through", "employment_type"))
    assert (job["posting_status"], job["posting_checked_at"]) == ("unknown", None)


def test_the_routes_are_documented(client):
    document = client.get("/api/openapi.json").get_json()
    paths = document["paths"]

    capture = paths["/api/jobs/capture"]["post"]
    assert "Location" in capture["responses"]["202"]["headers"]
    assert {"url", "html", "text"} == set(
        document["components"]["schemas"]["CaptureRequest"]["properties"]
    )
    assert "404" in paths["/api/captures/{capture_id}"]["get"]["responses"]
    listing = paths["/api/jobs/{job_id}/snapshots"]["get"]
    assert {parameter["name"] for parameter in listing["parameters"]} >= {"page", "page_size"}
    assert "text" in document["components"]["schemas"]["SnapshotDetail"]["properties"]
    job = document["components"]["schemas"]["Job"]["properties"]
    assert job["posting_status"]["enum"] == ["open", "closed", "unknown"]
