"""Asking for analyses and reading them through the API (no worker runs here)."""

from __future__ import annotations

import threading
import uuid

import pytest
import requests

FULL_RESULT = {
    "score": 81,
    "summary": "Strong match.",
    "matched_keywords": ["Python"],
    "missing_keywords": ["Kafka"],
    "strengths": ["Payments"],
    "weaknesses": ["No Kafka"],
    "suggestions": ["Mention queues"],
}


@pytest.fixture
def pair(auth_headers, resume_with_text, realistic_job):
    """(resume id, job id) of the auth_headers account."""
    return resume_with_text(auth_headers), realistic_job(auth_headers)


def analyze(client, headers, resume_id, job_id):
    return client.post(
        f"/api/resumes/{resume_id}/analyze", json={"job_id": job_id}, headers=headers
    )


def test_analyze_creates_a_pending_analysis_and_its_job(client, auth_headers, pair, sql):
    resume_id, job_id = pair

    response = analyze(client, auth_headers, resume_id, job_id)

    assert response.status_code == 202
    analysis = response.get_json()
    assert response.headers["Location"] == f"/api/analyses/{analysis['id']}"
    assert uuid.UUID(analysis["id"])
    assert {key: analysis[key] for key in ("resume_id", "job_id", "status")} == {
        "resume_id": resume_id,
        "job_id": job_id,
        "status": "pending",
    }
    assert [analysis[key] for key in ("result", "error", "provider", "model", "finished_at")] == [
        None
    ] * 5
    [job] = sql(
        "SELECT q.kind, q.payload, q.dedupe_key, q.status, q.user_id = a.user_id AS same_user"
        " FROM analyses a JOIN queue_jobs q ON q.id = a.queue_job_id"
    )
    assert (job.kind, job.payload, job.status, job.same_user) == (
        "analysis.run",
        {"analysis_id": analysis["id"]},
        "pending",
        True,
    )
    assert job.dedupe_key == f"analysis:{resume_id}:{job_id}"
    fetched = client.get(response.headers["Location"], headers=auth_headers)
    assert fetched.status_code == 200
    assert fetched.get_json() == analysis


def test_analyze_again_while_in_flight_returns_the_same_analysis(client, auth_headers, pair, sql):
    resume_id, job_id = pair
    first = analyze(client, auth_headers, resume_id, job_id).get_json()
    sql("UPDATE analyses SET status = 'processing'")

    second = analyze(client, auth_headers, resume_id, job_id)

    assert second.status_code == 202
    assert second.get_json()["id"] == first["id"]
    assert second.headers["Location"] == f"/api/analyses/{first['id']}"
    assert sql("SELECT count(*) FROM analyses")[0][0] == 1
    assert sql("SELECT count(*) FROM queue_jobs WHERE kind = 'analysis.run'")[0][0] == 1


def test_concurrent_requests_create_exactly_one_analysis(live_server, auth_headers, pair, sql):
    resume_id, job_id = pair
    url = f"{live_server}/api/resumes/{resume_id}/analyze"
    barrier = threading.Barrier(8)
    answers = []

    def post() -> None:
        barrier.wait()
        answers.append(
            requests.post(url, json={"job_id": job_id}, headers=auth_headers, timeout=30)
        )

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [answer.status_code for answer in answers] == [202] * 8
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert sql("SELECT count(*) FROM analyses")[0][0] == 1
    assert sql("SELECT count(*) FROM queue_jobs WHERE kind = 'analysis.run'")[0][0] == 1


def test_a_finished_analysis_makes_room_for_a_new_one(client, auth_headers, pair, sql):
    resume_id, job_id = pair
    first = analyze(client, auth_headers, resume_id, job_id).get_json()
    sql(
        "UPDATE analyses SET status = 'done', result = CAST(:result AS jsonb),"
        " provider = 'builtin', model = 'keywords-v1', finished_at = now(),"
        " created_at = now() - interval '1 minute'",
        result='{"score": 81, "summary": "Strong match.", "matched_keywords": ["Python"],'
        ' "missing_keywords": ["Kafka"], "strengths": ["Payments"], "weaknesses": ["No Kafka"],'
        ' "suggestions": ["Mention queues"]}',
    )
    sql("UPDATE queue_jobs SET status = 'done'")

    second = analyze(client, auth_headers, resume_id, job_id).get_json()
    done = client.get(f"/api/analyses/{first['id']}", headers=auth_headers).get_json()
    newest = client.get(f"/api/resumes/{resume_id}/analysis/{job_id}", headers=auth_headers)

    assert second["id"] != first["id"]
    assert done["status"] == "done"
    assert done["result"] == FULL_RESULT
    assert (done["provider"], done["model"]) == ("builtin", "keywords-v1")
    assert done["finished_at"] is not None
    assert newest.status_code == 200
    assert newest.get_json()["id"] == second["id"]


