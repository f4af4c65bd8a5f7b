"""Login sessions: each login is one row; its tokens carry its id, and revoking it ends both."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from jatify.extensions import db
from jatify.models import AuthSession


def start_session(user_id: int, lifetime_seconds: int) -> uuid.UUID:
    """Add a login session for the account (committed with the caller's transaction)."""
    session = AuthSession(
        id=uuid.uuid4(),
        user_id=user_id,
        expires_at=datetime.now(UTC) + timedelta(seconds=lifetime_seconds),
    )
    db.session.add(session)
    return session.id


def revoke_session(session_id: uuid.UUID) -> None:
    """End a login session: its access and refresh tokens stop working. Commits."""
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=db.func.now())
    )
    db.session.commit()


def session_is_live(session_id: uuid.UUID, user_id: int) -> bool:
    """Whether the session exists, belongs to the account and was not revoked (one query)."""
    row = db.session.execute(
        select(AuthSession.revoked_at, AuthSession.user_id).where(AuthSession.id == session_id)
    ).first()
    return row is not None and row.revoked_at is None and row.user_id == user_id
