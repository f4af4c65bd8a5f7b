"""The settings page's "Your data": download the export zip, then delete the account (a
wrong password first), back to the login page, where the account no longer logs in."""

from __future__ import annotations

import json
import re
import zipfile

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

RESUME = b"Ada Lovelace\nAnalytical engines, Python, PostgreSQL.\n"


def test_download_my_data_then_delete_my_account(page: Page, account, log_in):
    resume = account.upload(RESUME, "ada-cv.txt")
    log_in(account.email)
    page.get_by_role("link", name="Settings", exact=True).click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()

    assert re.fullmatch(r"jatify-export-\d{4}-\d{2}-\d{2}\.zip", download.value.suggested_filename)
    with zipfile.ZipFile(download.value.path()) as archive:
        document = json.loads(archive.read("account.json"))
        assert archive.read(f"resumes/{resume['id']}-{resume['filename']}") == RESUME
    assert document["profile"]["email"] == account.email
    assert [item["id"] for item in document["resumes"]] == [resume["id"]]

    page.get_by_role("button", name="Delete my account").click()
    dialog = page.get_by_role("dialog", name="Delete your account?")
    dialog.get_by_label("Your password").fill("not my password")
    dialog.get_by_role("button", name="Delete my account").click()
    expect(dialog.get_by_role("alert")).to_contain_text("The password is wrong")
    dialog.get_by_label("Your password").fill(PASSWORD)
    dialog.get_by_role("button", name="Delete my account").click()

    expect(page).to_have_url(re.compile(r"#/login"))
    expect(page.get_by_text("Your account and everything in it are deleted.")).to_be_visible()
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong email or password")
