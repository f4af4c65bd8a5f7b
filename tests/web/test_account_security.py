"""The account's security in the browser: a forgotten password reset through the mailed
link (a real worker, a real SMTP server), and on the settings page a password change and
"sign out everywhere else"."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.fakes.smtp_server import Inbox

NEW_PASSWORD = "lighthouse keepers knit slowly"


def mail_to(inbox: Inbox, address: str, already: int) -> str:
    """The text of the first message to `address` after the `already` first ones."""
    messages = inbox.wait_for(already + 1)
    while not any(message["To"] == address for message in messages[already:]):
        messages = inbox.wait_for(len(messages) + 1)
    message = next(message for message in messages[already:] if message["To"] == address)
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.usefixtures("worker")
def test_a_forgotten_password_is_reset_through_the_mailed_link(
    page: Page,
    app: Flask,
    live_server: str,
    mail_inbox: tuple[Inbox, int],
    register,
    monkeypatch: pytest.MonkeyPatch,
):
    inbox, port = mail_inbox
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setitem(app.config, "PUBLIC_URL", live_server)
    email = register("forgetful@example.com", name="Forgetful Fay")["email"]
    already = len(inbox.messages)

    page.goto("/#/login")
    page.get_by_role("link", name="Forgot password?").click()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Email me a reset link").click()
    expect(page.get_by_text("If an account has this email")).to_be_visible()

    link = re.search(r"http://\S+/reset\?token=\S+", mail_to(inbox, email, already)).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Board", exact=True)).to_be_visible()


def test_the_settings_page_changes_the_password_and_signs_out_elsewhere(
    page: Page, account: Any, log_in, client: FlaskClient
):
    log_in(account.email)
    page.goto("/#/settings")
    rows = page.locator("tr[data-session]")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="This device")).to_have_count(1)

    page.get_by_role("button", name="Sign out everywhere else", exact=True).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Sign out everywhere else").click()
    expect(rows).to_have_count(1)
    expect(page.get_by_text("You are logged in here only.")).to_be_visible()
    revoked = client.get("/api/user/profile", headers=account.headers)
    assert revoked.get_json()["error"]["code"] == "token_revoked"

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Password changed.")).to_be_visible()
    login = client.post("/api/auth/login", json={"email": account.email, "password": NEW_PASSWORD})
    assert login.status_code == 200
    page.reload()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
