"""Accounts and their login sessions."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, validates

from jatify.extensions import db
from jatify.fields import email_key
from jatify.models.base import created_at_column, updated_at_column


class User(db.Model):
    """A job seeker (or an admin). `email_key` (jatify.fields.email_key) is unique."""

    __tablename__ = "users"
    __table_args__ = (
        Index("uq_users_email_key", "email_key", unique=True),
        Index("uq_users_username_lower", func.lower(text("username")), unique=True),
        # The digest pass reads only the accounts that opted in.
        Index("ix_users_email_digest", "id", postgresql_where=text("email_digest")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    email_key: Mapped[str] = mapped_column(String(512), nullable=False)
    username: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    phone: Mapped[str | None] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    # An IANA name: dates are shown, and the daily digest sent at 07:00, in this zone.
    timezone: Mapped[str] = mapped_column(String(64), nullable=False, server_default="UTC")
    email_digest: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    @validates("email")
    def _keep_email_key(self, _name: str, email: str) -> str:
        """Every email set on an account also sets its key: no path can forget it."""
        self.email_key = email_key(email)
        return email


class AuthSession(db.Model):
    """One login: its access and refresh tokens carry its id; logout revokes it.

    Each refresh moves `refresh_generation` on, and only a refresh token of the current
    generation works: one of an older generation is a stolen copy, and ends the session.
    `last_used_at` is the last login or refresh (not every request: that would be a write).
    """

    __tablename__ = "auth_sessions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    last_used_at: Mapped[datetime] = created_at_column()
    refresh_generation: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")


class PasswordReset(db.Model):
    """A mailed reset link: only the SHA-256 of its token is kept; it works once."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Invite(db.Model):
    """An invite code for one email (REGISTRATION=invite); only its SHA-256 is kept."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    email_key: Mapped[str] = mapped_column(String(512), nullable=False)
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
