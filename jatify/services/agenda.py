"""The agenda: what to do now. Interviews and open tasks of the next days, open tasks past
due, and applications whose follow-up is overdue, in a constant number of statements.

The same queries build the daily digest (services/digests.py), for one day. Days are
calendar days in the account's time zone; each list holds at most `AGENDA_LIMIT` items,
the soonest (or most overdue) first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Row, Select, func, select

from jatify.extensions import db
from jatify.models import Application, Interview, JobListing, Status, Task
from jatify.services.applications import select_applications
from jatify.services.follow_ups import (
    ACCOUNT,
    TODAY,
    account_clock,
    account_zone,
    clock_params,
    today_in,
)
from jatify.services.interviews import INTERVIEW_COLUMNS, day_start, live_interviews
from jatify.services.todos import TASK_COLUMNS, live_tasks
from jatify.vocabulary import InterviewOutcome

AGENDA_LIMIT = 100


@dataclass(frozen=True)
class Agenda:
    """The agenda of `days` days from `start` (today) to `end`, both included."""

    start: date
    end: date
    interviews: list[Row]
    tasks: list[Row]
    overdue_tasks: list[Row]
    follow_ups: list[Row]


def interviews_between(user_id: int, start: Any, end: Any) -> Select:
    """Interviews from `start` (included) to `end` (excluded), cancelled ones left out."""
    return (
        live_interviews(user_id, *INTERVIEW_COLUMNS)
        .where(
            Interview.scheduled_at >= start,
            Interview.scheduled_at < end,
            Interview.outcome != InterviewOutcome.CANCELLED,
        )
        .order_by(Interview.scheduled_at, Interview.id)
        .limit(AGENDA_LIMIT)
    )


def open_tasks_between(user_id: int, start: Any | None, end: Any) -> Select:
    """Open tasks due from `start` (included; None: any time before) to `end` (excluded)."""
    query = live_tasks(user_id, *TASK_COLUMNS).where(Task.done.is_(False), Task.due_at < end)
    if start is not None:
        query = query.where(Task.due_at >= start)
    return query.order_by(Task.due_at, Task.id).limit(AGENDA_LIMIT)


def _overdue_applications() -> Select:
    clock, join_medians = account_clock()
    return (
        join_medians(
            select(
                Application.id,
                JobListing.company,
                JobListing.position,
                clock.expected.label("expected"),
                clock.json,
            )
            .join(Status, Status.id == Application.status_id)
            .join(Application.job)
        )
        .where(
            Application.user_id == ACCOUNT,
            Application.deleted_at.is_(None),
            clock.active,
            clock.expected < TODAY,
        )
        .order_by(clock.expected, Application.id)
        .limit(AGENDA_LIMIT)
    )


# The id, company, position, expected date and `follow_up` of the account's applications
# overdue on TODAY, most overdue first (what the digest lists); params: clock_params.
OVERDUE_APPLICATIONS = _overdue_applications()
_OVERDUE = OVERDUE_APPLICATIONS.subquery("overdue")
# The same applications as the API shows them (APPLICATION_COLUMNS, then `follow_up`):
# the clock runs over the whole account, then only those are read.
OVERDUE_FOLLOW_UPS = (
    select_applications(_OVERDUE.c.follow_up)
    .join(_OVERDUE, _OVERDUE.c.id == Application.id)
    .order_by(_OVERDUE.c.expected, _OVERDUE.c.id)
)


def agenda(user_id: int, days: int) -> Agenda:
    """The caller's agenda of `days` days from today (five statements)."""
    zone = account_zone(user_id)
    today = db.session.scalar(select(today_in(zone)))
    end = today + timedelta(days=days)
    start_at, end_at = day_start(today, zone), day_start(end, zone)
    now = func.now()

    def rows(query: Select, params: dict[str, Any] | None = None) -> list[Row]:
        return list(db.session.execute(query, params).all())

    return Agenda(
        start=today,
        end=end - timedelta(days=1),
        interviews=rows(interviews_between(user_id, start_at, end_at)),
        tasks=rows(open_tasks_between(user_id, now, end_at)),
        overdue_tasks=rows(open_tasks_between(user_id, None, now)),
        follow_ups=rows(OVERDUE_FOLLOW_UPS, clock_params(user_id, today)),
    )
