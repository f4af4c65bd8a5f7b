"""Resumes: metadata and extracted text, with the original bytes in a table of their own."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jatify.extensions import db
from jatify.models.base import created_at_column, updated_at_column
from jatify.vocabulary import TextError, TextState, sql_list


class Resume(db.Model):
    """An uploaded resume. Deleting it is a hard delete (personal data)."""

    __tablename__ = "resumes"
    __table_args__ = (
        Index("ix_resumes_user_created", "user_id", text("created_at DESC"), text("id DESC")),
        CheckConstraint(f"text_status IN {sql_list(TextState)}", name="text_status"),
        CheckConstraint(f"text_error IN {sql_list(TextError)}", name="text_error"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    text: Mapped[str | None] = mapped_column(Text)
    text_status: Mapped[str] = mapped_column(
        String(16), nullable=False, server_default=TextState.PENDING.value
    )
    text_error: Mapped[str | None] = mapped_column(String(32))
    page_count: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    file: Mapped[ResumeFile] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="raise", uselist=False
    )


class ResumeFile(db.Model):
    """The original bytes of a resume, readable by every web and worker host."""

    __tablename__ = "resume_files"

    resume_id: Mapped[int] = mapped_column(
        ForeignKey("resumes.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
