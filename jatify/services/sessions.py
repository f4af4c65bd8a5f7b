"""Login sessions: each login is one row; its tokens carry its id, and revoking it ends both.

A refresh token also carries the session's `refresh_generation`: refreshing moves the
generation on, so the token used is spent. A spent token presented again means two
parties hold copies of it (one of them a thief): the whole session is ended.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from jatify.errors import NotFound
from jatify.extensions import db
from jatify.models import AuthSession

log = logging.getLogger("jatify.sessions")

MAX_USER_AGENT = 300


def start_session(user_id: int, lifetime_seconds: int, user_agent: str | None = None) -> uuid.UUID:
    """Add a login session for the account (committed with the caller's transaction)."""
    session = AuthSession(
        id=uuid.uuid4(),
        user_id=user_id,
        expires_at=datetime.now(UTC) + timedelta(seconds=lifetime_seconds),
        user_agent=(user_agent or "")[:MAX_USER_AGENT] or None,
    )
    db.session.add(session)
    return session.id


def revoke_session(session_id: uuid.UUID) -> None:
    """End a login session: its access and refresh tokens stop working. Commits."""
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=func.now())
    )
    db.session.commit()


def session_is_live(session_id: uuid.UUID, user_id: int) -> bool:
    """Whether the session exists, belongs to the account and was not revoked (one query)."""
    row = db.session.execute(
        select(AuthSession.revoked_at, AuthSession.user_id).where(AuthSession.id == session_id)
    ).first()
    return row is not None and row.revoked_at is None and row.user_id == user_id


def rotate_refresh(
    session_id: uuid.UUID, user_id: int, generation: int, lifetime_seconds: int
) -> int | None:
    """Spend the refresh token of `generation`: the session's next generation, or None when
    the token is not the current one (the session is then revoked) or the session ended.

    One conditional UPDATE decides, so of two uses of one token, however close, exactly
    one finds its generation current; the other ends the session. Each refresh also
    extends the session by `lifetime_seconds` from now. Commits.
    """
    rotated = db.session.execute(
        update(AuthSession)
        .where(
            AuthSession.id == session_id,
            AuthSession.user_id == user_id,
            AuthSession.refresh_generation == generation,
            AuthSession.revoked_at.is_(None),
        )
        .values(
            refresh_generation=AuthSession.refresh_generation + 1,
            last_used_at=func.now(),
            expires_at=func.now() + timedelta(seconds=lifetime_seconds),
        )
        .returning(AuthSession.refresh_generation)
    ).scalar()
    if rotated is None and _end(session_id, user_id):
        log.warning(
            "refresh token of generation %d reused: session %s of user %s revoked",
            generation,
            session_id,
            user_id,
        )
    db.session.commit()
    return rotated


def _end(session_id: uuid.UUID, user_id: int) -> bool:
    """Revoke the account's session if it is live (not committed); whether it was."""
    ended = db.session.execute(
        update(AuthSession)
        .where(
            AuthSession.id == session_id,
            AuthSession.user_id == user_id,
            AuthSession.revoked_at.is_(None),
        )
        .values(revoked_at=func.now())
        .returning(AuthSession.id)
    ).scalar()
    return ended is not None


def live_sessions(user_id: int) -> list[AuthSession]:
    """The account's sessions that are neither revoked nor expired, last used first."""
    return list(
        db.session.scalars(
            select(AuthSession)
            .where(
                AuthSession.user_id == user_id,
                AuthSession.revoked_at.is_(None),
                AuthSession.expires_at > func.now(),
            )
            .order_by(AuthSession.last_used_at.desc(), AuthSession.id)
        )
    )


def revoke_own_session(user_id: int, session_id: uuid.UUID) -> None:
    """End one of the account's live sessions; NotFound for another's, or one that ended.
    Commits."""
    if not _end(session_id, user_id):
        db.session.rollback()
        raise NotFound(f"Login session {session_id} not found")
    db.session.commit()


def revoke_sessions_of(user_id: int, *, keep: uuid.UUID | None = None) -> list[uuid.UUID]:
    """End every live session of the account but `keep`: the ids ended, in the order their
    notifications go out. Not committed: the caller's transaction does it."""
    conditions = [AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)]
    if keep is not None:
        conditions.append(AuthSession.id != keep)
    return list(
        db.session.scalars(
            update(AuthSession)
            .where(*conditions)
            .values(revoked_at=func.now())
            .returning(AuthSession.id)
        )
    )


def end_other_sessions(user_id: int, keep: uuid.UUID) -> list[uuid.UUID]:
    """End every live session of the account but `keep`: the ones ended. Commits."""
    ended = revoke_sessions_of(user_id, keep=keep)
    db.session.commit()
    return ended
