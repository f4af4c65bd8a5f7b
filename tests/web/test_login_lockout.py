"""A locked login in the browser: the page says why and how long to wait, and another
email is not held up by it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def submit_login(page: Page, email: str, password: str) -> int:
    """Fill and send the login form; the status the API answered."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_response("**/api/auth/login") as answer:
        page.get_by_role("button", name="Log in").click()
    return answer.value.status


def test_a_locked_login_says_why_and_for_how_long(page: Page, register):
    locked, other = register()["email"], register()["email"]
    page.goto("/#/login")
    alert = page.locator(".form-alert")

    statuses = [submit_login(page, locked, "not the password") for _ in range(5)]
    assert statuses == [401] * 5
    expect(alert).to_contain_text("Wrong email or password")

    assert submit_login(page, locked, PASSWORD) == 429
    expect(alert).to_contain_text("Too many failed logins; try again later")
    expect(alert).to_contain_text(re.compile(r"Try again in \d+ seconds"))

    assert submit_login(page, other, PASSWORD) == 200
    expect(page.get_by_role("heading", name="Board")).to_be_visible()
    page.wait_for_load_state("networkidle")  # the board's reads end before the next test
