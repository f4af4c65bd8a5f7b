"""The job queue's tables. The queue itself speaks plain SQL (jatify/queue/sql.py);
these models give Alembic the schema and the API a way to read dead letters."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
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
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from jatify.extensions import db
from jatify.models.base import created_at_column, updated_at_column
from jatify.vocabulary import JOB_IN_FLIGHT, JobState, sql_list


class QueueJob(db.Model):
    """One unit of work: a kind, a JSON payload, and its attempts."""

    __tablename__ = "queue_jobs"
    __table_args__ = (
        # The claim statement's scan: oldest available pending job first.
        Index(
            "ix_queue_jobs_pending_run_at",
            "run_at",
            "id",
            postgresql_where=text(f"status = '{JobState.PENDING.value}'"),
        ),
        # The lease sweep's scan.
        Index(
            "ix_queue_jobs_processing_lease",
            "lease_expires_at",
            postgresql_where=text(f"status = '{JobState.PROCESSING.value}'"),
        ),
        # A dedupe key is unique among jobs still in flight.
        Index(
            "uq_queue_jobs_dedupe_in_flight",
            "dedupe_key",
            unique=True,
            postgresql_where=text(f"status IN {sql_list(JOB_IN_FLIGHT)}"),
        ),
        Index("ix_queue_jobs_status_finished", "status", "finished_at"),
        CheckConstraint(f"status IN {sql_list(JobState)}", name="status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        Uuid, primary_key=True, server_default=func.gen_random_uuid()
    )
    kind: Mapped[str] = mapped_column(String(64), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default="{}")
    status: Mapped[str] = mapped_column(
        String(16), nullable=False, server_default=JobState.PENDING.value
    )
    run_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    max_attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default="5")
    locked_by: Mapped[str | None] = mapped_column(String(128))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False, server_default="[]")
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeadLetter(db.Model):
    """A job that failed for good, kept for people to inspect, requeue or delete."""

    __tablename__ = "dead_letters"
    __table_args__ = (
        Index(
            "ix_dead_letters_open_failed",
            text("failed_at DESC"),
            postgresql_where=text("requeued_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        Uuid, primary_key=True, server_default=func.gen_random_uuid()
    )
    job_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("queue_jobs.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(64), nullable=False)
    user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    error: Mapped[str] = mapped_column(Text, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False)
    failed_at: Mapped[datetime] = created_at_column()
    requeued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
