"""A status change carries a short note, written in the move flow on the board and on the
application page, and shown on the application's timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime

from playwright.sync_api import Page, expect

FIRST_NOTE = "Sent through the careers page; Grace referred me."
SECOND_NOTE = "Recruiter call on Tuesday with Dana."


def move_with_a_note(page: Page, menu, status: str, note: str) -> None:
    """Open a "Move to…" menu, pick "Move with a note…" and move to `status` with `note`."""
    menu.locator("summary").click()
    menu.get_by_role("button", name="Move with a note…").click()
    dialog = page.get_by_role("dialog", name="Move Acme")
    dialog.get_by_label("New status").select_option(label=status)
    dialog.get_by_label("Note").fill(note)
    dialog.get_by_role("button", name="Move").click()
    expect(dialog).to_be_hidden()


def test_status_changes_carry_a_note_to_the_timeline(page: Page, account, log_in, client):
    job = account.post(
        "/api/jobs", {"company": "Acme", "position": "Data Engineer", "description": "SQL"}
    )
    application = account.post("/api/applications", {"job_id": job["id"], "status_id": 9})
    assert application["applied_at"] is None
    log_in(account.email)

    # On the board: leave Wishlist with a note; the application is dated that day.
    card = page.locator(".board-card")
    expect(card).to_contain_text("Not applied yet")
    move_with_a_note(page, card.locator(".menu"), "Applied", FIRST_NOTE)
    applied = page.locator("section.board-column[data-status-id='1'] .board-card")
    expect(applied).to_have_count(1)
    expect(applied).not_to_contain_text("Not applied yet")
    answer = client.get(f"/api/applications/{application['id']}", headers=account.headers)
    body = answer.get_json()
    # "That day": the server's (UTC) or the browser's, which differ only around midnight.
    assert body["applied_at"] in {date.today().isoformat(), datetime.now(UTC).date().isoformat()}
    assert [step["note"] for step in body["status_history"]] == [None, FIRST_NOTE]

    # On the application page: one move with a note, one without.
    applied.get_by_role("link", name="Acme").click()
    expect(page.get_by_role("heading", name="Acme")).to_be_visible()
    steps = page.locator(".timeline-item")
    expect(steps.first.locator(".timeline-note")).to_have_text(FIRST_NOTE)
    move_with_a_note(page, page.locator("main .menu"), "HR Interview", SECOND_NOTE)
    expect(steps).to_have_count(3)
    expect(steps.first).to_contain_text("Applied to HR Interview")
    expect(steps.first.locator(".timeline-note")).to_have_text(SECOND_NOTE)

    page.locator("main .menu summary").click()
    page.locator("main .menu-list").get_by_role("button", name="User Interview").click()
    expect(steps).to_have_count(4)
    expect(steps.locator(".timeline-note")).to_have_text([SECOND_NOTE, FIRST_NOTE])
    expect(steps.nth(0).locator(".timeline-note")).to_have_count(0)
    expect(steps.nth(3)).to_contain_text("Created as Wishlist")
