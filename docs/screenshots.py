"""Take the README's screenshots from a running Jatify with the demo account.

    bin/dev --demo --port 8123 &            # prints the demo account's password
    .venv/bin/python docs/screenshots.py http://127.0.0.1:8123 PASSWORD

Drives Debian's Chromium with Playwright (as the browser tests do) at desktop
(1366x900) and phone (390x844) size and writes docs/screenshots/*.png (the analysis
pictures are taken by hand: they need a resume analyzed first).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

FOLDER = Path(__file__).resolve().parent / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
EMAIL = "demo@jatify.local"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def log_in(page: Page, base: str, password: str) -> None:
    """Log in as the demo account and wait for the board."""
    page.goto(f"{base}/#/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.locator(".board-column").first.wait_for()


def shoot(page: Page, base: str, address: str, name: str, ready: str) -> None:
    """Open `address`, wait for `ready` to show and save the page as `name`.png."""
    page.goto(f"{base}/{address}")
    page.locator(ready).first.wait_for()
    page.wait_for_timeout(300)
    page.screenshot(path=str(FOLDER / f"{name}.png"))


def main() -> None:
    """Take every screenshot."""
    base, password = sys.argv[1].rstrip("/"), sys.argv[2]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        phone = browser.new_page(viewport=PHONE)
        log_in(phone, base, password)
        shoot(phone, base, "#/board", "board-phone", ".board-card")
        page = browser.new_page(viewport=DESKTOP)
        log_in(page, base, password)
        shoot(page, base, "#/board", "board", ".board-card")
        shoot(page, base, "#/dashboard", "dashboard", "svg")
        page.goto(f"{base}/#/jobs")
        page.locator("a[href^='#/jobs/']").first.click()
        page.locator(".card").first.wait_for()
        page.wait_for_timeout(500)
        page.screenshot(path=str(FOLDER / "listing.png"))
        browser.close()


if __name__ == "__main__":
    main()
