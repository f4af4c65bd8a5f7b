"""Two requests at once, one below the limit: exactly one passes, for every quota.

To make the race certain rather than likely, a third connection holds a lock that lets
both requests read but not insert (SHARE ROW EXCLUSIVE on the table the quota counts).
Both requests then run as far as they can, and only when both wait on a lock is it
released: a check that counts without serialising the account lets both counts see the
limit minus one, and both pass.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest
import requests

from tests.queue.queue_helpers import query, wait_until
from tests.quotas.conftest import POSTING, text_file

WAITING = """
SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
"""


def race(dsn: str, table: str, send: Callable[[int], requests.Response]) -> list[requests.Response]:
    """Send two requests while `table` takes no inserts; their answers, by status."""
    blocker = psycopg2.connect(dsn)
    try:
        with blocker.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = [pool.submit(send, index) for index in range(2)]

            wait_until(lambda: query(dsn, WAITING)[0]["count"] >= 2, timeout=20)
            blocker.rollback()
            return sorted((answer.result() for answer in answers), key=lambda r: r.status_code)
    finally:
        blocker.close()


@pytest.fixture
def account(quick_headers, quota_client, make_job, resume_of):
    """Headers, a 300-byte resume, three job listings of a new account, and one of its two
    analyses of the day used (on the first listing)."""
    headers = quick_headers()
    resume_id = resume_of(quota_client, headers)
    jobs = [make_job(headers) for _ in range(3)]
    first = quota_client.post(
        f"/api/resumes/{resume_id}/analyze", json={"job_id": jobs[0]}, headers=headers
    )
    assert first.status_code == 202
    return headers, resume_id, jobs


def analyze_over_http(server: str, account: tuple, job_id: int) -> requests.Response:
    """POST an analysis of the account's resume against `job_id` to the live server."""
    headers, resume_id, _jobs = account
    url = f"{server}/api/resumes/{resume_id}/analyze"
    return requests.post(url, json={"job_id": job_id}, headers=headers, timeout=30)


def test_two_analyses_at_once_at_the_limit_minus_one(app, account, quota_server):
    jobs = account[2]

    answers = race(
        app.config["DATABASE_DSN"],
        "analyses",
        lambda index: analyze_over_http(quota_server, account, jobs[index + 1]),
    )

    assert [answer.status_code for answer in answers] == [202, 429]


def test_the_same_analysis_twice_at_once_at_the_limit_minus_one(app, account, quota_server):
    jobs = account[2]

    answers = race(
        app.config["DATABASE_DSN"],
        "analyses",
        lambda _index: analyze_over_http(quota_server, account, jobs[1]),
    )

    # The one that waited finds the other's analysis in flight: no 429 for asking twice.
    assert [answer.status_code for answer in answers] == [202, 202]
    assert answers[0].json()["id"] == answers[1].json()["id"]


def test_two_captures_at_once_at_the_limit_minus_one(app, quick_headers, quota_server):
    headers = quick_headers()  # 1 capture a day: the limit minus one is none

    def send(_index: int) -> requests.Response:
        url = f"{quota_server}/api/jobs/capture"
        return requests.post(url, json={"text": POSTING}, headers=headers, timeout=30)

    answers = race(app.config["DATABASE_DSN"], "captures", send)
    assert [answer.status_code for answer in answers] == [202, 429]


def test_two_uploads_at_once_that_fit_only_one_by_one(app, account, quota_server):
    headers = account[0]  # 300 of 1000 bytes used

    def send(_index: int) -> requests.Response:
        files = {"file": ("resume.txt", io.BytesIO(text_file(400)), "text/plain")}
        return requests.post(
            f"{quota_server}/api/resumes", files=files, headers=headers, timeout=30
        )

    answers = race(app.config["DATABASE_DSN"], "resumes", send)
    assert [answer.status_code for answer in answers] == [201, 429]
