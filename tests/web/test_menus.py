"""The "Move to…" menus: every status in them can be clicked where it is drawn, on a board
with a single card and on a phone-sized application page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.page_checks import DESKTOP, PHONE, unreachable

MENU_BUTTONS = ".menu[open] .menu-list button"


def one_application(account) -> dict:
    """A new person's only application, in Applied."""
    job = account.post(
        "/api/jobs", {"company": "Acme", "position": "Backend Engineer", "description": "Python"}
    )
    return account.post("/api/applications", {"job_id": job["id"], "status_id": 1})


def test_every_status_of_the_menu_on_a_short_board_can_be_clicked(page: Page, account, log_in):
    one_application(account)
    page.set_viewport_size(DESKTOP)
    log_in(account.email)
    page.locator(".board-card summary").click()
    buttons = page.locator(MENU_BUTTONS)
    expect(buttons.first).to_be_focused()
    assert buttons.count() >= 9
    assert unreachable(page, MENU_BUTTONS) == []
    scrolled = page.evaluate("document.querySelector('.board').scrollTop")
    assert scrolled == 0, "the board scrolled to show the menu"

    buttons.filter(has_text="Withdrawn").click()
    withdrawn = page.locator("section.board-column[data-status-id='10']")
    expect(withdrawn.locator(".board-card")).to_have_count(1)


def test_the_menu_of_the_application_page_stays_on_a_phone_screen(page: Page, account, log_in):
    application = one_application(account)
    log_in(account.email)
    page.set_viewport_size(PHONE)
    page.goto(f"/#/applications/{application['id']}")
    page.locator(".page-header .menu summary").click()
    buttons = page.locator(MENU_BUTTONS)
    expect(buttons.first).to_be_focused()
    assert unreachable(page, MENU_BUTTONS) == []

    buttons.filter(has_text="HR Interview").click()
    expect(page.locator(".timeline-item").first).to_contain_text("Applied to HR Interview")
