"""The tracker itself: statuses, job listings, applications and their status history."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jatify.extensions import db
from jatify.models.base import created_at_column, updated_at_column

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
        Index(
            "ix_applications_user_job",
            "user_id",
            "job_id",
            postgresql_where=text("deleted_at IS NULL"),
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
