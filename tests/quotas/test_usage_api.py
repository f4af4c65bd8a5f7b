"""GET /api/user/usage: today's use of each quota and this month's model use, in one query."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.quotas.conftest import POSTING


def month_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m")


def test_a_new_account_has_used_nothing(quick_headers, quota_client):
    response = quota_client.get("/api/user/usage", headers=quick_headers())

    assert response.status_code == 200
    assert response.get_json() == {
        "analyses_today": 0,
        "analyses_per_day": 2,
        "storage_bytes": 0,
        "storage_limit": 1000,
        "captures_today": 0,
        "captures_per_day": 1,
        "model": {
            "month": month_now(),
            "analyses": 0,
            "prompt_tokens": 0,
            "completion_tokens": 0,
            "cost_usd": 0.0,
        },
    }


def test_usage_counts_the_callers_records_only(
    quick_headers, quota_client, resume_of, make_job, user_id, add_analysis
):
    headers, other = quick_headers(), quick_headers()
    resume_id = resume_of(quota_client, headers)
    job_id = make_job(headers)
    assert (
        quota_client.post(
            f"/api/resumes/{resume_id}/analyze", json={"job_id": job_id}, headers=headers
        ).status_code
        == 202
    )
    assert (
        quota_client.post("/api/jobs/capture", json={"text": POSTING}, headers=headers).status_code
        == 202
    )
    me = user_id(headers)
    add_analysis(me, resume_id, job_id, tokens=(1000, 200), cost="0.25")
    add_analysis(me, resume_id, job_id, tokens=(500, None), cost=None)  # no price reported
    add_analysis(me, resume_id, job_id, provider="builtin", tokens=(None, None), cost=None)
    add_analysis(me, resume_id, job_id, cost="9", ago="40 days")  # another month, another day
    resume_of(quota_client, other)
    usage = quota_client.get("/api/user/usage", headers=headers).get_json()

    assert usage["analyses_today"] == 4  # the pending one, two by the model, one builtin
    assert usage["storage_bytes"] == 300
    assert usage["captures_today"] == 1
    assert usage["model"] == {
        "month": month_now(),
        "analyses": 2,
        "prompt_tokens": 1500,
        "completion_tokens": 200,
        "cost_usd": 0.25,
    }
    assert quota_client.get("/api/user/usage", headers=other).get_json()["storage_bytes"] == 300
    assert quota_client.get("/api/user/usage", headers=other).get_json()["analyses_today"] == 0


def test_usage_is_one_statement_however_much_was_used(
    client, quick_headers, resume_of, make_job, user_id, add_analysis, count_queries
):
    busy, idle = quick_headers(), quick_headers()
    resume_id, job_id = resume_of(client, busy), make_job(busy)
    for _ in range(5):
        add_analysis(user_id(busy), resume_id, job_id)

    counts = []
    for headers in (busy, idle):
        client.get("/api/user/usage", headers=headers)  # the login session is looked up once
        with count_queries() as counted:
            assert client.get("/api/user/usage", headers=headers).status_code == 200
        counts.append(counted.count)
        assert len([sql for sql in counted.statements if "analyses" in sql]) == 1

    assert counts[0] == counts[1]


def test_an_admins_limits_are_none(quick_headers, quota_client, sql):
    headers = quick_headers()
    sql("UPDATE users SET is_admin = true")

    usage = quota_client.get("/api/user/usage", headers=headers).get_json()

    assert (usage["analyses_per_day"], usage["storage_limit"], usage["captures_per_day"]) == (
        None,
        None,
        None,
    )


def test_usage_needs_a_token(quota_client):
    response = quota_client.get("/api/user/usage")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_the_openapi_document_describes_usage_and_quota_answers(client):
    spec = client.get("/api/openapi.json").get_json()
    usage = spec["paths"]["/api/user/usage"]["get"]
    assert "200" in usage["responses"]
    for path, method in (
        ("/api/resumes/{resume_id}/analyze", "post"),
        ("/api/resumes", "post"),
        ("/api/jobs/capture", "post"),
    ):
        refused = spec["paths"][path][method]["responses"]["429"]
        assert "quota_exceeded" in refused["description"]
        assert "Retry-After" in refused["headers"]
    analysis = spec["components"]["schemas"]["Analysis"]["properties"]
    assert "usage" in analysis
