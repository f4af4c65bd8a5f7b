"""The daily digest: one email a day per account that asked for it, never two.

The scheduler's `digest.scan` pass (every minute) gives each opted-in account whose local
time is 07:00 or later a pending `digest_deliveries` row for its local day, and enqueues
one `digest.send` job for it; the row's primary key (account, day) makes that happen once
per day however many passes, workers and hosts run. The send job builds the day's
digest (interviews that day, open tasks due by its end, overdue follow-ups) and sends
nothing on a day with nothing to say.

Exactly one email: the row is locked, `sending` is committed once the mail server has
said 354 (go ahead) and before the message goes out, and `sent` is committed right after
the server's 250, before anything else. A failure before the message went out puts the
row back to `pending` (the job retries with backoff, and dead-letters at worst, marking
the row `failed`). An attempt that finds `sending` cannot know whether the server took
the message (its worker died between the two commits): it records `unknown` and does
not send again. The window in doubt is that one hand-over: the message bytes, the
server's reply and one local commit, milliseconds on a healthy server.
"""

from __future__ import annotations

import functools
import logging
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Date, bindparam
from sqlalchemy.dialects.postgresql import psycopg2 as psycopg2_dialect
from sqlalchemy.engine import Compiled

from jatify.extensions import db
from jatify.mail import Mailer, MailNotSent, MailOutcomeUnknown, build_message
from jatify.models import User
from jatify.queue import enqueue_psycopg
from jatify.services import sql
from jatify.services.agenda import OVERDUE_APPLICATIONS, interviews_between, open_tasks_between
from jatify.services.digest_text import DigestContent, render_digest
from jatify.services.follow_ups import ACCOUNT, account_zone, clock_params
from jatify.services.interviews import day_start
from jatify.vocabulary import DigestState, JobKindName

log = logging.getLogger("jatify.digests")

SEND_AT = "07:00"
# The bounds of the digest's day in its compiled statements.
DAY_START = bindparam("day_start", type_=Date)
DAY_END = bindparam("day_end", type_=Date)
FINISHED = (DigestState.SENT, DigestState.EMPTY, DigestState.UNKNOWN, DigestState.FAILED)
_DIALECT = psycopg2_dialect.dialect()


class Recipient(NamedTuple):
    """Who a digest goes to."""

    email: str
    name: str
    timezone: str


