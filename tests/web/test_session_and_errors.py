"""Sessions in the browser and how API errors reach a person: never a blank page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def test_the_page_is_served_with_a_strict_csp_and_no_inline_code(client):
    response = client.get("/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    html = response.get_data(as_text=True)
    assert re.findall(r"<script[^>]*>", html) == ['<script type="module" src="/app/js/main.js">']
    assert not re.search(r"\sstyle=|\son[a-z]+=", html)
    script = client.get("/app/js/main.js")
    assert script.status_code == 200
    assert script.mimetype in {"text/javascript", "application/javascript"}
    assert client.get("/app/css/base.css").mimetype == "text/css"


def test_pages_need_a_session_and_login_returns_to_the_asked_page(page: Page, register):
    user = register(name="Grace Hopper")
    page.goto("/#/dashboard")
    expect(page).to_have_url(re.compile(r"#/login\?next=%2Fdashboard$"))
    page.get_by_label("Email").fill(user["email"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_text("Nothing to chart yet")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Grace Hopper")


def test_tokens_stay_out_of_reach_of_scripts(page: Page, register, log_in):
    log_in(register()["email"])
    readable = page.evaluate("document.cookie")
    assert "csrf_access_token=" in readable
    assert "access_token_cookie" not in readable and "refresh_token_cookie" not in readable
    storage = page.evaluate("JSON.stringify({...localStorage, ...sessionStorage})")
    assert storage == "{}"


def test_log_out_ends_the_session_on_the_server(page: Page, register, log_in):
    log_in(register()["email"])
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert page.request.get("/api/user/profile").status == 401
    page.goto("/#/board")
    expect(page).to_have_url(re.compile(r"#/login"))


def test_an_expired_access_cookie_is_renewed_with_the_refresh_cookie(page: Page, register, log_in):
    log_in(register()["email"])
    page.context.clear_cookies(name="access_token_cookie")
    page.context.clear_cookies(name="csrf_access_token")
    page.reload()
    expect(page.get_by_role("heading", name="Board")).to_be_visible()
    assert page.request.get("/api/user/profile").status == 200


def test_registration_errors_show_the_api_message_and_field_details(page: Page, register):
    taken = register()["email"]
    page.goto("/#/register")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("[data-field=name] .field-error")).to_have_text("This field is required.")

    page.get_by_label("Your name").fill("Ada")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("short")
    page.get_by_label("Username").fill("a")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".form-alert")).to_contain_text("The request has invalid fields")
    expect(page.locator("[data-field=password] .field-error")).to_contain_text("8 and 128")
    expect(page.locator("[data-field=username] .field-error")).to_contain_text("3-64 letters")
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Email").fill(taken.upper())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Username").fill("")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("This email is registered already")


def test_a_wrong_password_is_said_plainly(page: Page, register):
    email = register()["email"]
    page.goto("/#/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong email or password")
    expect(page).to_have_url(re.compile(r"#/login$"))


def test_a_rejected_job_listing_field_is_shown_next_to_it(page: Page, register, log_in):
    log_in(register()["email"])
    page.goto("/#/jobs")
    page.get_by_role("button", name="Add job listing").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Company").fill("Acme")
    dialog.get_by_label("Position").fill("Engineer")
    dialog.get_by_label("Description").fill("Python and PostgreSQL")
    dialog.get_by_label("Link to the posting").fill("ftp://acme.example/job")
    dialog.get_by_role("button", name="Add job listing").click()
    expect(dialog.locator("[data-field=url] .field-error")).to_contain_text("URL")
    dialog.get_by_label("Link to the posting").fill("https://acme.example/jobs/42")
    dialog.get_by_role("button", name="Add job listing").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("li.job-card")).to_have_count(1)
    expect(page.get_by_role("link", name="Open posting ↗")).to_have_attribute(
        "href", "https://acme.example/jobs/42"
    )
