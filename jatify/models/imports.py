"""CSV imports of applications: the stored file and the progress of the job reading it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, deferred, mapped_column

from jatify.extensions import db
from jatify.models.base import created_at_column
from jatify.vocabulary import IMPORT_IN_FLIGHT, ImportState, sql_list


class ImportRun(db.Model):
    """One import: its file, its counters (committed with each chunk of rows) and its end."""

    __tablename__ = "imports"
    __table_args__ = (
        # One import per account at a time.
        Index(
            "uq_imports_in_flight",
            "user_id",
            unique=True,
            postgresql_where=text(f"status IN {sql_list(IMPORT_IN_FLIGHT)}"),
        ),
        CheckConstraint(f"status IN {sql_list(ImportState)}", name="status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[str] = mapped_column(
        String(16), nullable=False, server_default=ImportState.PENDING.value
    )
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    rows_total: Mapped[int | None] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    created: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    skipped: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    failed: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    jobs_created: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False, server_default="[]")
    ignored_columns: Mapped[list[str]] = mapped_column(JSONB, nullable=False, server_default="[]")
    error: Mapped[str | None] = mapped_column(Text)
    queue_job_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("queue_jobs.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
