"""Forms that must not lose work: a session that ends while one is open, and a resume over
the upload limit, refused in the browser with the limit in megabytes."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, Request, expect

from jatify import create_app
from tests.conftest import PASSWORD
from tests.web.conftest import JOB


def test_a_session_that_ends_while_a_form_is_open_logs_in_again_and_submits_it(
    page: Page, account, log_in, client
):
    log_in(account.email)
    page.goto("/#/jobs")
    page.get_by_role("button", name="Add job listing").click()
    form = page.get_by_role("dialog", name="Add a job listing")
    form.get_by_label("Company").fill(JOB["company"])
    form.get_by_label("Position").fill(JOB["position"])
    form.get_by_label("Description").fill(JOB["description"])
    page.context.clear_cookies()

    form.get_by_role("button", name="Add job listing").click()
    again = page.get_by_role("dialog", name="Log in again")
    expect(again).to_contain_text("what you typed is kept")
    expect(again.get_by_label("Email")).to_have_value(account.email)
    expect(form.get_by_label("Company")).to_have_value(JOB["company"])
    again.get_by_label("Password").fill(PASSWORD)
    again.get_by_role("button", name="Log in").click()

    expect(again).to_be_hidden()
    expect(form).to_be_hidden()
    expect(page.locator("li.job-card")).to_contain_text(JOB["position"])
    jobs = client.get("/api/jobs", headers=account.headers).get_json()
    assert [job["company"] for job in jobs["items"]] == [JOB["company"]]


def test_the_page_carries_the_servers_upload_limit(app_config):
    page = create_app({**app_config, "MAX_UPLOAD_BYTES": 3 * 1024 * 1024}).test_client().get("/")
    assert '<meta name="jatify-max-upload-bytes" content="3145728">' in page.get_data(as_text=True)


def test_a_resume_over_the_upload_limit_is_refused_before_it_is_sent(
    page: Page, account, log_in, app, tmp_path: Path
):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit == 5 * 1024 * 1024
    uploads: list[Request] = []
    page.on("request", lambda sent: uploads.append(sent) if sent.method == "POST" else None)
    log_in(account.email)
    page.goto("/#/resumes")
    upload = page.get_by_role("region", name="Upload a resume")
    expect(upload).to_contain_text("up to 5 MB")
    too_big = tmp_path / "big" / "scan.pdf"
    too_big.parent.mkdir()
    too_big.write_bytes(b"%" * (limit + 1024 * 1024))
    upload.get_by_label("Resume file").set_input_files(too_big)
    error = upload.locator("[data-field=file] .field-error")
    expect(error).to_have_text("scan.pdf is 6 MB, larger than the 5 MB limit.")
    upload.get_by_role("button", name="Upload resume").click()
    expect(error).to_be_visible()
    expect(upload.get_by_label("Resume file")).to_have_attribute("aria-invalid", "true")
    assert [sent.url for sent in uploads if "/api/resumes" in sent.url] == []

    # A file at the limit passes the browser's check; the whole request, larger, does not.
    at_limit = tmp_path / "scan.pdf"
    at_limit.write_bytes(b"%" * limit)
    upload.get_by_label("Resume file").set_input_files(at_limit)
    expect(error).to_be_hidden()
    upload.get_by_role("button", name="Upload resume").click()
    expect(error).to_have_text("scan.pdf is larger than the 5 MB limit.")
