"""Failure as a person meets it: a resume without text, a failed analysis and its retry,
and the dead-letter queue page where failed jobs are requeued or deleted."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator

import psycopg2
import pytest
from playwright.sync_api import Locator, Page, expect

from jatify.config import libpq_dsn
from tests.builders import scanned_pdf
from tests.web.conftest import JOB, WORKER_TIMEOUT_MS

ANALYSIS_ID = re.compile(r"#/analyses/([0-9a-f-]{36})$")


def test_a_failed_analysis_says_why_and_can_be_tried_again(
    page: Page, worker: None, account, log_in
):
    job = account.post("/api/jobs", JOB)
    resume = account.upload(scanned_pdf(), "scan.pdf")
    log_in(account.email)

    page.goto(f"/#/resumes/{resume['id']}")
    expect(page.get_by_text("Extraction failed")).to_be_visible(timeout=WORKER_TIMEOUT_MS)
    expect(page.get_by_role("alert")).to_contain_text("No text could be read")
    expect(page.get_by_role("button", name="Analyze")).to_be_disabled()

    analysis = account.post(f"/api/resumes/{resume['id']}/analyze", {"job_id": job["id"]})
    page.goto(f"/#/analyses/{analysis['id']}")
    expect(page.get_by_role("heading", name="The analysis failed")).to_be_visible(
        timeout=WORKER_TIMEOUT_MS
    )
    expect(page.get_by_role("alert")).to_contain_text("no extractable text")

    page.get_by_role("button", name="Try again").click()
    expect(page).not_to_have_url(re.compile(analysis["id"]))
    retry_id = ANALYSIS_ID.search(page.url).group(1)
    assert retry_id != analysis["id"]
    expect(page.get_by_role("heading", name="The analysis failed")).to_be_visible(
        timeout=WORKER_TIMEOUT_MS
    )


def seed_dead_letter(sql, user_id: int, error: str) -> str:
    """A failed no-op job and its open dead letter (requeued, it finishes at once)."""
    job_id, entry_id = uuid.uuid4(), uuid.uuid4()
    errors = [{"attempt": n, "error": error, "at": f"2026-11-20T10:00:0{n}+00:00"} for n in (1, 2)]
    sql(
        "INSERT INTO queue_jobs (id, kind, payload, status, attempts, max_attempts, errors,"
        " user_id) VALUES (:id, 'analysis.run', CAST(:payload AS jsonb), 'failed', 2, 2,"
        " CAST(:errors AS jsonb), :user_id)",
        id=job_id,
        payload=json.dumps({"analysis_id": str(uuid.uuid4())}),
        errors=json.dumps(errors),
        user_id=user_id,
    )
    sql(
        "INSERT INTO dead_letters (id, job_id, kind, user_id, error, attempts)"
        " VALUES (:id, :job_id, 'analysis.run', :user_id, :error, 2)",
        id=entry_id,
        job_id=job_id,
        user_id=user_id,
        error=error,
    )
    return str(entry_id)


@pytest.fixture
def waiting_job(database_url: str) -> Iterator[None]:
    """A pending analysis job, due for 5 minutes, that no worker claims while the test runs.

    A session's browser test may have started the real worker, which would claim a due job
    at once. So the job is inserted not yet due, an open transaction takes a FOR KEY SHARE
    lock on it, and only then is it made due: that update does not wait for the lock, the
    lock carries over to the updated row, and the worker's FOR UPDATE SKIP LOCKED passes
    the row by until the transaction ends.
    """
    writer = psycopg2.connect(libpq_dsn(database_url))
    holder = psycopg2.connect(libpq_dsn(database_url))
    try:
        writer.autocommit = True
        with writer.cursor() as cursor:
            cursor.execute(
                "INSERT INTO queue_jobs (kind, payload, run_at) VALUES ('analysis.run',"
                " %s, now() + interval '1 hour') RETURNING id",
                (json.dumps({"analysis_id": str(uuid.uuid4())}),),
            )
            [job_id] = cursor.fetchone()
        holder.cursor().execute("SELECT 1 FROM queue_jobs WHERE id = %s FOR KEY SHARE", (job_id,))
        with writer.cursor() as cursor:
            cursor.execute(
                "UPDATE queue_jobs SET run_at = now() - interval '5 minutes' WHERE id = %s",
                (job_id,),
            )
        yield
    finally:
        holder.close()
        writer.close()


def queue_tile(page: Page, label: str) -> Locator:
    """The value of the queue panel's tile labelled `label`."""
    tiles = page.locator(".queue-stats .stat-tile")
    return tiles.filter(has=page.get_by_text(label, exact=True)).locator(".stat-value")


