"""Fixtures for the browser suite: one headless Chromium per session, a page per test,
a real queue worker process, and a realistic PDF resume.

The browser is Debian's `chromium` (apt-get install chromium); Playwright only drives
it, so no browser download is needed. A missing browser fails the suite loudly.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import PASSWORD, TEST_SECRET
from tests.fakes.smtp_server import Inbox, smtp_server

CHROMIUM = Path(os.environ.get("JATIFY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
TIMEOUT_MS = 10_000
WORKER_TIMEOUT_MS = 30_000

RESUME_LINES = [
    ("Ada Lovelace", 18, "B"),
    ("Senior Backend Engineer - Berlin, Germany - ada.lovelace@example.com", 10, ""),
    ("Summary", 13, "B"),
    (
        "Backend engineer with 8 years of experience building REST APIs in Python with Flask "
        "and Django. I design PostgreSQL schemas, tune SQL queries and run services on Docker "
        "and Kubernetes.",
        11,
        "",
    ),
    ("Experience", 13, "B"),
    (
        "Lead Backend Engineer, Fernwood Labs (2021-2026): built a Flask and SQLAlchemy API "
        "serving 2 million requests a day; moved background jobs to a PostgreSQL queue; "
        "introduced pytest, code review and CI with GitHub Actions.",
        11,
        "",
    ),
    (
        "Backend Developer, Copperleaf Bank (2018-2021): Python payment services, Celery "
        "workers, Redis caching, REST APIs documented with OpenAPI; mentored two juniors.",
        11,
        "",
    ),
    ("Skills", 13, "B"),
    (
        "Python, Flask, Django, SQLAlchemy, PostgreSQL, Redis, Celery, Docker, Kubernetes, "
        "AWS, REST, OpenAPI, pytest, Git, Linux.",
        11,
        "",
    ),
    ("Education", 13, "B"),
    ("MSc Computer Science, University of London.", 11, ""),
]

JOB = {
    "company": "Northwind Analytics",
    "position": "Senior Backend Engineer (Python)",
    "description": (
        "Build the APIs behind our forecasting product. You will design REST services in "
        "Python with Flask and SQLAlchemy, model data in PostgreSQL, run background jobs, "
        "and deploy with Docker on Kubernetes. We value tests (pytest), code review, "
        "observability with Prometheus and OpenTelemetry."
    ),
    "location": "Berlin, Germany (hybrid)",
    "salary": "€75,000-90,000",
}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """Keep each phase's report on the test item, so fixtures can tell a failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}: install it with "
            "`apt-get install -y chromium` (bin/test does), or point JATIFY_CHROMIUM at one.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the live server, desktop-sized.

    Fails the test on any uncaught script error, Content-Security-Policy violation or
    inline style attribute, and saves a screenshot under test-artifacts/ when it fails.
    """
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"CSP: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    else:
        inline = page.evaluate("document.querySelectorAll('[style], [onclick]').length")
        assert inline == 0, "inline style or handler attributes in the page"
    context.close()
    assert not problems, problems


@pytest.fixture
def phone(browser: Browser, live_server: str) -> Iterator[Page]:
    """A phone-sized page (390 x 844, touch)."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, has_touch=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def mail_inbox() -> Iterator[tuple[Inbox, int]]:
    """The SMTP server (aiosmtpd on 127.0.0.1) the worker mails through: (inbox, port)."""
    with smtp_server() as server:
        yield server


@pytest.fixture(scope="session")
def worker(
    database_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    live_server: str,
    mail_inbox: tuple[Inbox, int],
) -> Iterator[None]:
    """A real `python worker.py` (one process, builtin analyzer) on the test database,
    mailing through `mail_inbox` with links to the live server."""
    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JATIFY_ENV": "testing",
        "JWT_SECRET_KEY": TEST_SECRET,
        "SMTP_URL": f"smtp://127.0.0.1:{mail_inbox[1]}",
        "MAIL_FROM": "Jatify <noreply@jatify.example>",
        "PUBLIC_URL": live_server,
        "WORKER_POLL_SECONDS": "1",
        "WORKER_PROCESSES": "1",
        "ANALYZER": "builtin",
        # Captures fetch the career pages the tests serve on 127.0.0.1.
        "CAPTURE_ALLOW_PRIVATE_NETWORKS": "true",
        "LOG_LEVEL": "warning",
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "worker.py"], cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log
        )
    yield
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    assert process.returncode is not None


@pytest.fixture
def resume_pdf(tmp_path: Path) -> Path:
    """A one-page text PDF resume of a Python backend engineer."""
    pdf = FPDF()
    pdf.add_page()
    for text, size, style in RESUME_LINES:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, size * 0.6, text)
        pdf.ln(2)
    path = tmp_path / "ada-lovelace-resume.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture
def log_in(page: Page) -> Callable[[str], Page]:
    """Log in through the login form as `email` (password: the suite's PASSWORD)."""

    def log_in(email: str) -> Page:
        page.goto("/#/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("link", name="Board", exact=True)).to_be_visible()
        return page

    return log_in


@pytest.fixture
def account(client: Any, register: Callable[..., dict[str, Any]], login: Callable) -> Any:
    """A registered account and an API helper that acts as it (Bearer headers)."""

    class Account:
        def __init__(self) -> None:
            self.user = register(name="Ada Lovelace")
            self.email = self.user["email"]
            token = login(self.email)["access_token"]
            self.headers = {"Authorization": f"Bearer {token}"}

        def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
            response = client.post(path, json=body, headers=self.headers)
            assert response.status_code in (201, 202), response.get_json()
            return response.get_json()

        def upload(self, data: bytes, filename: str) -> dict[str, Any]:
            response = client.post(
                "/api/resumes",
                data={"file": (io.BytesIO(data), filename)},
                headers=self.headers,
                content_type="multipart/form-data",
            )
            assert response.status_code == 201, response.get_json()
            return response.get_json()

    return Account()
