"""The settings page shows the account's usage against its quotas and the model's spend;
an analysis past the day's quota shows the quota's message on the resume page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

RESUME = b"Ada Lovelace\nBackend engineer: Python, Flask, PostgreSQL and Docker.\n"
JOB = {"company": "Northwind", "position": "Backend Engineer", "description": "Python, Flask"}
RESULT = (
    '{"score": 60, "summary": "A fair match.", "matched_keywords": ["Python"],'
    ' "missing_keywords": [], "strengths": [], "weaknesses": [], "suggestions": []}'
)


def test_usage_on_the_settings_page_and_a_quota_message(page: Page, account, log_in, sql):
    resume = account.upload(RESUME, "ada-cv.txt")
    job = account.post("/api/jobs", JOB)
    sql(
        "UPDATE resumes SET text_status = 'ready', text = :text WHERE id = :id",
        text=RESUME.decode(),
        id=resume["id"],
    )
    # The day's 50 analyses, one of them answered by a model with its reported cost.
    sql(
        "INSERT INTO analyses (id, user_id, resume_id, job_id, status, result, provider, model,"
        " prompt_tokens, completion_tokens, cost_usd, finished_at)"
        " SELECT gen_random_uuid(), :user, :resume, :job, 'done', CAST(:result AS jsonb),"
        " CASE WHEN n = 1 THEN 'openrouter' ELSE 'builtin' END, 'm',"
        " CASE WHEN n = 1 THEN 1200 END, CASE WHEN n = 1 THEN 300 END,"
        " CASE WHEN n = 1 THEN 0.0125 END, now()"
        " FROM generate_series(1, 50) AS n",
        user=account.user["id"],
        resume=resume["id"],
        job=job["id"],
        result=RESULT,
    )
    log_in(account.email)

    page.get_by_role("link", name="Settings", exact=True).click()
    panel = page.get_by_role("region", name="Usage")
    expect(panel.locator("dd")).to_have_text(
        [
            "50 of 50",
            f"{len(RESUME)} B of 50 MB",
            "0 of 100",
            "1 analysis, 1,500 tokens, $0.0125",
        ]
    )
    expect(panel.locator("dt").nth(3)).to_contain_text("AI model in 20")

    page.goto(f"/#/resumes/{resume['id']}")
    analyze = page.get_by_role("region", name="Analyze against a job listing")
    expect(analyze.get_by_label("Job listing")).to_have_value(str(job["id"]))
    analyze.get_by_role("button", name="Analyze").click()

    alert = analyze.get_by_role("alert")
    expect(alert).to_contain_text("You have used all 50 analyses of today")
    expect(alert).to_contain_text("more are available after midnight (UTC)")
