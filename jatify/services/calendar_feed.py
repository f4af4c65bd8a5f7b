"""The private calendar feed: an `.ics` address per account (RFC 5545, built with icalendar).

The address holds a random secret of 256 bits (`secrets.token_urlsafe(32)`). A request is
matched by the secret's SHA-256 (a B-tree probe that reveals nothing of the secret), then
the secret itself is compared with `hmac.compare_digest`, in constant time. Rotating
replaces the secret: the old address answers 404 from then on.

One event per interview that is not cancelled (its start and end in UTC) and one all-day
event per open task, on its due date in the account's time zone. Each event's UID comes
from the record's `uid`, which edits never change, so a subscribed calendar updates the
event instead of adding another.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections import OrderedDict
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import Row, func, select, text, update
from sqlalchemy.dialects.postgresql import insert

from jatify.errors import NotFound
from jatify.extensions import db
from jatify.models import CalendarFeed, Interview, JobListing, Task, User
from jatify.services.follow_ups import local_date
from jatify.services.interviews import live_interviews
from jatify.services.todos import live_tasks
from jatify.vocabulary import InterviewKind, InterviewOutcome

SECRET_BYTES = 32
UID_DOMAIN = "jatify"
PRODUCT_ID = "-//Jatify//Interviews and follow-ups//EN"
CALENDAR_NAME = "Jatify: interviews and follow-ups"
# What subscribing clients are asked to wait between refreshes (most ignore it).
REFRESH_INTERVAL = timedelta(hours=1)
# Interviews older than this leave the feed (open tasks stay, however old).
PAST_INTERVIEWS = timedelta(days=365)
# Rendered feeds kept per process, the most recently used first to stay.
CACHED_FEEDS = 32
# Part of every version: a change to how events are written changes every ETag.
FEED_FORMAT = 1
_RENDERED: OrderedDict[tuple[int, str], bytes] = OrderedDict()
_CACHE_LOCK = threading.Lock()

# What the feed shows, in three aggregates: the account's zone (all-day task dates), and
# the count and newest change of its interviews and of its open tasks.
FEED_VERSION = text(
    """
SELECT u.timezone,
       (SELECT count(*) || '/' || COALESCE(max(GREATEST(i.updated_at, a.updated_at,
                                                        j.updated_at))::text, '')
        FROM interviews i JOIN applications a ON a.id = i.application_id
        JOIN job_listings j ON j.id = a.job_id
        WHERE i.user_id = u.id AND a.deleted_at IS NULL AND i.outcome <> 'cancelled'
          AND i.scheduled_at >= now() - interval '365 days'),
       (SELECT count(*) || '/' || COALESCE(max(GREATEST(t.updated_at, a.updated_at,
                                                        j.updated_at))::text, '')
        FROM tasks t JOIN applications a ON a.id = t.application_id
        JOIN job_listings j ON j.id = a.job_id
        WHERE t.user_id = u.id AND a.deleted_at IS NULL AND NOT t.done)
FROM users u WHERE u.id = :user_id
"""
)
KIND_NAMES = {
    InterviewKind.PHONE: "phone interview",
    InterviewKind.VIDEO: "video interview",
    InterviewKind.ONSITE: "on-site interview",
    InterviewKind.TECHNICAL: "technical interview",
    InterviewKind.TAKE_HOME: "take-home assignment",
    InterviewKind.OTHER: "interview",
}


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _fresh_secret() -> dict[str, str]:
    secret = secrets.token_urlsafe(SECRET_BYTES)
    return {"secret": secret, "secret_sha256": _sha256(secret)}


def feed_secret(user_id: int) -> str:
    """The account's feed secret, made on first use (two first calls at once make one)."""
    secret = db.session.scalar(select(CalendarFeed.secret).where(CalendarFeed.user_id == user_id))
    if secret is None:
        db.session.execute(
            insert(CalendarFeed)
            .values(user_id=user_id, **_fresh_secret())
            .on_conflict_do_nothing(index_elements=[CalendarFeed.user_id])
        )
        secret = db.session.scalar(
            select(CalendarFeed.secret).where(CalendarFeed.user_id == user_id)
        )
        db.session.commit()
    return secret


def rotate_secret(user_id: int) -> str:
    """A new secret for the account's feed; the old one stops working at once."""
    secret = db.session.scalar(
        update(CalendarFeed)
        .where(CalendarFeed.user_id == user_id)
        .values(**_fresh_secret(), created_at=func.now())
        .returning(CalendarFeed.secret)
    )
    if secret is None:
        return feed_secret(user_id)
    db.session.commit()
    return secret


