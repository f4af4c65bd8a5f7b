"""Moving around: Back and Forward through pages and filters, where focus lands after an
upload and an analysis request, and the not-found page for records one cannot see and
addresses that lead nowhere."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.web.conftest import JOB, WORKER_TIMEOUT_MS


def test_back_and_forward_walk_through_pages_and_filters(page: Page, account, log_in):
    job = account.post("/api/jobs", JOB)
    for index in range(25):
        status_id = 2 if index % 5 == 0 else 1
        account.post("/api/applications", {"job_id": job["id"], "status_id": status_id})
    log_in(account.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Applications").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(20)
    page.get_by_role("button", name="Next →").click()
    expect(rows).to_have_count(5)
    page.get_by_label("Status").select_option(label="HR Interview")
    expect(rows).to_have_count(5)
    expect(page).to_have_url(re.compile(r"status_id=2"))

    page.go_back()
    expect(page).to_have_url(re.compile(r"#/applications\?page=2$"))
    expect(page.get_by_label("Status")).to_have_value("")
    expect(rows).to_have_count(5)
    page.go_back()
    expect(page).to_have_url(re.compile(r"#/applications$"))
    expect(rows).to_have_count(20)
    page.go_back()
    expect(page.get_by_role("heading", name="Board")).to_be_visible()

    page.go_forward()
    expect(rows).to_have_count(20)
    page.go_forward()
    expect(page).to_have_url(re.compile(r"page=2$"))
    expect(page.get_by_role("navigation", name="Pagination")).to_contain_text("Page 2 of 2")
    page.go_forward()
    expect(page.get_by_label("Status")).to_have_value("2")
    expect(page.locator("table tbody .chip")).to_have_text(["HR Interview"] * 5)


def test_focus_moves_to_the_status_after_an_upload_and_an_analysis_request(
    page: Page, worker: None, account, log_in, resume_pdf: Path
):
    account.post("/api/jobs", JOB)
    log_in(account.email)
    page.goto("/#/resumes")
    page.get_by_label("Resume file").set_input_files(resume_pdf)
    page.get_by_role("button", name="Upload resume").click()
    expect(page.get_by_role("heading", name=resume_pdf.name)).to_be_visible()
    status = page.locator("#main [role=status][aria-live=polite]:focus")
    expect(status).to_contain_text(re.compile("Extracting text|Text ready"))
    expect(status).to_contain_text("Text ready", timeout=WORKER_TIMEOUT_MS)

    page.get_by_role("button", name="Analyze").click()
    expect(page).to_have_url(re.compile(r"#/analyses/"))
    expect(status).to_contain_text(re.compile("Waiting for a worker|Analyzing|out of 100"))
    score = status.get_by_role("img", name=re.compile("^Match score"))
    expect(score).to_be_visible(timeout=WORKER_TIMEOUT_MS)


def test_a_missing_record_or_another_persons_shows_the_not_found_page(
    page: Page, account, log_in, make_headers, client
):
    other = make_headers()
    job = client.post("/api/jobs", json=JOB, headers=other).get_json()
    theirs = client.post(
        "/api/applications", json={"job_id": job["id"], "status_id": 1}, headers=other
    ).get_json()
    log_in(account.email)
    addresses = [f"#/applications/{theirs['id']}", "#/applications/99999", f"#/jobs/{job['id']}"]
    for address in [*addresses, "#/no/such/page"]:
        page.goto(f"/{address}")
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        expect(page.get_by_role("heading", name="Something went wrong")).to_have_count(0)
