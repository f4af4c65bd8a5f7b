"""The tracker itself: statuses, job listings, applications and their status history."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

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
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jatify.extensions import db
from jatify.models.base import created_at_column, updated_at_column
from jatify.vocabulary import PostingStatus, sql_list

if TYPE_CHECKING:
    from jatify.models.resumes import Resume


class Status(db.Model):
    """A step of the pipeline; seeded by migration 0001 (ids 1-10), ordered by 0003."""

    __tablename__ = "statuses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    is_terminal: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")


class JobListing(db.Model):
    """A job a user targets. Soft-deleted so applications keep their history."""

    __tablename__ = "job_listings"
    __table_args__ = (
        Index(
            "ix_job_listings_user_created",
            "user_id",
            text("created_at DESC"),
            text("id DESC"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        # A captured posting's canonical URL names one live listing of its owner.
        Index(
            "uq_job_listings_user_canonical_url",
            "user_id",
            "canonical_url",
            unique=True,
            postgresql_where=text("deleted_at IS NULL AND canonical_url IS NOT NULL"),
        ),
        # The posting watch's scan: open postings by when they were last checked.
        Index(
            "ix_job_listings_posting_watch",
            "posting_checked_at",
            postgresql_where=text(
                f"posting_status = '{PostingStatus.OPEN.value}' AND deleted_at IS NULL"
            ),
        ),
        CheckConstraint(f"posting_status IN {sql_list(PostingStatus)}", name="posting_status"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    company: Mapped[str] = mapped_column(String(200), nullable=False)
    position: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    url: Mapped[str | None] = mapped_column(String(2048))
    location: Mapped[str | None] = mapped_column(String(200))
    salary: Mapped[str | None] = mapped_column(String(200))
    posted_at: Mapped[date | None] = mapped_column(Date)
    valid_through: Mapped[date | None] = mapped_column(Date)
    employment_type: Mapped[str | None] = mapped_column(String(200))
    posting_status: Mapped[str] = mapped_column(
        String(16), nullable=False, server_default=PostingStatus.UNKNOWN.value
    )
    posting_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The captured posting's URL without tracking parameters (jatify.capture.canonical_url).
    canonical_url: Mapped[str | None] = mapped_column(String(2048))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Application(db.Model):
    """An application to one of the user's job listings, with a status."""

    __tablename__ = "applications"
    __table_args__ = (
        Index(
            "ix_applications_user_created",
            "user_id",
            text("created_at DESC"),
            text("id DESC"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index(
            "ix_applications_user_status_created",
            "user_id",
            "status_id",
            text("created_at DESC"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        # The import's duplicate check: one exact probe per row
        # (it also serves every lookup by user and job listing).
        Index(
            "ix_applications_natural_key",
            "user_id",
            "job_id",
            "status_id",
            text("md5(COALESCE(notes, ''))"),
            "applied_at",
            postgresql_where=text("deleted_at IS NULL"),
        ),
        Index("ix_applications_tags", "tags", postgresql_using="gin"),
        # Deleting an account checks each of its job listings against this foreign key.
        Index("ix_applications_job_id", "job_id"),
        # The follow-up clock's samples: every live application that had its first change.
        Index(
            "ix_applications_user_first_change",
            "user_id",
            postgresql_include=["job_id", "first_change_at", "applied_at", "created_at"],
            postgresql_where=text("deleted_at IS NULL AND first_change_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    job_id: Mapped[int] = mapped_column(ForeignKey("job_listings.id"), nullable=False)
    status_id: Mapped[int] = mapped_column(ForeignKey("statuses.id"), nullable=False)
    resume_id: Mapped[int | None] = mapped_column(
        ForeignKey("resumes.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str | None] = mapped_column(Text)
    applied_at: Mapped[date | None] = mapped_column(Date)
    # Lower-cased labels (jatify.fields.normalise_tags), searched with @> on a GIN index.
    tags: Mapped[list[str]] = mapped_column(
        ARRAY(Text), nullable=False, default=list, server_default=text("'{}'")
    )
    source: Mapped[str | None] = mapped_column(String(100))
    # Kept by services.applications with each status change, for the follow-up clock: the
    # first change that is not the sending itself (leaving Wishlist), and the latest change.
    first_change_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    job: Mapped[JobListing] = relationship(lazy="joined", innerjoin=True)
    status: Mapped[Status] = relationship(lazy="joined", innerjoin=True)
    resume: Mapped[Resume | None] = relationship(lazy="joined")
    history: Mapped[list[StatusChange]] = relationship(
        order_by="StatusChange.id", lazy="raise", back_populates="application"
    )


class StatusChange(db.Model):
    """One step of an application's history, written with the change itself."""

    __tablename__ = "application_status_changes"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), nullable=False, index=True
    )
    from_status_id: Mapped[int | None] = mapped_column(ForeignKey("statuses.id"))
    to_status_id: Mapped[int] = mapped_column(ForeignKey("statuses.id"), nullable=False)
    note: Mapped[str | None] = mapped_column(String(500))
    changed_at: Mapped[datetime] = created_at_column()

    application: Mapped[Application] = relationship(back_populates="history")
    from_status: Mapped[Status | None] = relationship(foreign_keys=[from_status_id], lazy="joined")
    to_status: Mapped[Status] = relationship(foreign_keys=[to_status_id], lazy="joined")
