"""The periodic scheduler's memory: the last period each schedule entry was enqueued for."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from jatify.extensions import db
from jatify.models.base import created_at_column


class ScheduledRun(db.Model):
    """One entry of `jatify.queue.schedule.SCHEDULE`: the newest period it was enqueued for.

    Moving `period_start` forward and enqueueing the job happen in one transaction
    (queue/sql.py SCHEDULE_CLAIM_PERIOD), so each period runs once however many
    supervisors race for it, and only the latest of several missed periods runs.
    """

    __tablename__ = "scheduled_runs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    period_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    job_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("queue_jobs.id", ondelete="SET NULL")
    )
    enqueued_at: Mapped[datetime] = created_at_column()
