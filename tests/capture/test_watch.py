"""The posting watch: the daily pass enqueues a check per due posting, spread per host;
each check closes a posting that is gone or expired, or snapshots a changed text."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime

import pytest

from jatify.queue.schedule import SCHEDULE
from jatify.tasks import watch
from jatify.vocabulary import JobKindName
from tests.capture.career_site import page

# The Greenhouse page without its rel=canonical, so the listing's link is where it is served.
POSTING = page("greenhouse").replace('<link rel="canonical" href="/northwind/jobs/4012345">', "")


@pytest.fixture
def watched(auth_headers, site, captured, sql):
    """A captured posting served at /p/1, last checked two days ago; its listing id."""

    def watched(html: str = POSTING, path: str = "/p/1") -> int:
        site.serve(path, html)
        job_id = captured(auth_headers, url=site.url(path))["job"]["id"]
        sql(
            "UPDATE job_listings SET posting_checked_at = now() - interval '2 days' WHERE id = :id",
            id=job_id,
        )
        return job_id

    return watched


@pytest.fixture
def check(run_handler, capture_config):
    """Run the posting.check handler for a listing."""

    def check(job_id: int) -> None:
        run_handler(watch.check_posting, {"job_id": job_id}, capture_config)

    return check


def listing(sql, job_id: int):
    """The listing's posting state."""
    [row] = sql(
        "SELECT posting_status, posting_checked_at, valid_through FROM job_listings WHERE id = :id",
        id=job_id,
    )
    return row


def snapshots(client, headers, job_id: int) -> list[dict]:
    """The listing's snapshots, newest first."""
    return client.get(f"/api/jobs/{job_id}/snapshots", headers=headers).get_json()["items"]


def test_the_watch_runs_daily_from_the_scheduler():
    [entry] = [entry for entry in SCHEDULE if entry.kind == JobKindName.POSTING_WATCH]
    assert entry.period.total_seconds() == 24 * 3600


def test_the_daily_pass_checks_each_due_posting_once_spread_out_per_host(
    make_headers, run_handler, app, sql
):
    owner = make_headers()
    [[user_id]] = sql("SELECT id FROM users")
    rows = [
        ("https://a.example/1", "open", "now() - interval '2 days'", None),
        ("https://a.example/2", "open", "NULL", None),
        ("https://a.example/3", "open", "now() - interval '21 hours'", None),
        ("https://b.example/1", "open", "now() - interval '3 days'", None),
        ("https://a.example/recent", "open", "now() - interval '2 hours'", None),
        ("https://a.example/closed", "closed", "now() - interval '2 days'", None),
        ("https://a.example/deleted", "open", "now() - interval '2 days'", "now()"),
        (None, "open", "NULL", None),
    ]
    for url, status, checked, deleted in rows:
        sql(
            "INSERT INTO job_listings (user_id, company, position, description, url,"
            f" posting_status, posting_checked_at, deleted_at) VALUES (:user_id, 'C', 'P', 'D',"
            f" :url, :status, {checked}, {deleted or 'NULL'})",
            user_id=user_id,
            url=url,
            status=status,
        )
    payload = {"period_start": datetime.now(UTC).isoformat()}

    before = datetime.now(UTC)
    run_handler(watch.watch_postings, payload, app.config)
    run_handler(watch.watch_postings, payload, app.config)

    jobs = sql(
        "SELECT q.run_at, q.user_id, j.url FROM queue_jobs q"
        " JOIN job_listings j ON j.id = (q.payload->>'job_id')::bigint"
        " WHERE q.kind = 'posting.check' ORDER BY q.run_at"
    )
    assert sorted(job.url for job in jobs) == [
        "https://a.example/1",
        "https://a.example/2",
        "https://a.example/3",
        "https://b.example/1",
    ]
    assert {job.user_id for job in jobs} == {user_id}
    on_a = [job.run_at for job in jobs if job.url.startswith("https://a.")]
    gaps = [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(on_a)]
    assert all(gap >= 4 for gap in gaps), gaps
    assert all(0 <= (job.run_at - before).total_seconds() <= 3600 + 20 for job in jobs)
    assert owner


def test_a_changed_text_is_a_new_snapshot_marked_changed(
    client, auth_headers, site, watched, check, sql
):
    job_id = watched()
    site.serve("/p/1", POSTING.replace("clear writing", "clear writing and mentoring"))

    check(job_id)

    [newest, first] = snapshots(client, auth_headers, job_id)
    assert (newest["changed"], first["changed"], newest["http_status"]) == (True, False, 200)
    text = client.get(
        f"/api/jobs/{job_id}/snapshots/{newest['id']}", headers=auth_headers
    ).get_json()["text"]
    assert "clear writing and mentoring" in text
    state = listing(sql, job_id)
    assert state.posting_status == "open"
    assert (datetime.now(UTC) - state.posting_checked_at).total_seconds() < 60


def test_the_same_text_adds_no_snapshot(client, auth_headers, watched, check, sql):
    job_id = watched()
    check(job_id)
    assert len(snapshots(client, auth_headers, job_id)) == 1
    assert listing(sql, job_id).posting_status == "open"


@pytest.mark.parametrize("status", [404, 410])
def test_a_posting_that_is_gone_is_closed(client, auth_headers, site, watched, check, sql, status):
    job_id = watched()
    site.serve("/p/1", "<h1>Gone</h1>", status=status)

    check(job_id)

    assert listing(sql, job_id).posting_status == "closed"
    assert (
        client.get(f"/api/jobs/{job_id}", headers=auth_headers).get_json()["posting_status"]
        == "closed"
    )


def test_a_posting_whose_job_posting_data_is_gone_is_closed(site, watched, check, sql):
    job_id = watched()
    site.serve("/p/1", page("article"))  # a page still, but no JobPosting any more

    check(job_id)

    assert listing(sql, job_id).posting_status == "closed"


def test_a_posting_past_its_valid_through_is_closed(site, watched, check, sql):
    job_id = watched()
    site.serve("/p/1", POSTING.replace("2099-06-30T23:59:59Z", "2020-01-31"))

    check(job_id)

    assert listing(sql, job_id).posting_status == "closed"


def test_a_site_that_fails_today_leaves_the_posting_open(site, watched, check, sql):
    job_id = watched()
    site.serve("/p/1", "busy", status=503)

    check(job_id)

    state = listing(sql, job_id)
    assert state.posting_status == "open"
    assert (datetime.now(UTC) - state.posting_checked_at).total_seconds() < 60


def test_a_closed_or_deleted_listing_is_not_fetched(
    client, auth_headers, site, watched, check, sql
):
    job_id = watched()
    sql("UPDATE job_listings SET posting_status = 'closed' WHERE id = :id", id=job_id)
    requests_before = len(site.requests)
    check(job_id)
    client.delete(f"/api/jobs/{job_id}", headers=auth_headers)
    check(job_id)
    assert len(site.requests) == requests_before


def test_a_capture_past_its_valid_through_is_closed_from_the_start(auth_headers, site, captured):
    expired = json.dumps("2020-01-31")
    site.serve("/old", POSTING.replace('"2099-06-30T23:59:59Z"', expired))
    assert captured(auth_headers, url=site.url("/old"))["job"]["posting_status"] == "closed"
