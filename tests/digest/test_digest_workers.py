"""Daily digests end to end: real supervisors with the scheduler on a clock the test moves
around 07:00 and midnight in two time zones, a real SMTP server, exactly one email per
account and day; a failing server retried, then dead-lettered, its password never shown."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.digest.conftest import Clock
from tests.fakes.smtp_server import Certificate, Login, smtp_server
from tests.queue.queue_helpers import wait_until

pytestmark = pytest.mark.slow

SECRET = "pa55/word@smtp-zz7"


def pass_done(sql: Any, instant: str) -> bool:
    """The scan of the minute of `instant` ran, and every digest it queued was sent."""
    period = instant[:16] + ":00+00:00"
    scans = sql(
        "SELECT status FROM queue_jobs WHERE dedupe_key = :key",
        key=f"schedule:digest.scan:{period}",
    )
    busy = sql(
        "SELECT count(*) FROM queue_jobs "
        "WHERE kind = 'digest.send' AND status IN ('pending', 'processing')"
    )
    return [row[0] for row in scans] == ["done"] and busy[0][0] == 0


def step(clock: Clock, sql: Any, instant: str) -> None:
    """Move the workers' clock to `instant` and wait for that minute's pass to finish."""
    clock.set(instant)
    wait_until(lambda: pass_done(sql, instant), timeout=30)


def test_two_supervisors_send_one_digest_per_account_and_day(
    make_seeker, start_supervisor, clock: Clock, inbox, sql
):
    inbox_, port = inbox
    berlin = make_seeker("Europe/Berlin", name="Berta")
    york = make_seeker("America/New_York", name="Yorick")
    make_seeker("Europe/Berlin", digest=False, name="Nobody")
    make_seeker("Asia/Tokyo", name="Quiet")  # nothing to say: no email
    berlin.interview(berlin.application("Acme"), scheduled_at="2031-03-03T09:00:00Z")
    york.interview(york.application("Globex"), scheduled_at="2031-03-03T15:00:00Z")
    clock.set("2031-03-03T05:58:10+00:00")
    start_supervisor(f"smtp://127.0.0.1:{port}")
    start_supervisor(f"smtp://127.0.0.1:{port}")

    for instant, expected in [
        ("2031-03-03T05:58:10+00:00", 0),  # Berlin 06:58, New York 00:58, Tokyo 14:58
        ("2031-03-03T06:00:10+00:00", 1),  # Berlin 07:00
        ("2031-03-03T06:01:10+00:00", 1),
        ("2031-03-03T11:59:10+00:00", 1),  # New York 06:59
        ("2031-03-03T12:00:10+00:00", 2),  # New York 07:00
        ("2031-03-03T22:59:10+00:00", 2),  # Berlin 23:59
        ("2031-03-03T23:00:10+00:00", 2),  # Berlin 00:00 on the 4th: too early
        ("2031-03-04T04:59:10+00:00", 2),  # New York 23:59 on the 3rd
        ("2031-03-04T05:00:10+00:00", 2),  # New York 00:00 on the 4th
        ("2031-03-04T06:00:10+00:00", 3),  # Berlin 07:00 on the 4th
    ]:
        step(clock, sql, instant)
        assert len(inbox_.messages) == expected, instant

    sent = [(message["To"], message["Subject"]) for message in inbox_.messages]
    assert sent == [
        (berlin.user["email"], "Jatify: 1 interview and 1 follow-up for Mon 3 Mar"),
        (york.user["email"], "Jatify: 1 interview and 1 follow-up for Mon 3 Mar"),
        (berlin.user["email"], "Jatify: 1 follow-up for Tue 4 Mar"),
    ]
    doubled = sql(
        "SELECT dedupe_key FROM queue_jobs WHERE dedupe_key LIKE 'schedule:%' "
        "GROUP BY dedupe_key HAVING count(*) > 1"
    )
    assert doubled == []
    kinds = sql(
        "SELECT kind, count(*) FROM queue_jobs WHERE kind LIKE ANY (:mine) GROUP BY kind",
        mine=["digest.%", "queue.prune", "dlq.purge"],
    )
    assert dict(tuple(row) for row in kinds) == {
        "digest.scan": 10,
        "digest.send": 5,  # Berlin twice, New York once, Tokyo twice (found empty)
        "dlq.purge": 2,  # the 3rd, then the 4th at 03:30 UTC
        "queue.prune": 2,
    }
    states = sql("SELECT state, count(*) FROM digest_deliveries GROUP BY state ORDER BY state")
    assert [tuple(row) for row in states] == [("empty", 2), ("sent", 3)]


def test_a_failing_mail_server_is_retried_then_dead_lettered_without_showing_its_password(
    make_seeker, start_supervisor, clock: Clock, sql, tmp_path
):
    certificate = Certificate(tmp_path)
    ada = make_seeker(name="Ada")
    ada.task(ada.application("Acme"), due_at="2031-03-03T10:00:00Z")
    bob = make_seeker(digest=False, name="Bob")
    bob.task(bob.application("Globex"), due_at="2031-03-03T10:00:00Z")
    clock.set("2031-03-03T07:00:10+00:00")
    with smtp_server(certificate, Login("jatify", SECRET)) as (inbox_, port):
        inbox_.refuse_next(2)  # Ada's first two attempts
        supervisor = start_supervisor(
            f"smtp://jatify:{quote(SECRET, safe='')}@127.0.0.1:{port}",
            processes=1,
            SSL_CERT_FILE=certificate.cert_path,
        )
        wait_until(lambda: pass_done(sql, "2031-03-03T07:00:10+00:00"), timeout=30)
        [message] = inbox_.messages
        assert message["To"] == ada.user["email"]

        bob.ok("PATCH", "/api/user/profile", {"email_digest": True})
        inbox_.refuse_next(3)  # every attempt Bob's digest gets
        clock.set("2031-03-03T07:01:10+00:00")
        wait_until(lambda: pass_done(sql, "2031-03-03T07:01:10+00:00"), timeout=30)

    assert len(inbox_.messages) == 1
    [[attempts]] = sql(
        "SELECT attempts FROM queue_jobs WHERE dedupe_key = :key",
        key=f"digest:{ada.user['id']}:2031-03-03",
    )
    assert attempts == 3
    [[state, error]] = sql(
        "SELECT state, error FROM digest_deliveries WHERE user_id = :id", id=bob.user["id"]
    )
    assert state == "failed" and "451" in error
    [[letter, history]] = sql(
        "SELECT d.error, j.errors::text FROM dead_letters d JOIN queue_jobs j ON j.id = d.job_id"
    )
    assert "451" in letter
    for text in (letter, history, error, supervisor.log()):
        assert SECRET not in text and quote(SECRET, safe="") not in text
