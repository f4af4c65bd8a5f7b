"""`flask demo`: fill a demo account so a new user can try the API at once."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import click
from flask.cli import AppGroup
from marshmallow import ValidationError, validate
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from jatify.cli.demo_data import APPLICATIONS, APPLIED, JOBS
from jatify.extensions import db
from jatify.models import Application, JobListing, StatusChange, User

group = AppGroup("demo", help="Demo data.")

DEFAULT_EMAIL = "demo@jatify.local"
# Days from one step of a status path to the next (paths have at most five steps).
DAYS_BETWEEN_STEPS = (6, 3, 7, 5)


@group.command("seed")
@click.option("--email", default=DEFAULT_EMAIL, show_default=True, help="The demo account.")
@click.option(
    "--password",
    default=None,
    help="Set this password. Default: a generated one for a new account; "
    "an existing account keeps its own.",
)
def seed_demo(email: str, password: str | None) -> None:
    """Create (or reuse) a demo account and fill it with job listings and applications."""
    email = email.strip()
    try:
        validate.Email()(email)
    except ValidationError:
        raise click.BadParameter("not an email address", param_hint="--email") from None
    if password is not None and not 8 <= len(password) <= 128:
        raise click.BadParameter("must be 8-128 characters", param_hint="--password")
    user, password_note = demo_user(email, password)
    existing = set(
        db.session.execute(
            select(JobListing.company, JobListing.position).where(
                JobListing.user_id == user.id, JobListing.deleted_at.is_(None)
            )
        ).all()
    )
    now = datetime.now(UTC).replace(microsecond=0)
    jobs_added = applications_added = 0
    for index, fields in enumerate(JOBS):
        if (fields["company"], fields["position"]) in existing:
            continue
        job = add_job(user.id, index, fields, now)
        jobs_added += 1
        for job_index, path, days_ago, notes in APPLICATIONS:
            if job_index == index:
                add_application(user.id, job, path, now - timedelta(days=days_ago), notes)
                applications_added += 1
    db.session.commit()
    click.echo(f"demo account: {user.email} ({password_note})")
    click.echo(f"added {jobs_added} job listings and {applications_added} applications")


def demo_user(email: str, password: str | None) -> tuple[User, str]:
    """The account with `email` (created when missing) and a note on its password."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    if user is None:
        chosen = password or secrets.token_urlsafe(12)
        user = User(email=email, name="Demo User", password_hash=generate_password_hash(chosen))
        db.session.add(user)
        db.session.flush()
        return user, f"new account, password: {chosen}"
    if password is not None:
        user.password_hash = generate_password_hash(password)
        return user, "existing account, password reset to the one given"
    return user, "existing account, password unchanged"


def add_job(user_id: int, index: int, fields: dict, now: datetime) -> JobListing:
    """A job listing saved just before the first application made to it."""
    first_days_ago = max(
        (days for job_index, _path, days, _notes in APPLICATIONS if job_index == index),
        default=1,
    )
    created_at = now - timedelta(days=first_days_ago + 1, hours=index)
    job = JobListing(user_id=user_id, created_at=created_at, updated_at=created_at, **fields)
    db.session.add(job)
    return job


def add_application(
    user_id: int, job: JobListing, path: tuple[int, ...], started: datetime, notes: str | None
) -> Application:
    """An application that went through `path`, with one history row per step."""
    moments = [started]
    for step in range(1, len(path)):
        moments.append(moments[-1] + timedelta(days=DAYS_BETWEEN_STEPS[step - 1], hours=3))
    applied_at = next((m.date() for m, s in zip(moments, path, strict=True) if s == APPLIED), None)
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
    db.session.add(application)
    return application
