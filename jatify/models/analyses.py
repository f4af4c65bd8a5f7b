"""AI analyses of a resume against a job listing, produced by the queue."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from jatify.extensions import db
from jatify.models.base import created_at_column
from jatify.vocabulary import ANALYSIS_IN_FLIGHT, AnalysisState, sql_list


class Analysis(db.Model):
    """One analysis; `result` is a JSON object once done, `error` a sentence once failed."""

    __tablename__ = "analyses"
    __table_args__ = (
        Index(
            "ix_analyses_resume_job_created",
            "resume_id",
            "job_id",
            text("created_at DESC"),
        ),
        # At most one analysis of a resume against a job listing in flight at a time.
        Index(
            "uq_analyses_in_flight",
            "resume_id",
            "job_id",
            unique=True,
            postgresql_where=text(f"status IN {sql_list(ANALYSIS_IN_FLIGHT)}"),
        ),
        # Analyses per account and day (the quota, /api/user/usage).
        Index("ix_analyses_user_created", "user_id", text("created_at DESC")),
        # The month's model spend across accounts (LLM_MONTHLY_BUDGET_USD).
        Index("ix_analyses_spend", "created_at", postgresql_where=text("cost_usd IS NOT NULL")),
        # Deleting an account checks each of its job listings against this foreign key.
        Index("ix_analyses_job_id", "job_id"),
        CheckConstraint(f"status IN {sql_list(AnalysisState)}", name="status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    resume_id: Mapped[int] = mapped_column(
        ForeignKey("resumes.id", ondelete="CASCADE"), nullable=False
    )
    job_id: Mapped[int] = mapped_column(ForeignKey("job_listings.id"), nullable=False)
    status: Mapped[str] = mapped_column(
        String(16), nullable=False, server_default=AnalysisState.PENDING.value
    )
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    provider: Mapped[str | None] = mapped_column(String(64))
    model: Mapped[str | None] = mapped_column(String(200))
    queue_job_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("queue_jobs.id", ondelete="SET NULL"), index=True
    )
    # The model endpoint's reported usage; cost only when it reports one (OpenRouter).
    prompt_tokens: Mapped[int | None] = mapped_column(Integer)
    completion_tokens: Mapped[int | None] = mapped_column(Integer)
    cost_usd: Mapped[Decimal | None] = mapped_column(Numeric(12, 6))
    created_at: Mapped[datetime] = created_at_column()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
