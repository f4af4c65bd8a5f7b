"""Captures of job postings (a link, a page or pasted text made into a listing, on the
queue) and the snapshots of each posting's text."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jatify.extensions import db
from jatify.models.base import created_at_column
from jatify.models.tracker import JobListing
from jatify.vocabulary import CaptureError, CaptureMethod, CaptureSource, CaptureState, sql_list


class Capture(db.Model):
    """One request to make a listing of a posting; `job_id` names it once done."""

    __tablename__ = "captures"
    __table_args__ = (
        Index("ix_captures_user_created", "user_id", text("created_at DESC")),
        CheckConstraint(f"status IN {sql_list(CaptureState)}", name="status"),
        CheckConstraint(f"error IN {sql_list(CaptureError)}", name="error"),
        CheckConstraint(f"method IN {sql_list(CaptureMethod)}", name="method"),
        CheckConstraint(f"source IN {sql_list(CaptureSource)}", name="source"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    status: Mapped[str] = mapped_column(
        String(16), nullable=False, server_default=CaptureState.PENDING.value
    )
    # While pending, the reason the last attempt failed (it is retried); once failed, why.
    error: Mapped[str | None] = mapped_column(String(32))
    method: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16), nullable=False)
    url: Mapped[str | None] = mapped_column(String(2048))
    # The pasted HTML or text, kept until the capture is done.
    input: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("job_listings.id", ondelete="SET NULL"), index=True
    )
    queue_job_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("queue_jobs.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    job: Mapped[JobListing | None] = relationship(lazy="joined")

    @property
    def live_job(self) -> JobListing | None:
        """The listing the capture made or updated, unless it was deleted since."""
        return self.job if self.job is not None and self.job.deleted_at is None else None


class PostingSnapshot(db.Model):
    """A posting's text as one fetch found it; a new one only when the text changed."""

    __tablename__ = "posting_snapshots"
    __table_args__ = (Index("ix_posting_snapshots_job_fetched", "job_id", text("id DESC")),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    job_id: Mapped[int] = mapped_column(
        ForeignKey("job_listings.id", ondelete="CASCADE"), nullable=False
    )
    fetched_at: Mapped[datetime] = created_at_column()
    # The page's HTTP status; None for pasted HTML or text.
    http_status: Mapped[int | None] = mapped_column(Integer)
    text_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    # True when an earlier snapshot of the posting had another text.
    changed: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    text: Mapped[str] = mapped_column(Text, nullable=False)
