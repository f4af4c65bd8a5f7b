"""Paste a link on the job listings page, see the listing filled in by a real worker, then
read its posting's details and snapshot on the listing's page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.capture.career_site import CareerSite
from tests.web.conftest import WORKER_TIMEOUT_MS


def test_a_pasted_link_becomes_a_filled_in_listing(
    page: Page, worker: None, account, log_in, sql
) -> None:
    with CareerSite() as site:
        log_in(account.email)
        page.get_by_role("link", name="Job listings", exact=True).click()
        expect(page.get_by_text("No job listings yet")).to_be_visible()

        page.get_by_label("Paste a link").fill(site.url("/workday?utm_source=newsletter"))
        page.get_by_role("button", name="Capture posting").click()

        result = page.locator(".capture-result")
        expect(result).to_contain_text(
            "Captured: Initech — Data Platform Engineer", timeout=WORKER_TIMEOUT_MS
        )
        expect(result).to_contain_text("Read from the posting\u2019s job data on the page.")
        expect(page.get_by_label("Paste a link")).to_have_value("")
        card = page.locator("li.job-card").filter(has_text="Initech")
        expect(card).to_contain_text("Austin, TX, US; Denver, CO, US; Toronto, Canada")
        expect(card).to_contain_text("USD 120,000\u2013150,000 per year")
        expect(card).to_contain_text("Initech is looking for a Data Platform Engineer.")
        assert [path for path, *_ in site.requests] == ["/workday?utm_source=newsletter"]

    result.get_by_role("link", name="Initech — Data Platform Engineer").click()
    expect(page).to_have_url(re.compile(r"#/jobs/\d+$"))
    details = page.locator(".meta-list")
    expect(details).to_contain_text("Open")
    expect(details).to_contain_text("Full time")
    expect(page.get_by_role("link", name="Open posting ↗")).to_have_attribute(
        "href", re.compile(r"/workday$")
    )
    snapshots = page.locator("section").filter(
        has=page.get_by_role("heading", name="Posting snapshots")
    )
    expect(snapshots.locator("li")).to_have_count(1)
    snapshots.get_by_role("button").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator(".snapshot-text")).to_contain_text("Spark and Kafka")
    dialog.get_by_role("button", name="Close").click()

    # The watch found the posting gone: the listing says so on the list.
    sql("UPDATE job_listings SET posting_status = 'closed'")
    page.get_by_role("link", name="Job listings", exact=True).click()
    expect(page.locator("li.job-card .posting-closed")).to_have_text("Posting closed")
