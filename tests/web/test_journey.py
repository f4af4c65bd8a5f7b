"""A new person's first run, end to end in a real browser with a real queue worker."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.conftest import PASSWORD
from tests.web.conftest import JOB, WORKER_TIMEOUT_MS


def board_column(page: Page, status: str) -> Locator:
    """The board column of a status."""
    title = page.locator(".board-column-title > span", has_text=re.compile(f"^{status}$"))
    return page.locator("section.board-column").filter(has=title)


def test_register_track_an_application_and_analyze_a_resume(
    page: Page, worker: None, resume_pdf: Path
) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"#/login$"))
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Board")).to_be_visible()
    expect(page.get_by_text("No applications yet: add a job listing first")).to_be_visible()

    # A job listing, from the empty state's call to action.
    page.get_by_role("link", name="Add a job listing").click()
    dialog = page.get_by_role("dialog", name="Add a job listing")
    dialog.get_by_label("Company").fill(JOB["company"])
    dialog.get_by_label("Position").fill(JOB["position"])
    dialog.get_by_label("Description").fill(JOB["description"])
    dialog.get_by_label("Location").fill(JOB["location"])
    dialog.get_by_label("Salary").fill(JOB["salary"])
    dialog.get_by_role("button", name="Add job listing").click()
    expect(dialog).to_be_hidden()
    job_card = page.locator("li.job-card").filter(has_text=JOB["company"])
    expect(job_card).to_contain_text(JOB["location"])

    # An application to it, from the job card.
    job_card.get_by_role("button", name="Add application").click()
    dialog = page.get_by_role("dialog", name="Add an application")
    expect(dialog.get_by_label("Job listing")).to_have_value(re.compile(r"^\d+$"))
    expect(dialog.get_by_label("Status")).to_have_value("1")
    dialog.get_by_label("Notes").fill("Referred by Grace; ask about the on-call rota.")
    dialog.get_by_role("button", name="Add application").click()
    expect(page.get_by_role("heading", name=JOB["company"])).to_be_visible()
    expect(page.locator(".timeline-item")).to_have_count(1)
    expect(page.locator(".timeline-item")).to_contain_text("Created as Applied")

    # The board: move it with the "Move to…" menu, then by drag and drop.
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Board", exact=True).click()
    expect(board_column(page, "Applied").locator(".board-card")).to_have_count(1)
    card = page.locator(".board-card").filter(has_text=JOB["company"])
    card.locator("summary").click()
    card.get_by_role("button", name="HR Interview").click()
    expect(board_column(page, "HR Interview").locator(".board-card")).to_have_count(1)
    expect(board_column(page, "Applied").locator(".board-card")).to_have_count(0)
    expect(page.locator(".toast").last).to_contain_text("moved to HR Interview")

    page.locator(".board-card").filter(has_text=JOB["company"]).drag_to(
        board_column(page, "User Interview")
    )
    expect(board_column(page, "User Interview").locator(".board-card")).to_have_count(1)
    expect(board_column(page, "User Interview").locator(".count")).to_have_text("1")
    expect(board_column(page, "HR Interview").locator(".count")).to_have_text("0")

    # The history shows both changes, newest first.
    board_column(page, "User Interview").get_by_role("link", name=JOB["company"]).click()
    steps = page.locator(".timeline-item")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("HR Interview to User Interview")
    expect(steps.nth(1)).to_contain_text("Applied to HR Interview")
    expect(steps.nth(2)).to_contain_text("Created as Applied")

    # A PDF resume: upload, watch the extraction finish, read the text.
    page.get_by_role("link", name="Resumes", exact=True).click()
    page.get_by_label("Resume file").set_input_files(resume_pdf)
    page.get_by_label("Name").fill("Backend resume 2026")
    page.get_by_role("button", name="Upload resume").click()
    expect(page.get_by_role("heading", name="Backend resume 2026")).to_be_visible()
    expect(page.get_by_text("Text ready")).to_be_visible(timeout=WORKER_TIMEOUT_MS)
    text = page.get_by_label("Text of the resume")
    expect(text).to_contain_text("Ada Lovelace")
    expect(text).to_contain_text("PostgreSQL")

    # Analyze it against the job listing and read the result.
    expect(page.get_by_label("Job listing", exact=True)).to_have_value(re.compile(r"^\d+$"))
    page.get_by_role("button", name="Analyze").click()
    expect(page).to_have_url(re.compile(r"#/analyses/[0-9a-f-]{36}$"))
    gauge = page.get_by_role("img", name=re.compile(r"^Match score \d+ out of 100"))
    expect(gauge).to_be_visible(timeout=WORKER_TIMEOUT_MS)
    score = int(page.locator(".gauge").get_attribute("data-score"))
    assert 0 < score <= 100
    expect(page.locator(".gauge-number")).to_have_text(str(score))
    matched = page.locator(".chips-matched .chip")
    expect(matched.filter(has_text="Flask")).to_have_count(1)
    expect(matched.filter(has_text="PostgreSQL")).to_have_count(1)
    expect(page.locator(".chips-missing .chip").filter(has_text="Prometheus")).to_have_count(1)
    for section in ("Strengths", "Weaknesses", "Suggestions"):
        expect(page.get_by_role("heading", name=section)).to_be_visible()
    expect(page.locator(".insight-suggestions li").first).to_be_visible()
