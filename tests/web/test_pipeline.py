"""The pipeline as a person lives it: a Wishlist application has no applied date, and
the board, the status menus and the dashboard follow GET /api/statuses (Wishlist first)."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Page, expect

PIPELINE = [
    "Wishlist",
    "Applied",
    "HR Interview",
    "User Interview",
    "Offer",
    "Offer Accepted",
    "Offer Turned Down",
    "Rejected",
    "Ghosted",
    "Withdrawn",
]


def test_wishlist_has_no_applied_date_and_every_list_follows_the_pipeline(
    page: Page, account, log_in, client
):
    job = account.post(
        "/api/jobs", {"company": "Acme", "position": "Data Engineer", "description": "SQL"}
    )
    log_in(account.email)

    # A Wishlist application added through the form keeps no applied date.
    page.goto("/#/jobs")
    page.get_by_role("button", name="Add application").click()
    dialog = page.get_by_role("dialog", name="Add an application")
    applied_on = dialog.get_by_label("Applied on")
    expect(applied_on).to_have_value(date.today().isoformat())
    dialog.get_by_label("Status").select_option(label="Wishlist")
    expect(applied_on).to_have_value("")
    dialog.get_by_label("Status").select_option(label="Applied")
    expect(applied_on).to_have_value(date.today().isoformat())
    dialog.get_by_label("Status").select_option(label="Wishlist")
    dialog.get_by_role("button", name="Add application").click()
    expect(page.get_by_role("heading", name="Acme")).to_be_visible()
    expect(page.locator(".meta-list dd").nth(2)).to_have_text("—")
    [saved] = client.get("/api/applications", headers=account.headers).get_json()["items"]
    assert saved["status"]["name"] == "Wishlist"
    assert saved["applied_at"] is None

    # The API's order is the pipeline's, and every list in the interface follows it.
    statuses = client.get("/api/statuses", headers=account.headers).get_json()["items"]
    assert [status["name"] for status in statuses] == PIPELINE
    account.post("/api/applications", {"job_id": job["id"], "status_id": 1})
    page.goto("/#/board")
    titles = [re.compile(rf"^{re.escape(name)}\s*\d+$") for name in PIPELINE]
    expect(page.locator("section.board-column .board-column-title")).to_have_text(titles)
    applied_card = page.locator("section.board-column[data-status-id='1'] .board-card")
    applied_card.locator("summary").click()
    others = [name for name in PIPELINE if name != "Applied"]
    expect(applied_card.locator(".menu-list button[data-status-id]")).to_have_text(others)

    page.get_by_role("link", name="Table view").click()
    filter_options = page.get_by_label("Status").locator("option")
    expect(filter_options).to_have_text(["All statuses", *PIPELINE])
    page.get_by_role("button", name="Add application").click()
    dialog = page.get_by_role("dialog", name="Add an application")
    expect(dialog.get_by_label("Status").locator("option")).to_have_text(PIPELINE)
    expect(dialog.get_by_label("Status")).to_have_value("1")
    dialog.get_by_role("button", name="Close").click()

    page.get_by_role("link", name="Dashboard").click()
    by_status = page.locator("figure").filter(has_text="Applications by status")
    expect(by_status.locator("table tbody td:first-child")).to_have_text(PIPELINE)
    expect(by_status.locator("table tbody tr").first).to_have_text(re.compile(r"Wishlist\s*1"))
