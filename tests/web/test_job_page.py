"""A job listing's own page: the whole description, the applications to it and the
analyses of resumes against it, reached from the title in the job list."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

DESCRIPTION = (
    "Build the pipelines behind our forecasting product.\n\n"
    "You will model data in PostgreSQL, write Python services and run Airflow. "
    + "We care about tests, code review and clear writing. " * 6
    + "\n\nThe last line of the posting: relocation to Berlin is paid."
)
RESULT = {
    "score": 81,
    "summary": "A strong match.",
    "matched_keywords": ["PostgreSQL", "Python"],
    "missing_keywords": ["Airflow"],
    "strengths": [],
    "weaknesses": [],
    "suggestions": [],
}


def test_a_job_listing_page_shows_its_description_applications_and_analyses(
    page: Page, account, log_in, sql
):
    job = account.post(
        "/api/jobs",
        {
            "company": "Acme",
            "position": "Data Engineer",
            "description": DESCRIPTION,
            "location": "Berlin",
            "url": "https://jobs.example.com/acme/42",
        },
    )
    other = account.post(
        "/api/jobs", {"company": "Globex", "position": "Analyst", "description": "Excel"}
    )
    sent = account.post(
        "/api/applications", {"job_id": job["id"], "status_id": 2, "applied_at": "2026-03-02"}
    )
    account.post("/api/applications", {"job_id": other["id"], "status_id": 1})
    analysed = account.upload(b"Data engineer: Python, PostgreSQL, dbt.", "data-cv.txt")
    account.upload(b"Analyst: Excel, Tableau.", "analyst-cv.txt")
    [[analysis_id]] = sql(
        "INSERT INTO analyses (id, user_id, resume_id, job_id, status, result, provider,"
        " finished_at) VALUES (gen_random_uuid(), :user_id, :resume_id, :job_id, 'done',"
        " CAST(:result AS jsonb), 'builtin', now()) RETURNING id",
        user_id=account.user["id"],
        resume_id=analysed["id"],
        job_id=job["id"],
        result=json.dumps(RESULT),
    )
    log_in(account.email)

    page.get_by_role("link", name="Job listings").click()
    card = page.locator("li.job-card").filter(has_text="Acme")
    expect(card).not_to_contain_text("relocation to Berlin is paid")
    card.get_by_role("link", name="Acme — Data Engineer").click()
    expect(page).to_have_url(re.compile(rf"#/jobs/{job['id']}$"))
    expect(page.get_by_role("heading", name="Acme", exact=True)).to_be_visible()
    description = page.locator(".job-description")
    expect(description).to_contain_text("relocation to Berlin is paid")
    expect(description).to_contain_text("Build the pipelines")
    expect(page.get_by_role("link", name="Open posting ↗")).to_have_attribute(
        "href", "https://jobs.example.com/acme/42"
    )

    applications = page.locator("section").filter(
        has=page.get_by_role("heading", name="Applications")
    )
    expect(applications.locator("li")).to_have_count(1)
    expect(applications.locator("li .chip")).to_have_text("HR Interview")
    analyses = page.locator("section").filter(
        has=page.get_by_role("heading", name="Resume analyses")
    )
    expect(analyses.locator("li")).to_have_count(1)
    expect(analyses.locator("li")).to_contain_text("81/100")
    analyses.get_by_role("link", name="data-cv.txt").click()
    expect(page).to_have_url(re.compile(rf"#/analyses/{analysis_id}$"))
    expect(page.get_by_role("img", name=re.compile(r"^Match score 81"))).to_be_visible()

    page.goto(f"/#/applications/{sent['id']}")
    page.get_by_role("link", name="Acme — Data Engineer").click()
    expect(page).to_have_url(re.compile(rf"#/jobs/{job['id']}$"))
    expect(page.locator(".job-description")).to_contain_text("relocation to Berlin is paid")
