"""Interviews of the caller's applications: scheduling, reading, changing, deleting.

An interview belongs to one of the account's live applications; a soft-deleted
application hides its interviews from every list, the agenda and the calendar feed, and
they answer 404 like another user's. Instants are stored in UTC; date ranges are whole
days in the account's time zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Row, Select, cast, delete, func, select
from sqlalchemy.orm import raiseload

from jatify.errors import NotFound
from jatify.extensions import db
from jatify.models import Application, Interview, JobListing
from jatify.services.common import owns
from jatify.services.follow_ups import account_zone

# What an interview shows (API.md, plus its job), in the order `api.interviews.interview_item`
# unpacks it.
INTERVIEW_COLUMNS = (
    Interview.id,
    Interview.application_id,
    JobListing.id.label("job_id"),
    JobListing.company,
    JobListing.position,
    Interview.scheduled_at,
    Interview.duration_minutes,
    Interview.kind,
    Interview.location,
    Interview.interviewers,
    Interview.notes,
    Interview.outcome,
    Interview.feedback,
    Interview.created_at,
    Interview.updated_at,
)


def live_interviews(user_id: int, *columns: Any) -> Select:
    """The caller's interviews of live applications, with their job listing joined."""
    return (
        select(*(columns or INTERVIEW_COLUMNS))
        .join(Application, Application.id == Interview.application_id)
        .join(JobListing, JobListing.id == Application.job_id)
        .where(Interview.user_id == user_id, Application.deleted_at.is_(None))
    )


def day_start(day: date, zone: Any) -> ColumnElement[Any]:
    """The instant a calendar day starts in `zone`."""
    return func.timezone(zone, cast(day, DateTime))


def require_application(user_id: int, application_id: int) -> None:
    """NotFound unless the application is one of the caller's live ones."""
    if not owns(Application, user_id, application_id):
        raise NotFound(f"Application {application_id} not found")


def create_interview(user_id: int, application_id: int, fields: Mapping[str, Any]) -> int:
    """Schedule an interview of one of the caller's applications; its id."""
    require_application(user_id, application_id)
    interview = Interview(user_id=user_id, application_id=application_id, **fields)
    db.session.add(interview)
    db.session.commit()
    return interview.id


def interview_page(
    user_id: int,
    *,
    page: int,
    page_size: int,
    application_id: int | None = None,
    from_day: date | None = None,
    to_day: date | None = None,
) -> tuple[list[Row], int]:
    """One page of the caller's interviews by time (an application's, or in a date range)."""
    query = live_interviews(user_id)
    if application_id is not None:
        require_application(user_id, application_id)
        query = query.where(Interview.application_id == application_id)
    zone = account_zone(user_id)
    if from_day is not None:
        query = query.where(Interview.scheduled_at >= day_start(from_day, zone))
    if to_day is not None:
        query = query.where(Interview.scheduled_at < day_start(to_day + timedelta(days=1), zone))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.execute(
        query.order_by(Interview.scheduled_at, Interview.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return list(rows), total


def get_interview(user_id: int, interview_id: int) -> Row:
    """One of the caller's interviews (of a live application), or NotFound."""
    row = db.session.execute(live_interviews(user_id).where(Interview.id == interview_id)).first()
    if row is None:
        raise NotFound(f"Interview {interview_id} not found")
    return row


def _locked_interview(user_id: int, interview_id: int) -> Interview:
    interview = db.session.scalar(
        select(Interview)
        .options(raiseload("*"))
        .join(Application, Application.id == Interview.application_id)
        .where(
            Interview.id == interview_id,
            Interview.user_id == user_id,
            Application.deleted_at.is_(None),
        )
        .with_for_update(of=Interview)
    )
    if interview is None:
        raise NotFound(f"Interview {interview_id} not found")
    return interview


def update_interview(user_id: int, interview_id: int, fields: Mapping[str, Any]) -> None:
    """Change the fields given (a partial update)."""
    interview = _locked_interview(user_id, interview_id)
    for name, value in fields.items():
        if getattr(interview, name) != value:
            setattr(interview, name, value)
    db.session.commit()


def delete_interview(user_id: int, interview_id: int) -> None:
    """Delete an interview for good (it leaves the calendar feed at its next refresh)."""
    _locked_interview(user_id, interview_id)
    db.session.execute(delete(Interview).where(Interview.id == interview_id))
    db.session.commit()
