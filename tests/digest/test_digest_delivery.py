"""One digest, in process, through a real SMTP server: what it lists, an empty day, a
refusing server, and a crash between the hand-over and the commit (never sent twice)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from jatify.mail import MailNotSent, SmtpMailer
from jatify.mail.settings import parse_smtp_url
from jatify.services import digests

DAY = date(2031, 3, 3)
SENDER = "Jatify <digest@jatify.example>"


def state(sql, user_id: int) -> str:
    [[found]] = sql(
        "SELECT state FROM digest_deliveries WHERE user_id = :id AND day = :day",
        id=user_id,
        day=DAY,
    )
    return found


def queue(connect, at: str) -> int:
    """Run the digest pass at `at` on a fresh connection; how many digests it queued."""
    connection = connect()
    with connection.cursor() as cursor:
        count = digests.queue_digests(cursor, datetime.fromisoformat(at))
    connection.commit()
    return count


def smtp(port: int) -> SmtpMailer:
    return SmtpMailer(parse_smtp_url(f"smtp://127.0.0.1:{port}"), timeout_seconds=5)


def send(connection: Any, mailer: Any, user_id: int) -> str:
    """What the digest.send job does: send, then the queue commits the rest with the job."""
    outcome = digests.send_digest(connection, mailer, SENDER, user_id, DAY)
    connection.commit()
    return outcome


def test_the_digest_lists_the_day_in_the_account_zone(make_seeker, connect, inbox, sql):
    inbox_, port = inbox
    ada = make_seeker("Europe/Berlin", name="Ada")
    acme = ada.application("Acme", position="Backend Engineer")
    ada.interview(acme, scheduled_at="2031-03-03T09:30:00Z", kind="video", location="https://meet")
    ada.interview(acme, scheduled_at="2031-03-04T09:30:00Z")  # tomorrow: not listed
    ada.task(acme, title="Send the portfolio", due_at="2031-03-03T16:00:00Z")
    ada.task(acme, title="Call Dana back", due_at="2031-03-01T08:00:00Z")
    ada.task(acme, title="Next week", due_at="2031-03-10T08:00:00Z")
    assert queue(connect, "2031-03-03T06:00:00+00:00") == 1  # 07:00 in Berlin

    sent = send(connect(), smtp(port), ada.user["id"])

    assert sent == "sent" and state(sql, ada.user["id"]) == "sent"
    [message] = inbox_.wait_for(1)
    assert message["To"] == ada.user["email"]
    assert message["Subject"] == "Jatify: 1 interview, 2 tasks and 1 follow-up for Mon 3 Mar"
    assert message["Message-ID"] == f"<digest.{ada.user['id']}.2031-03-03@jatify.example>"
    text = message.get_content()
    assert "10:30 (60 min) Video interview: Backend Engineer at Acme" in text
    assert "Where: https://meet" in text
    assert "Send the portfolio (Acme, due 17:00)" in text
    assert "Call Dana back (Acme, overdue since Saturday 1 March 2031)" in text
    assert "Next week" not in text
    assert "Acme, Backend Engineer: an answer was expected by" in text
    assert "Times are in Europe/Berlin" in text


def test_a_day_with_nothing_to_say_sends_nothing(make_seeker, connect, inbox, sql):
    inbox_, port = inbox
    quiet = make_seeker()
    quiet.move(quiet.application("Acme"), 6)  # rejected: no follow-up
    queue(connect, "2031-03-03T07:00:00+00:00")

    assert send(connect(), smtp(port), quiet.user["id"]) == "empty"
    assert state(sql, quiet.user["id"]) == "empty"
    assert inbox_.messages == []


def test_the_pass_queues_each_account_once_a_day_from_0700_local(make_seeker, connect, sql):
    berlin, york = make_seeker("Europe/Berlin"), make_seeker("America/New_York")
    make_seeker("Europe/Berlin", digest=False)

    assert queue(connect, "2031-03-03T05:59:59+00:00") == 0  # 06:59:59 in Berlin
    assert queue(connect, "2031-03-03T06:00:00+00:00") == 1
    assert queue(connect, "2031-03-03T11:59:00+00:00") == 0  # 06:59 in New York
    assert queue(connect, "2031-03-03T12:00:00+00:00") == 1
    assert queue(connect, "2031-03-03T22:59:00+00:00") == 0  # 23:59 in Berlin
    assert queue(connect, "2031-03-03T23:00:00+00:00") == 0  # midnight there: too early
    assert queue(connect, "2031-03-04T06:00:00+00:00") == 1

    rows = sql("SELECT user_id, day FROM digest_deliveries ORDER BY day, user_id")
    assert [tuple(row) for row in rows] == [
        (berlin.user["id"], date(2031, 3, 3)),
        (york.user["id"], date(2031, 3, 3)),
        (berlin.user["id"], date(2031, 3, 4)),
    ]
    jobs = sql("SELECT dedupe_key FROM queue_jobs WHERE kind = 'digest.send' ORDER BY created_at")
    assert [row[0] for row in jobs] == [
        f"digest:{berlin.user['id']}:2031-03-03",
        f"digest:{york.user['id']}:2031-03-03",
        f"digest:{berlin.user['id']}:2031-03-04",
    ]


def test_a_refusing_server_puts_the_digest_back_and_a_retry_sends_it(
    make_seeker, connect, inbox, sql
):
    inbox_, port = inbox
    ada = make_seeker()
    ada.task(ada.application(), due_at="2031-03-03T10:00:00Z")
    queue(connect, "2031-03-03T07:00:00+00:00")
    inbox_.refuse_next(1, "451 4.3.0 Mailbox busy")

    with pytest.raises(MailNotSent) as refused:
        send(connect(), smtp(port), ada.user["id"])

    assert not refused.value.permanent
    assert state(sql, ada.user["id"]) == "pending"
    assert send(connect(), smtp(port), ada.user["id"]) == "sent"
    assert len(inbox_.wait_for(1)) == 1
    again = send(connect(), smtp(port), ada.user["id"])
    assert again == "sent" and len(inbox_.messages) == 1


class CrashAfterHandOver:
    """The mail server takes the message, then the process dies before its next commit."""

    def __init__(self, mailer: SmtpMailer) -> None:
        self.mailer = mailer

    def send(self, message: Any, before_data: Any) -> None:
        self.mailer.send(message, before_data)
        raise SystemExit("killed between the server's 250 and the commit")


def test_a_crash_between_sending_and_committing_never_sends_twice(make_seeker, connect, inbox, sql):
    inbox_, port = inbox
    ada = make_seeker()
    ada.task(ada.application(), due_at="2031-03-03T10:00:00Z")
    queue(connect, "2031-03-03T07:00:00+00:00")
    doomed = connect()

    with pytest.raises(SystemExit):
        send(doomed, CrashAfterHandOver(smtp(port)), ada.user["id"])
    doomed.close()  # the worker is gone: what it had not committed is lost
    assert state(sql, ada.user["id"]) == "sending"

    retried = send(connect(), smtp(port), ada.user["id"])

    assert retried == "unknown"
    [[found, error]] = sql(
        "SELECT state, error FROM digest_deliveries WHERE user_id = :id", id=ada.user["id"]
    )
    assert (found, "not sent again" in error) == ("unknown", True)
    assert len(inbox_.wait_for(1)) == 1