def feed_owner(secret: str) -> int:
    """The account whose feed this secret opens, or NotFound."""
    row = db.session.execute(
        select(CalendarFeed.user_id, CalendarFeed.secret).where(
            CalendarFeed.secret_sha256 == _sha256(secret)
        )
    ).first()
    if row is None or not hmac.compare_digest(row.secret.encode(), secret.encode()):
        raise NotFound("No calendar at this address")
    return row.user_id


def feed_version(user_id: int) -> str:
    """A fingerprint of everything the account's feed shows: it changes whenever the feed
    would (an edit moves an `updated_at`, a deletion, cancellation or completion a count).
    It is the feed's ETag, and the key of the rendered feed in this process's cache."""
    row = db.session.execute(FEED_VERSION, {"user_id": user_id}).one()
    return hashlib.sha256(f"{FEED_FORMAT}|{row[0]}|{row[1]}|{row[2]}".encode()).hexdigest()[:32]


def calendar_bytes(user_id: int, version: str) -> bytes:
    """The account's calendar as RFC 5545 text, rendered once per `version` per process."""
    key = (user_id, version)
    with _CACHE_LOCK:
        cached = _RENDERED.get(key)
        if cached is not None:
            _RENDERED.move_to_end(key)
            return cached
    rendered = _render(user_id)
    with _CACHE_LOCK:
        _RENDERED[key] = rendered
        while len(_RENDERED) > CACHED_FEEDS:
            _RENDERED.popitem(last=False)
    return rendered


def _render(user_id: int) -> bytes:
    """Three statements, then icalendar."""
    zone = db.session.scalar(select(User.timezone).where(User.id == user_id))
    interviews = db.session.execute(
        live_interviews(
            user_id,
            Interview.uid,
            Interview.scheduled_at,
            Interview.duration_minutes,
            Interview.kind,
            Interview.location,
            Interview.interviewers,
            Interview.notes,
            Interview.updated_at,
            JobListing.company,
            JobListing.position,
        )
        .where(
            Interview.outcome != InterviewOutcome.CANCELLED,
            Interview.scheduled_at >= func.now() - PAST_INTERVIEWS,
        )
        .order_by(Interview.scheduled_at, Interview.id)
    ).all()
    tasks = db.session.execute(
        live_tasks(
            user_id,
            Task.uid,
            Task.title,
            Task.notes,
            local_date(Task.due_at, zone).label("due_on"),
            Task.updated_at,
            JobListing.company,
            JobListing.position,
        )
        .where(Task.done.is_(False))
        .order_by(Task.due_at, Task.id)
    ).all()
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH_INTERVAL)
    for row in interviews:
        calendar.add_component(_interview_event(row))
    for row in tasks:
        calendar.add_component(_task_event(row))
    return calendar.to_ical()


def _modified(row: Row) -> datetime:
    # DTSTAMP and LAST-MODIFIED: the record's last change, so an unchanged calendar is the
    # same bytes (and ETag) at every refresh.
    return row.updated_at.astimezone(UTC).replace(microsecond=0)


def _interview_event(row: Row) -> Event:
    start = row.scheduled_at.astimezone(UTC)
    kind = KIND_NAMES.get(row.kind, "interview")
    description = [f"{kind.capitalize()} for {row.position} at {row.company}."]
    if row.interviewers:
        description.append("With " + ", ".join(row.interviewers) + ".")
    if row.notes:
        description.append(row.notes)
    event = Event()
    event.add("uid", f"interview-{row.uid}@{UID_DOMAIN}")
    event.add("dtstamp", _modified(row))
    event.add("last-modified", _modified(row))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=row.duration_minutes))
    event.add("summary", f"{kind.capitalize()}: {row.position} at {row.company}")
    if row.location:
        event.add("location", row.location)
    event.add("description", "\n\n".join(description))
    return event


def _task_event(row: Row) -> Event:
    event = Event()
    event.add("uid", f"task-{row.uid}@{UID_DOMAIN}")
    event.add("dtstamp", _modified(row))
    event.add("last-modified", _modified(row))
    event.add("dtstart", row.due_on)
    event.add("dtend", row.due_on + timedelta(days=1))
    event.add("summary", f"To do: {row.title} ({row.company})")
    description = f"Follow-up for {row.position} at {row.company}."
    event.add("description", f"{description}\n\n{row.notes}" if row.notes else description)
    event.add("transp", "TRANSPARENT")
    return event