def test_admins_requeue_and_delete_dead_letters(
    page: Page, account, log_in, sql, register, waiting_job
):
    other = register()
    first = seed_dead_letter(sql, account.user["id"], "model endpoint answered 401 Unauthorized")
    seed_dead_letter(sql, other["id"], "model endpoint timed out after 60 s")
    seed_dead_letter(sql, other["id"], "model endpoint answered 503 Service Unavailable")
    sql("UPDATE users SET is_admin = true WHERE id = :id", id=account.user["id"])
    log_in(account.email)

    page.get_by_role("link", name="Failed jobs").click()
    entries = page.locator("li.dlq-entry")
    expect(entries).to_have_count(3)
    dead_letters = page.locator(".stat-tile", has_text="Open dead letters")
    expect(dead_letters.locator(".stat-value")).to_have_text("3")
    expect(page.get_by_role("heading", name="Job queue")).to_be_visible()
    for label, jobs in (("Pending", "1"), ("Processing", "0"), ("Done", "0"), ("Failed", "3")):
        expect(queue_tile(page, label)).to_have_text(jobs)
    expect(queue_tile(page, "Oldest waiting job")).to_have_text("5 min")
    analyses = page.locator(".queue-kinds tbody tr", has_text="Resume analyses")
    expect(analyses.locator("td")).to_have_text(["1", "0", "0", "3"])
    first_entry = entries.filter(has_text="401 Unauthorized")
    first_entry.get_by_text("Every attempt (2)").click()
    expect(first_entry.locator(".dlq-history li")).to_have_count(2)

    first_entry.get_by_role("button", name="Requeue").click()
    expect(page.locator(".toast").last).to_contain_text("Job requeued")
    expect(entries).to_have_count(2)
    expect(queue_tile(page, "Failed")).to_have_text("2")
    assert sql("SELECT requeued_at IS NOT NULL FROM dead_letters WHERE id = :id", id=first)[0][0]

    entries.filter(has_text="timed out").get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(entries).to_have_count(1)
    expect(queue_tile(page, "Failed")).to_have_text("1")

    page.get_by_role("button", name="Requeue all").click()
    expect(page.locator(".toast").last).to_contain_text("1 job requeued")
    expect(page.get_by_text("The dead-letter queue is empty")).to_be_visible()
    expect(page.get_by_role("button", name="Requeue all")).to_be_hidden()
    expect(queue_tile(page, "Failed")).to_have_text("0")
    expect(queue_tile(page, "Oldest waiting job")).to_have_text("5 min")


def test_people_see_only_their_own_failed_jobs_and_no_admin_link(
    page: Page, account, log_in, sql, register
):
    seed_dead_letter(sql, account.user["id"], "the resume has no extractable text (scanned?)")
    seed_dead_letter(sql, register()["id"], "someone else's failure")
    log_in(account.email)
    expect(page.get_by_role("link", name="Failed jobs")).to_have_count(0)
    page.goto("/#/admin/dlq")
    expect(page.locator("li.dlq-entry")).to_have_count(1)
    expect(page.locator("li.dlq-entry")).to_contain_text("no extractable text")
    expect(page.get_by_role("heading", name="Job queue")).to_have_count(0)