def run_select(cursor: Any, compiled: Compiled, params: dict[str, Any]) -> list[dict[str, Any]]:
    """A compiled SQLAlchemy select run on a psycopg2 cursor (a worker's connection); its
    rows by column name."""
    cursor.execute(str(compiled), compiled.construct_params(params))
    names = [column.name for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@functools.cache
def _digest_queries() -> tuple[Compiled, Compiled, Compiled]:
    """The day's interviews, its open tasks due by its end, and the overdue applications:
    compiled once per process (compiling them costs more than running them)."""
    zone = account_zone(ACCOUNT)
    start, end = day_start(DAY_START, zone), day_start(DAY_END, zone)
    queries = (
        interviews_between(ACCOUNT, start, end),
        open_tasks_between(ACCOUNT, None, end),
        OVERDUE_APPLICATIONS,
    )
    return tuple(query.compile(dialect=_DIALECT) for query in queries)


def queue_digests(cursor: Any, at: datetime) -> int:
    """The pass at `at`: pending digests and their send jobs for the accounts now due."""
    cursor.execute(sql.DIGEST_QUEUE, {"at": at, "send_at": SEND_AT})
    due = cursor.fetchall()
    for user_id, day in due:
        enqueue_psycopg(
            cursor,
            JobKindName.DIGEST_SEND,
            {"user_id": user_id, "day": day.isoformat()},
            user_id=user_id,
            dedupe_key=f"digest:{user_id}:{day.isoformat()}",
        )
    return len(due)


def digest_content(cursor: Any, user_id: int, day: date) -> DigestContent:
    """What the digest of `day` lists (three statements)."""
    params = {
        **clock_params(user_id, day),
        "day_start": day,
        "day_end": day + timedelta(days=1),
    }
    interviews, tasks, overdue = (run_select(cursor, query, params) for query in _digest_queries())
    return DigestContent(day=day, interviews=interviews, tasks=tasks, follow_ups=overdue)


def _set_state(
    cursor: Any,
    user_id: int,
    day: date,
    state: DigestState,
    from_states: tuple[DigestState, ...],
    error: str | None = None,
) -> None:
    cursor.execute(
        sql.DIGEST_SET_STATE,
        {
            "user_id": user_id,
            "day": day,
            "state": state,
            "from_states": [str(value) for value in from_states],
            "error": error,
            "sending": DigestState.SENDING,
            "sent": DigestState.SENT,
        },
    )


def send_digest(connection: Any, mailer: Mailer, sender: str, user_id: int, day: date) -> str:
    """Send the digest of `day` unless it went (or may have gone) already; its final state.

    Commits on `connection` itself, around the hand-over (see the module's docstring);
    raises MailNotSent (state back to `pending`) when the job should try again.
    """
    cursor = connection.cursor()
    cursor.execute(sql.DIGEST_LOCK, {"user_id": user_id, "day": day})
    found = cursor.fetchone()
    if found is None:
        return "gone"  # the account was deleted meanwhile
    state, email, name, timezone, wanted = found
    if state in FINISHED:
        return state
    if state == DigestState.SENDING:
        reason = "an earlier attempt stopped while handing the message over; not sent again"
        _set_state(cursor, user_id, day, DigestState.UNKNOWN, (DigestState.SENDING,), reason)
        log.warning("digest of user %s for %s: outcome unknown, not sent again", user_id, day)
        return DigestState.UNKNOWN
    content = digest_content(cursor, user_id, day)
    if not wanted or content.empty:
        _set_state(cursor, user_id, day, DigestState.EMPTY, (DigestState.PENDING,))
        return DigestState.EMPTY
    subject, text = render_digest(content, Recipient(email, name, timezone))
    domain = sender.rpartition("@")[2].strip(">") or "jatify"
    message = build_message(
        sender=sender,
        to=email,
        subject=subject,
        text=text,
        message_id=f"<digest.{user_id}.{day.isoformat()}@{domain}>",
    )

    def before_data() -> None:
        _set_state(cursor, user_id, day, DigestState.SENDING, (DigestState.PENDING,))
        connection.commit()

    try:
        mailer.send(message, before_data)
    except MailNotSent as exc:
        connection.rollback()
        waiting = (DigestState.PENDING, DigestState.SENDING)
        _set_state(cursor, user_id, day, DigestState.PENDING, waiting, exc.message)
        connection.commit()
        raise
    except MailOutcomeUnknown as exc:
        _set_state(cursor, user_id, day, DigestState.UNKNOWN, (DigestState.SENDING,), exc.message)
        connection.commit()
        log.warning("digest of user %s for %s: %s", user_id, day, exc.message)
        return DigestState.UNKNOWN
    # The server has it: say so at once, before anything else can fail.
    _set_state(cursor, user_id, day, DigestState.SENT, (DigestState.SENDING, DigestState.UNKNOWN))
    connection.commit()
    return DigestState.SENT


def give_up_digest(cursor: Any, user_id: int, day: date, message: str) -> None:
    """The send job failed for good: a digest still waiting is `failed`, with the reason."""
    _set_state(cursor, user_id, day, DigestState.FAILED, (DigestState.PENDING,), message)


def retry_digest(cursor: Any, user_id: int, day: date) -> None:
    """The send job was requeued: a failed digest is pending again."""
    _set_state(cursor, user_id, day, DigestState.PENDING, (DigestState.FAILED,))


def preview_digest(user_id: int, day: date | None = None) -> tuple[date, tuple[str, str] | None]:
    """The day (default: today in the account's zone) and the subject and text its digest
    would have, or None when it would say nothing."""
    user = db.session.get(User, user_id)
    day = day or datetime.now(ZoneInfo(user.timezone)).date()
    content = digest_content(db.session.connection().connection.cursor(), user_id, day)
    db.session.rollback()
    if content.empty:
        return day, None
    return day, render_digest(content, Recipient(user.email, user.name, user.timezone))
