"""What a job seeker does next: interviews and tasks per application, the private calendar
feed of both, and the daily digest emails that list them.

Instants are stored in UTC (timestamptz); dates shown to a person are in their account's
`timezone`. `uid` is each event's stable calendar identity (RFC 5545 UID), unchanged by
edits so a subscribed calendar updates the event instead of adding a copy.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from jatify.extensions import db
from jatify.fields import MAX_INTERVIEW_MINUTES, MIN_INTERVIEW_MINUTES
from jatify.models.base import created_at_column, updated_at_column
from jatify.vocabulary import DigestState, InterviewKind, InterviewOutcome, sql_list


class Interview(db.Model):
    """An interview of an application, at an instant, for a duration."""

    __tablename__ = "interviews"
    __table_args__ = (
        Index("ix_interviews_user_scheduled", "user_id", "scheduled_at"),
        Index("ix_interviews_application_scheduled", "application_id", "scheduled_at"),
        CheckConstraint(f"kind IN {sql_list(InterviewKind)}", name="kind"),
        CheckConstraint(f"outcome IN {sql_list(InterviewOutcome)}", name="outcome"),
        CheckConstraint(
            f"duration_minutes BETWEEN {MIN_INTERVIEW_MINUTES} AND {MAX_INTERVIEW_MINUTES}",
            name="duration_minutes",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(
        Uuid, nullable=False, server_default=func.gen_random_uuid()
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), nullable=False
    )
    scheduled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False, server_default="60")
    kind: Mapped[str] = mapped_column(
        String(16), nullable=False, server_default=InterviewKind.OTHER.value
    )
    location: Mapped[str | None] = mapped_column(String(2048))
    interviewers: Mapped[list[str]] = mapped_column(
        ARRAY(Text), nullable=False, default=list, server_default=text("'{}'")
    )
    notes: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(
        String(16), nullable=False, server_default=InterviewOutcome.PENDING.value
    )
    feedback: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class Task(db.Model):
    """A follow-up task of an application, due at an instant; done or open."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_user_due", "user_id", "due_at"),
        Index("ix_tasks_user_open_due", "user_id", "due_at", postgresql_where=text("NOT done")),
        Index("ix_tasks_application_due", "application_id", "due_at"),
        CheckConstraint("done = (done_at IS NOT NULL)", name="done_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(
        Uuid, nullable=False, server_default=func.gen_random_uuid()
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), nullable=False
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    done: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class CalendarFeed(db.Model):
    """An account's private calendar address: a long random secret, found by its hash."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Kept to show the address again; looked up by its SHA-256 and then compared in
    # constant time (services/calendar_feed.py).
    secret: Mapped[str] = mapped_column(String(128), nullable=False)
    secret_sha256: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = created_at_column()


class DigestDelivery(db.Model):
    """One account's digest email of one day (in its time zone): at most one, ever."""

    __tablename__ = "digest_deliveries"
    __table_args__ = (CheckConstraint(f"state IN {sql_list(DigestState)}", name="state"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    state: Mapped[str] = mapped_column(
        String(16), nullable=False, server_default=DigestState.PENDING.value
    )
    sending_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class FollowUpBaseline(db.Model):
    """An account's median wait for a first answer, per company (lower-cased) and over all
    its applications (`company_key` ''): the follow-up clock reads these instead of every
    sample. services.follow_ups.refresh_baselines recomputes them with each change of a
    sample, in the same transaction."""

    __tablename__ = "follow_up_baselines"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    company_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    samples: Mapped[int] = mapped_column(Integer, nullable=False)
    days: Mapped[int] = mapped_column(Integer, nullable=False)
