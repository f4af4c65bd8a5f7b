"""What to do next, in a real browser: schedule an interview and add a task on the
application page, find both on the agenda with the calendar address to subscribe to, and
mark the task done there."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.web.page_checks import axe_violations, layout_problems, use_axe


def test_schedule_an_interview_add_a_task_and_do_it_from_the_agenda(
    page: Page, account, log_in, client
):
    job = account.post(
        "/api/jobs", {"company": "Acme", "position": "Data Engineer", "description": "SQL"}
    )
    application = account.post("/api/applications", {"job_id": job["id"], "status_id": 1})
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    use_axe(page)
    log_in(account.email)

    page.goto(f"/#/applications/{application['id']}")
    expect(page.get_by_text(re.compile(r"Waiting 0 of ~14 days"))).to_be_visible()
    page.get_by_role("button", name="Schedule interview").click()
    dialog = page.get_by_role("dialog", name="Schedule an interview")
    dialog.get_by_label("When").fill(f"{tomorrow}T10:30")
    dialog.get_by_label("Kind").select_option(label="Video call")
    dialog.get_by_label("Where or link").fill("https://meet.example/acme")
    dialog.get_by_label("With").fill("Dana, Fox")
    dialog.get_by_role("button", name="Schedule interview").click()
    expect(dialog).to_be_hidden()
    interviews = page.get_by_role("list", name="Interviews")
    expect(interviews.locator(".agenda-item")).to_have_count(1)
    expect(interviews).to_contain_text("Video call, 60 min")
    expect(interviews).to_contain_text("with Dana, Fox")

    page.get_by_role("button", name="Add task").click()
    dialog = page.get_by_role("dialog", name="Add a task")
    dialog.get_by_label("What to do").fill("Send the portfolio")
    dialog.get_by_label("Due").fill(f"{tomorrow}T09:00")
    dialog.get_by_role("button", name="Add task").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("list", name="Tasks")).to_contain_text("Send the portfolio")
    assert axe_violations(page) == []

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Agenda").click()
    week = page.locator("section", has=page.get_by_role("heading", name="This week"))
    rows = week.locator(".agenda-item")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Send the portfolio")
    expect(rows.nth(1)).to_contain_text("Video call")
    expect(rows.nth(1)).to_contain_text("Data Engineer at Acme")
    address = page.get_by_label("Your private calendar address")
    expect(address).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/calendar/[\w-]{43}\.ics$"))
    feed = client.get(urlsplit(address.input_value()).path)
    assert b"Data Engineer at Acme" in feed.data
    assert axe_violations(page) == []
    assert layout_problems(page) == []

    week.get_by_role("checkbox", name="Done: Send the portfolio").check()
    expect(page.locator(".toast").last).to_contain_text("Done: Send the portfolio.")
    expect(week.locator(".agenda-item")).to_have_count(1)
    tasks = client.get("/api/tasks?status=done", headers=account.headers).get_json()
    assert [task["title"] for task in tasks["items"]] == ["Send the portfolio"]
