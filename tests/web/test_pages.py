"""The main pages with data in them: board by keyboard, the table's filters and pages,
resume management, the dashboard's charts, and a phone-sized screen."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli"]


def seed_applications(account, count: int) -> list[dict]:
    """`count` applications over five job listings, statuses 1-3, applied on past days."""
    jobs = [
        account.post(
            "/api/jobs",
            {"company": company, "position": "Backend Engineer", "description": "Python, SQL"},
        )
        for company in COMPANIES
    ]
    return [
        account.post(
            "/api/applications",
            {
                "job_id": jobs[index % len(jobs)]["id"],
                "status_id": index % 3 + 1,
                "applied_at": (date.today() - timedelta(days=index)).isoformat(),
                "notes": "referral" if index == 7 else None,
            },
        )
        for index in range(count)
    ]


def test_a_card_moves_with_the_keyboard_alone(page: Page, account, log_in, client):
    [application] = seed_applications(account, 1)
    log_in(account.email)
    menu = page.locator(".board-card summary")
    menu.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".board-card .menu-list button").first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".board-card .menu-list button").nth(1)).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".board-card .menu-list")).to_be_hidden()
    expect(menu).to_be_focused()

    page.keyboard.press("Enter")
    expect(page.locator(".board-card .menu-list button").first).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # the second other status in pipeline order: HR Interview
    column = page.locator("section.board-column[data-status-id='2']")
    expect(column.locator(".board-card")).to_have_count(1)
    expect(page.locator(".board-card summary")).to_be_focused()
    answer = client.get(f"/api/applications/{application['id']}", headers=account.headers)
    history = answer.get_json()["status_history"]
    assert [step["to_status"]["name"] for step in history] == ["Applied", "HR Interview"]


def test_the_table_searches_filters_sorts_and_pages(page: Page, account, log_in):
    seed_applications(account, 25)
    log_in(account.email)
    page.goto("/#/applications")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(20)
    expect(page.get_by_role("navigation", name="Pagination")).to_contain_text(
        "Page 1 of 2 · 25 applications"
    )
    page.get_by_role("button", name="Next →").click()
    expect(rows).to_have_count(5)
    expect(page).to_have_url(re.compile(r"page=2"))

    page.get_by_label("Status").select_option(label="HR Interview")
    expect(rows).to_have_count(8)
    expect(page.locator("table tbody .chip")).to_have_text(["HR Interview"] * 8)

    page.get_by_label("Search").fill("Globex")
    page.get_by_role("button", name="Search").click()
    expect(rows).to_have_count(2)
    expect(page).to_have_url(re.compile(r"q=Globex.*status_id=2|status_id=2.*q=Globex"))
    page.reload()
    expect(rows).to_have_count(2)
    expect(page.get_by_label("Search")).to_have_value("Globex")

    page.goto("/#/applications?q=referral")
    expect(rows).to_have_count(1)
    page.goto("/#/applications?sort=applied_at")
    earliest = date.today() - timedelta(days=24)
    shown = page.evaluate(
        "([y, m, d]) => new Intl.DateTimeFormat(undefined, "
        "{day: 'numeric', month: 'short', year: 'numeric'}).format(new Date(y, m - 1, d))",
        [earliest.year, earliest.month, earliest.day],
    )
    expect(rows.first.locator("td[data-label=Applied]")).to_have_text(shown)
    page.goto("/#/applications?q=nothing-like-this")
    expect(page.get_by_text("No application matches")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Export all", exact=True).click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == 26
    assert download.value.suggested_filename.endswith(".csv")


def test_a_resume_is_renamed_downloaded_and_deleted(
    page: Page, account, log_in, client, resume_pdf: Path
):
    data = resume_pdf.read_bytes()
    upload = client.post(
        "/api/resumes",
        data={"file": (io.BytesIO(data), resume_pdf.name)},
        headers=account.headers,
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201, upload.get_json()
    log_in(account.email)
    page.get_by_role("link", name="Resumes", exact=True).click()
    page.get_by_role("link", name=resume_pdf.name).click()
    expect(page.get_by_role("heading", name=resume_pdf.name)).to_be_visible()

    page.get_by_role("button", name="Rename").click()
    dialog = page.get_by_role("dialog", name="Rename resume")
    dialog.get_by_label("Name").fill("Resume — backend roles")
    dialog.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("heading", name="Resume — backend roles")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    assert Path(download.value.path()).read_bytes() == data
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(page).to_have_url(re.compile(r"#/resumes$"))
    expect(page.get_by_text("No resumes yet")).to_be_visible()
    answer = client.get("/api/resumes", headers=account.headers).get_json()
    assert answer["total"] == 0


def test_the_dashboard_draws_the_pipeline(page: Page, account, log_in):
    seed_applications(account, 6)
    log_in(account.email)
    page.get_by_role("link", name="Dashboard").click()
    tiles = page.locator(".stat-tile")
    expect(tiles.nth(0)).to_contain_text("6")
    expect(tiles.nth(1)).to_contain_text("67%")  # HR / User Interview answered 4 of 6
    by_status = page.locator("figure").filter(has_text="Applications by status")
    expect(by_status.locator("rect.bar")).to_have_count(3)
    expect(by_status.locator("table tbody tr")).to_have_count(10)
    expect(by_status.locator("table tbody tr").nth(1)).to_have_text(re.compile(r"Applied\s*2"))
    weekly = page.locator("figure").filter(has_text="per week")
    expect(weekly.locator("table tbody tr")).to_have_count(12)
    expect(weekly.locator("rect.column-bar").first).to_be_visible()
    page.get_by_label("Period").select_option("26")
    expect(weekly.locator("table tbody tr")).to_have_count(26)


def test_a_phone_sized_screen_has_a_menu_and_no_sideways_scroll(phone: Page, account):
    seed_applications(account, 4)
    phone.goto("/#/login")
    phone.get_by_label("Email").fill(account.email)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    expect(phone.get_by_role("heading", name="Board")).to_be_visible()
    nav = phone.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Dashboard")).to_be_hidden()
    menu = phone.get_by_role("button", name="Menu")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    nav.get_by_role("link", name="Applications").click()
    expect(phone.get_by_role("heading", name="Applications")).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    for route in ("#/board", "#/applications", "#/jobs", "#/resumes", "#/dashboard"):
        phone.goto(f"/{route}")
        expect(phone.locator("main h1")).to_be_visible()
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{route} scrolls sideways by {overflow}px"


def test_job_listings_and_applications_are_edited(page: Page, account, log_in, client):
    [application] = seed_applications(account, 1)
    log_in(account.email)

    page.get_by_role("link", name="Job listings").click()
    page.get_by_role("button", name="Edit Acme — Backend Engineer").click()
    dialog = page.get_by_role("dialog", name="Edit job listing")
    expect(dialog.get_by_label("Company")).to_be_focused()
    dialog.get_by_label("Position").fill("Staff Backend Engineer")
    dialog.get_by_role("button", name="Save changes").click()
    expect(page.locator("li.job-card[data-job-id='1']")).to_contain_text("Staff Backend Engineer")

    page.goto(f"/#/applications/{application['id']}")
    page.get_by_role("button", name="Edit").click()
    dialog = page.get_by_role("dialog", name="Edit application")
    dialog.get_by_label("Status").select_option(label="Offer")
    dialog.get_by_label("Applied on").fill("")
    dialog.get_by_label("Notes").fill("Offer call on Friday.")
    dialog.get_by_role("button", name="Save changes").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".timeline-item").first).to_contain_text("Applied to Offer")
    expect(page.get_by_text("Offer call on Friday.")).to_be_visible()
    saved = client.get(f"/api/applications/{application['id']}", headers=account.headers)
    body = saved.get_json()
    assert body["applied_at"] is None
    assert body["job"]["position"] == "Staff Backend Engineer"
    assert body["status"]["name"] == "Offer"


def test_an_analysis_in_flight_is_polled_until_done(page: Page, account, log_in, sql):
    job = account.post("/api/jobs", {"company": "Acme", "position": "SRE", "description": "Go"})
    resume = account.upload(b"Site reliability engineer: Go, Linux, Prometheus.", "cv.txt")
    [[analysis_id]] = sql(
        "INSERT INTO analyses (id, user_id, resume_id, job_id, status)"
        " VALUES (gen_random_uuid(), :user_id, :resume_id, :job_id, 'pending') RETURNING id",
        user_id=account.user["id"],
        resume_id=resume["id"],
        job_id=job["id"],
    )
    log_in(account.email)
    page.goto(f"/#/analyses/{analysis_id}")
    expect(page.get_by_role("heading", name="Waiting for a worker…")).to_be_visible()
    expect(page.locator(".step-current")).to_have_text("Queued")

    sql("UPDATE analyses SET status = 'processing' WHERE id = :id", id=analysis_id)
    expect(page.get_by_role("heading", name="Analyzing your resume…")).to_be_visible()
    expect(page.locator(".step-done")).to_have_text(["Queued"])

    result = {
        "score": 81,
        "summary": "A strong match for the SRE role.",
        "matched_keywords": ["Go", "Linux", "Prometheus"],
        "missing_keywords": ["Kubernetes"],
        "strengths": ["Names the monitoring stack"],
        "weaknesses": ["No on-call experience"],
        "suggestions": ["Add an incident you led"],
    }
    sql(
        "UPDATE analyses SET status = 'done', result = CAST(:result AS jsonb),"
        " provider = 'builtin', finished_at = now() WHERE id = :id",
        id=analysis_id,
        result=json.dumps(result),
    )
    expect(page.get_by_role("img", name="Match score 81 out of 100: strong match")).to_be_visible()
    expect(page.locator(".chips-matched .chip")).to_have_text(["Go", "Linux", "Prometheus"])
    expect(page.locator(".chips-missing .chip")).to_have_text(["Kubernetes"])
    expect(page.locator(".insight-weaknesses li")).to_have_text(["No on-call experience"])
    expect(page.get_by_text("A strong match for the SRE role.")).to_be_visible()
