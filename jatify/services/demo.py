"""The demo account: realistic listings and applications so a new user can try Jatify at once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from jatify.extensions import db
from jatify.models import Application, JobListing, StatusChange, User
from jatify.services import accounts, follow_ups
from jatify.services.common import of_user
from jatify.services.demo_data import APPLICATIONS, JOBS
from jatify.vocabulary import StatusId

DEFAULT_EMAIL = "demo@jatify.local"
# Days from one step of a status path to the next (paths have at most five steps).
DAYS_BETWEEN_STEPS = (6, 3, 7, 5)


@dataclass(frozen=True)
class DemoSeeded:
    """What a seeding did."""

    email: str
    password_note: str
    jobs_added: int
    applications_added: int


def seed_demo(email: str, password: str | None) -> DemoSeeded:
    """Create (or reuse) the demo account and add the listings it does not have yet."""
    user, password_note = demo_user(email, password)
    existing = set(
        db.session.execute(
            select(JobListing.company, JobListing.position).where(*of_user(JobListing, user.id))
        ).all()
    )
    now = datetime.now(UTC).replace(microsecond=0)
    jobs_added = applications_added = 0
    for index, fields in enumerate(JOBS):
        if (fields["company"], fields["position"]) in existing:
            continue
        job = _add_job(user.id, index, fields, now)
        jobs_added += 1
        for job_index, path, days_ago, notes in APPLICATIONS:
            if job_index == index:
                _add_application(user.id, job, path, now - timedelta(days=days_ago), notes)
                applications_added += 1
    follow_ups.refresh_baselines(user.id)
    db.session.commit()
    return DemoSeeded(user.email, password_note, jobs_added, applications_added)


def demo_user(email: str, password: str | None) -> tuple[User, str]:
    """The account with `email` (created when missing) and a note on its password."""
    user = accounts.find_by_email(email)
    if user is None:
        chosen = password or secrets.token_urlsafe(12)
        user = User(email=email, name="Demo User")
        accounts.set_password(user, chosen)
        db.session.add(user)
        db.session.flush()
        return user, f"new account, password: {chosen}"
    if password is not None:
        accounts.set_password(user, password)
        return user, "existing account, password reset to the one given"
    return user, "existing account, password unchanged"


def _add_job(user_id: int, index: int, fields: dict, now: datetime) -> JobListing:
    """A job listing saved just before the first application made to it."""
    first_days_ago = max(
        (days for job_index, _path, days, _notes in APPLICATIONS if job_index == index),
        default=1,
    )
    created_at = now - timedelta(days=first_days_ago + 1, hours=index)
    job = JobListing(user_id=user_id, created_at=created_at, updated_at=created_at, **fields)
    db.session.add(job)
    return job


def _add_application(
    user_id: int, job: JobListing, path: tuple[int, ...], started: datetime, notes: str | None
) -> Application:
    """An application that went through `path`, with one history row per step."""
    moments = [started]
    for step in range(1, len(path)):
        moments.append(moments[-1] + timedelta(days=DAYS_BETWEEN_STEPS[step - 1], hours=3))
    applied_at = next(
        (m.date() for m, s in zip(moments, path, strict=True) if s == StatusId.APPLIED), None
    )
    history = [
        StatusChange(from_status_id=before, to_status_id=after, changed_at=moment)
        for before, after, moment in zip((None, *path), path, moments, strict=False)
    ]
    application = Application(
        user_id=user_id,
        job=job,
        status_id=path[-1],
        notes=notes,
        applied_at=applied_at,
        created_at=started,
        updated_at=moments[-1],
        history=history,
    )
    for step in history[1:]:
        follow_ups.record_status_change(application, step.from_status_id, step.changed_at)
    db.session.add(application)
    return application
