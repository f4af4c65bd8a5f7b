"""CSV in and out of the browser: an import with its upload progress and report, then
an export of what the table's filters show, and of everything."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import Page, expect

# Sent slowly enough (bytes per second) for the upload to report progress on the way.
UPLOAD_BYTES_PER_SECOND = 100_000
# Under the csv module's 128 KiB limit on one cell.
PADDING = "x" * 100_000
# Watches the progress bar's value while the file goes up.
WATCH_PROGRESS = """() => {
  window.progressSeen = [];
  const bar = document.querySelector('.import-progress progress');
  new MutationObserver(() => window.progressSeen.push(Number(bar.value)))
    .observe(bar, { attributes: true, attributeFilter: ['value'] });
}"""


def import_file(path: Path) -> Path:
    """A CSV in a spreadsheet's own words: one duplicate, two new rows, two bad ones."""
    rows = [
        ["Company", "Job title", "Status", "Date applied", "Notes", "Padding"],
        ["Acme", "Backend Engineer", "Applied", "2026-01-05", "", PADDING],
        ["Initech", "Platform Engineer", "HR Interview", "2026-02-01", "Phone screen done", ""],
        ["Umbrella", "SRE", "Wishlist", "", "", ""],
        ["Hooli", "Data Engineer", "Hired", "2026-02-03", "", ""],
        ["Globex", "Analyst", "Applied", "last Tuesday", "", ""],
    ]
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return path


def downloaded_rows(page: Page, link_name: str) -> list[dict[str, str]]:
    """Click an export link and read the CSV it downloads."""
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name, exact=True).click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_import_a_csv_with_progress_then_export_what_the_table_shows(
    page: Page, account, log_in, tmp_path: Path, worker
):
    job = account.post(
        "/api/jobs", {"company": "Acme", "position": "Backend Engineer", "description": "Go"}
    )
    account.post(
        "/api/applications", {"job_id": job["id"], "status_id": 1, "applied_at": "2026-01-05"}
    )
    log_in(account.email)

    page.get_by_role("link", name="Applications", exact=True).click()
    page.get_by_role("link", name="Import CSV").click()
    expect(page).to_have_url(re.compile(r"#/applications/import$"))
    expect(page.get_by_role("heading", name="Import applications")).to_be_visible()
    page.get_by_label("CSV file").set_input_files(import_file(tmp_path / "tracker.csv"))
    page.evaluate(WATCH_PROGRESS)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 0,
            "downloadThroughput": -1,
            "uploadThroughput": UPLOAD_BYTES_PER_SECOND,
        },
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status").filter(has_text="Uploading tracker.csv")).to_be_visible()
    report = page.locator("section").filter(has=page.get_by_role("heading", name="Import finished"))
    expect(report).to_be_visible()
    seen = page.evaluate("window.progressSeen")
    assert any(0 < value < 100 for value in seen), seen
    assert seen[-1] == 100
    expect(page.locator(".import-progress progress")).to_have_attribute("value", "100")
    expect(page.get_by_role("status").filter(has_text="Import finished")).to_have_text(
        "Import finished: 2 created, 1 duplicate, 2 failed."
    )
    tiles = report.locator(".stat-tile")
    expect(tiles.nth(0)).to_contain_text(re.compile(r"Created\s*2\s*2 new job listings"))
    expect(tiles.nth(1)).to_contain_text(re.compile(r"Duplicates\s*1"))
    expect(tiles.nth(2)).to_contain_text(re.compile(r"Failed\s*2\s*of 5 rows read"))
    failures = report.locator("tbody tr")
    expect(failures).to_have_count(2)
    expect(failures.nth(0)).to_contain_text(re.compile(r"^5.*Hired"))
    expect(failures.nth(1)).to_contain_text(re.compile(r"^6.*date"))
    expect(report).to_contain_text("Ignored columns: Padding.")
    expect(page.get_by_role("heading", name="Import finished")).to_be_focused()

    # The table and its exports: what the filters show, or everything.
    report.get_by_role("link", name="See the applications").click()
    expect(page.locator("table tbody tr")).to_have_count(3)
    expect(page.get_by_role("link", name="Export all")).to_be_hidden()
    assert len(downloaded_rows(page, "Export CSV")) == 3

    page.get_by_label("Status").select_option(label="HR Interview")
    expect(page.locator("table tbody tr")).to_have_count(1)
    export_shown = page.get_by_role("link", name="Export CSV", exact=True)
    expect(export_shown).to_have_attribute("href", re.compile(r"export\.csv\?status_id=2$"))
    page.get_by_label("Search").fill("Initech")
    page.get_by_role("button", name="Search").click()
    expect(export_shown).to_have_attribute(
        "href", re.compile(r"export\.csv\?q=Initech&status_id=2$")
    )
    shown = downloaded_rows(page, "Export CSV")
    assert [(row["company"], row["status"]) for row in shown] == [("Initech", "HR Interview")]
    everything = downloaded_rows(page, "Export all")
    assert sorted(row["company"] for row in everything) == ["Acme", "Initech", "Umbrella"]
