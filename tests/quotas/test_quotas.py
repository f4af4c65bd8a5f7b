"""Per-account quotas: analyses and captures a day (the account's own day), resume bytes;
429 quota_exceeded with its details, admins exempt, 0 meaning no limit."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.quotas.conftest import POSTING, assert_quota_exceeded

ZONE = "Asia/Kathmandu"  # UTC+05:45: its midnight is nowhere near UTC's


def seconds_to_midnight(zone: str) -> int:
    """Whole seconds from now to the next midnight in `zone`."""
    now = datetime.now(ZoneInfo(zone))
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)
    return math.ceil((midnight - now).total_seconds())


def move_analyses(sql, ids: list[str], offset: str) -> None:
    """Date analyses at the account's last midnight plus `offset` (an SQL interval)."""
    sql(
        "UPDATE analyses SET created_at = (date_trunc('day', now() AT TIME ZONE :zone)"
        " AT TIME ZONE :zone) + CAST(:offset AS interval) WHERE id = ANY(CAST(:ids AS uuid[]))",
        zone=ZONE,
        offset=offset,
        ids=ids,
    )


def test_analyses_past_the_daily_quota_wait_for_the_accounts_midnight(
    quick_headers, quota_client, resume_of, make_job, analyze, sql
):
    headers = quick_headers()
    sql("UPDATE users SET timezone = :zone", zone=ZONE)
    resume_id = resume_of(quota_client, headers)
    jobs = [make_job(headers) for _ in range(4)]
    first, second = (analyze(headers, resume_id, job) for job in jobs[:2])
    assert (first.status_code, second.status_code) == (202, 202)

    refused = analyze(headers, resume_id, jobs[2])

    assert_quota_exceeded(refused, "analyses_per_day", 2, 2)
    assert "midnight (Asia/Kathmandu)" in refused.get_json()["error"]["message"]
    assert abs(int(refused.headers["Retry-After"]) - seconds_to_midnight(ZONE)) <= 5
    # Asking again for one in flight is no new analysis: the same one answers.
    again = analyze(headers, resume_id, jobs[0])
    assert (again.status_code, again.get_json()["id"]) == (202, first.get_json()["id"])

    # Made a second before the account's midnight: yesterday's, not counted.
    made = [first.get_json()["id"], second.get_json()["id"]]
    move_analyses(sql, made, "-1 second")
    assert analyze(headers, resume_id, jobs[2]).status_code == 202
    # A second after it: today's again, with the new one that makes 2.
    move_analyses(sql, made[:1], "1 second")
    assert_quota_exceeded(analyze(headers, resume_id, jobs[3]), "analyses_per_day", 2, 2)
    [[count]] = sql("SELECT count(*) FROM analyses")
    assert count == 3


def test_admins_have_no_quotas(quick_headers, quota_client, resume_of, make_job, analyze, sql):
    headers = quick_headers()
    sql("UPDATE users SET is_admin = true")
    resume_id = resume_of(quota_client, headers)

    for _ in range(3):
        assert analyze(headers, resume_id, make_job(headers)).status_code == 202
    for _ in range(2):
        response = quota_client.post("/api/jobs/capture", json={"text": POSTING}, headers=headers)
        assert response.status_code == 202
    for _ in range(3):  # 4 x 300 bytes: past the 1000-byte quota
        resume_of(quota_client, headers)


def test_an_application_past_the_quota_is_saved_without_its_automatic_analysis(
    quick_headers, quota_client, resume_of, make_job, analyze, sql
):
    headers = quick_headers()
    resume_id = resume_of(quota_client, headers)
    for _ in range(2):
        assert analyze(headers, resume_id, make_job(headers)).status_code == 202
    job_id, other_job_id = make_job(headers), make_job(headers)

    created = quota_client.post(
        "/api/applications",
        json={"job_id": job_id, "status_id": 1, "resume_id": resume_id},
        headers=headers,
    )
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["analysis"] is None
    changed = quota_client.put(
        f"/api/applications/{created.get_json()['id']}",
        json={"job_id": other_job_id},
        headers=headers,
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["analysis"] is None
    [[count]] = sql("SELECT count(*) FROM analyses")
    assert count == 2
    # Under the quota the application gets its analysis, as before.
    sql("UPDATE analyses SET created_at = created_at - interval '2 days'")
    moved = quota_client.put(
        f"/api/applications/{created.get_json()['id']}", json={"job_id": job_id}, headers=headers
    )
    assert moved.get_json()["analysis"]["status"] == "pending"


def test_resume_bytes_past_the_storage_quota_answer_429_without_retry_after(
    quick_headers, quota_client, upload_to, sql
):
    headers = quick_headers()
    first = upload_to(quota_client, headers, 600)
    assert first.status_code == 201

    refused = upload_to(quota_client, headers, 401)

    assert_quota_exceeded(refused, "storage_bytes", 1000, 600)
    assert "Retry-After" not in refused.headers
    assert "delete a resume" in refused.get_json()["error"]["message"]
    assert upload_to(quota_client, headers, 400).status_code == 201  # exactly 1000 fits
    assert_quota_exceeded(upload_to(quota_client, headers, 1), "storage_bytes", 1000, 1000)
    deleted = quota_client.delete(f"/api/resumes/{first.get_json()['id']}", headers=headers)
    assert deleted.status_code == 204
    assert upload_to(quota_client, headers, 600).status_code == 201
    [[stored]] = sql("SELECT sum(size_bytes) FROM resumes")
    assert stored == 1000


def test_captures_past_the_daily_quota_answer_429_with_retry_after(
    quick_headers, quota_client, sql
):
    headers = quick_headers()
    sql("UPDATE users SET timezone = 'America/New_York'")
    capture = quota_client.post("/api/jobs/capture", json={"text": POSTING}, headers=headers)
    assert capture.status_code == 202

    refused = quota_client.post(
        "/api/jobs/capture", json={"url": "https://example.com/j/1"}, headers=headers
    )

    assert_quota_exceeded(refused, "captures_per_day", 1, 1)
    retry_after = int(refused.headers["Retry-After"])
    assert abs(retry_after - seconds_to_midnight("America/New_York")) <= 5
    [[count]] = sql("SELECT count(*) FROM captures")
    assert count == 1


def test_quotas_count_per_account(quick_headers, quota_client, sql):
    one, other = quick_headers(), quick_headers()
    for headers in (one, other):
        response = quota_client.post("/api/jobs/capture", json={"text": POSTING}, headers=headers)
        assert response.status_code == 202


def test_a_quota_of_zero_is_no_limit(quick_headers, unlimited_app, upload_to, make_job):
    client = unlimited_app.test_client()
    headers = quick_headers()
    resumes = [upload_to(client, headers, 900) for _ in range(3)]
    assert [response.status_code for response in resumes] == [201, 201, 201]
    resume_id = resumes[0].get_json()["id"]
    for _ in range(3):
        job_id = make_job(headers)
        response = client.post(
            f"/api/resumes/{resume_id}/analyze", json={"job_id": job_id}, headers=headers
        )
        assert response.status_code == 202
    for _ in range(2):
        response = client.post("/api/jobs/capture", json={"text": POSTING}, headers=headers)
        assert response.status_code == 202