def test_list_of_a_resumes_analyses_is_newest_first_and_paginated(
    client, auth_headers, pair, realistic_job, sql, count_queries
):
    resume_id, job_id = pair
    other_job = realistic_job(auth_headers)
    ids = []
    for minutes_ago, target in ((3, job_id), (2, other_job)):
        ids.append(analyze(client, auth_headers, resume_id, target).get_json()["id"])
        sql(
            "UPDATE analyses SET created_at = now() - make_interval(mins => :m) WHERE id = :id",
            m=minutes_ago,
            id=ids[-1],
        )

    with count_queries() as small:
        page = client.get(
            f"/api/resumes/{resume_id}/analyses?page_size=1", headers=auth_headers
        ).get_json()
    with count_queries() as large:
        everything = client.get(
            f"/api/resumes/{resume_id}/analyses?page_size=100", headers=auth_headers
        ).get_json()

    assert [item["id"] for item in page["items"]] == [ids[1]]
    assert (page["total"], page["pages"]) == (2, 2)
    assert [item["id"] for item in everything["items"]] == ids[::-1]
    assert small.count == large.count


def test_newest_analysis_is_404_when_there_is_none(client, auth_headers, pair):
    resume_id, job_id = pair

    response = client.get(f"/api/resumes/{resume_id}/analysis/{job_id}", headers=auth_headers)

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "body",
    [{}, {"job_id": "seven"}, {"job_id": 0}, {"job_id": 2**63}, {"job_id": 1, "model": "gpt"}],
)
def test_analyze_rejects_bad_bodies(client, auth_headers, pair, body):
    response = client.post(f"/api/resumes/{pair[0]}/analyze", json=body, headers=auth_headers)

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"


def test_analyze_against_someone_elses_or_a_deleted_job_is_422(
    client, auth_headers, make_headers, pair, realistic_job, sql
):
    resume_id, own_job = pair
    foreign_job = realistic_job(make_headers())
    sql("UPDATE job_listings SET deleted_at = now() WHERE id = :id", id=own_job)

    for job_id in (foreign_job, own_job, 999_999):
        response = analyze(client, auth_headers, resume_id, job_id)
        assert response.status_code == 422
        assert "job_id" in response.get_json()["error"]["details"]
    assert sql("SELECT count(*) FROM analyses")[0][0] == 0


def test_someone_elses_resume_and_analysis_are_404(client, auth_headers, make_headers, pair):
    resume_id, job_id = pair
    created = analyze(client, auth_headers, resume_id, job_id).get_json()
    stranger = make_headers()

    answers = [
        analyze(client, stranger, resume_id, job_id),
        client.get(f"/api/analyses/{created['id']}", headers=stranger),
        client.get(f"/api/resumes/{resume_id}/analysis/{job_id}", headers=stranger),
        client.get(f"/api/resumes/{resume_id}/analyses", headers=stranger),
    ]

    assert [answer.status_code for answer in answers] == [404] * 4
    assert all(answer.get_json()["error"]["code"] == "not_found" for answer in answers)


@pytest.mark.parametrize("analysis_id", ["not-a-uuid", "1234", str(uuid.uuid4())])
def test_unknown_or_malformed_analysis_ids_are_404(client, auth_headers, analysis_id):
    response = client.get(f"/api/analyses/{analysis_id}", headers=auth_headers)

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_an_orphan_job_holding_the_dedupe_key_is_a_conflict(client, auth_headers, pair, sql):
    resume_id, job_id = pair
    sql(
        "INSERT INTO queue_jobs (kind, payload, dedupe_key)"
        " VALUES ('analysis.run', CAST(:payload AS jsonb), :key)",
        payload=f'{{"analysis_id": "{uuid.uuid4()}"}}',
        key=f"analysis:{resume_id}:{job_id}",
    )

    response = analyze(client, auth_headers, resume_id, job_id)

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict"
    assert sql("SELECT count(*) FROM analyses")[0][0] == 0


def test_openapi_documents_the_analysis_routes(client):
    spec = client.get("/api/openapi.json").get_json()

    post = spec["paths"]["/api/resumes/{resume_id}/analyze"]["post"]
    assert "Location" in post["responses"]["202"]["headers"]
    assert "/api/analyses/{analysis_id}" in spec["paths"]
    assert "/api/resumes/{resume_id}/analysis/{job_id}" in spec["paths"]
    assert "/api/resumes/{resume_id}/analyses" in spec["paths"]
    result = spec["components"]["schemas"]["AnalysisResult"]
    assert set(result["required"]) == {
        "score", "summary", "matched_keywords", "missing_keywords",
        "strengths", "weaknesses", "suggestions",
    }  # fmt: skip
