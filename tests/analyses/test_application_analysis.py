"""An analysis per application: its resume against its job listing, started by the
application itself on create and on each change of resume or job, deduplicated exactly
like the analyze route (no worker runs here)."""

from __future__ import annotations

import json
import threading
import time

import psycopg2
import requests

from tests.analyses.test_analyses_api import FULL_RESULT


def create(client, headers, **fields):
    """POST an application (status Applied) and return it."""
    response = client.post("/api/applications", json={"status_id": 1, **fields}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def change(client, headers, application_id, **fields):
    """PATCH an application and return it."""
    response = client.patch(f"/api/applications/{application_id}", json=fields, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def analyses(sql):
    """(resume_id, job_id, status, queued) of every analysis, oldest first."""
    rows = sql(
        "SELECT a.resume_id, a.job_id, a.status, q.kind IS NOT NULL FROM analyses a"
        " LEFT JOIN queue_jobs q ON q.id = a.queue_job_id ORDER BY a.created_at, a.id"
    )
    return [tuple(row) for row in rows]


def test_creating_an_application_with_a_resume_starts_its_analysis(
    client, auth_headers, resume_with_text, realistic_job, sql
):
    resume_id, job_id = resume_with_text(auth_headers), realistic_job(auth_headers)

    application = create(client, auth_headers, job_id=job_id, resume_id=resume_id)

    assert analyses(sql) == [(resume_id, job_id, "pending", True)]
    [(analysis_id,)] = sql("SELECT id FROM analyses")
    assert application["analysis"] == {"id": str(analysis_id), "status": "pending", "score": None}
    listed = client.get("/api/applications", headers=auth_headers).get_json()["items"]
    assert listed[0]["analysis"] == application["analysis"]


def test_no_analysis_without_a_resume_a_description_or_readable_text(
    client, auth_headers, resume_with_text, realistic_job, make_job, sql
):
    job_id = realistic_job(auth_headers)
    blank_job = make_job(auth_headers, description="  ")
    unreadable = resume_with_text(auth_headers, status="failed", error="no_text")
    readable = resume_with_text(auth_headers)

    plain = create(client, auth_headers, job_id=job_id)
    create(client, auth_headers, job_id=blank_job, resume_id=readable)
    create(client, auth_headers, job_id=job_id, resume_id=unreadable)

    assert plain["analysis"] is None
    assert analyses(sql) == []


def test_changing_the_resume_or_the_job_analyzes_the_new_pair(
    client, auth_headers, resume_with_text, realistic_job, sql
):
    first, second = resume_with_text(auth_headers), resume_with_text(auth_headers)
    job_id, other_job = realistic_job(auth_headers), realistic_job(auth_headers)
    application = create(client, auth_headers, job_id=job_id, resume_id=first)

    change(client, auth_headers, application["id"], notes="no new analysis for this")
    on_second = change(client, auth_headers, application["id"], resume_id=second)
    change(client, auth_headers, application["id"], job_id=other_job)
    back = change(client, auth_headers, application["id"], resume_id=first, job_id=job_id)

    assert analyses(sql) == [
        (first, job_id, "pending", True),
        (second, job_id, "pending", True),
        (second, other_job, "pending", True),
    ]
    assert on_second["analysis"]["status"] == "pending"
    # Back to the first pair, still in flight: the same analysis, as the analyze route does.
    [(first_id,)] = sql("SELECT id FROM analyses WHERE resume_id = :r", r=first)
    assert back["analysis"]["id"] == str(first_id)
    assert sql("SELECT count(*) FROM queue_jobs WHERE kind = 'analysis.run'")[0][0] == 3


def test_the_application_shows_the_newest_analysis_and_its_score(
    client, auth_headers, resume_with_text, realistic_job, sql
):
    resume_id, job_id = resume_with_text(auth_headers), realistic_job(auth_headers)
    application = create(client, auth_headers, job_id=job_id, resume_id=resume_id)
    sql(
        "UPDATE analyses SET status = 'done', result = CAST(:result AS jsonb), finished_at = now()",
        result=json.dumps(FULL_RESULT),
    )
    sql("UPDATE queue_jobs SET status = 'done' WHERE kind = 'analysis.run'")

    shown = client.get(f"/api/applications/{application['id']}", headers=auth_headers).get_json()
    asked = client.post(
        f"/api/resumes/{resume_id}/analyze", json={"job_id": job_id}, headers=auth_headers
    ).get_json()
    newest = client.get(f"/api/applications/{application['id']}", headers=auth_headers).get_json()

    assert shown["analysis"] == {"id": application["analysis"]["id"], "status": "done", "score": 81}
    assert newest["analysis"] == {"id": asked["id"], "status": "pending", "score": None}


def test_an_analysis_in_flight_from_the_analyze_route_is_reused(
    client, auth_headers, resume_with_text, realistic_job, sql
):
    resume_id, job_id = resume_with_text(auth_headers), realistic_job(auth_headers)
    asked = client.post(
        f"/api/resumes/{resume_id}/analyze", json={"job_id": job_id}, headers=auth_headers
    ).get_json()

    first = create(client, auth_headers, job_id=job_id, resume_id=resume_id)
    second = create(client, auth_headers, job_id=job_id, resume_id=resume_id)

    assert first["analysis"]["id"] == second["analysis"]["id"] == asked["id"]
    assert len(analyses(sql)) == 1


def test_concurrent_updates_to_one_pair_make_exactly_one_analysis(
    database_url, client, live_server, auth_headers, resume_with_text, realistic_job, sql, user_id
):
    resume_id, job_id = resume_with_text(auth_headers), realistic_job(auth_headers)
    ids = [create(client, auth_headers, job_id=job_id)["id"] for _ in "ab"]
    # A third transaction holds an in-flight analysis of the pair, uncommitted: both updates
    # reach the unique index and wait on it. It rolls back; the updates race for real.
    blocker = psycopg2.connect(database_url)
    blocker.cursor().execute(
        "INSERT INTO analyses (id, user_id, resume_id, job_id, status)"
        " VALUES (gen_random_uuid(), %(user)s, %(resume)s, %(job)s, 'pending')",
        {"user": user_id(auth_headers), "resume": resume_id, "job": job_id},
    )
    answers: list[requests.Response] = []

    def put(application_id: int) -> None:
        answers.append(
            requests.patch(
                f"{live_server}/api/applications/{application_id}",
                json={"resume_id": resume_id},
                headers=auth_headers,
                timeout=30,
            )
        )

    threads = [threading.Thread(target=put, args=(application_id,)) for application_id in ids]
    for thread in threads:
        thread.start()
    wait_for_lock_waiters(sql, 2)
    blocker.rollback()
    blocker.close()
    for thread in threads:
        thread.join()

    assert [answer.status_code for answer in answers] == [200, 200]
    assert len({answer.json()["analysis"]["id"] for answer in answers}) == 1
    assert analyses(sql) == [(resume_id, job_id, "pending", True)]
    assert sql("SELECT count(*) FROM queue_jobs WHERE kind = 'analysis.run'")[0][0] == 1


def test_two_concurrent_updates_of_one_application_make_one_analysis(
    client, live_server, auth_headers, resume_with_text, realistic_job, sql
):
    resume_id, job_id = resume_with_text(auth_headers), realistic_job(auth_headers)
    application = create(client, auth_headers, job_id=job_id)
    barrier = threading.Barrier(2)
    answers: list[requests.Response] = []

    def put() -> None:
        barrier.wait()
        answers.append(
            requests.put(
                f"{live_server}/api/applications/{application['id']}",
                json={"resume_id": resume_id},
                headers=auth_headers,
                timeout=30,
            )
        )

    threads = [threading.Thread(target=put) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [answer.status_code for answer in answers] == [200, 200]
    assert analyses(sql) == [(resume_id, job_id, "pending", True)]


def wait_for_lock_waiters(sql, count: int, timeout_seconds: float = 10.0) -> None:
    """Wait until `count` backends wait on a lock (the updates queued behind the blocker)."""
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        waiting = sql(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )[0][0]
        if waiting >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"{count} requests never queued behind the blocker")
