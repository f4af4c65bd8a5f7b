"""Invite codes (REGISTRATION=invite): made by an operator for one email, used once.

Only the SHA-256 of a code is stored; the code itself is shown once, to the operator.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from jatify.errors import Conflict, Forbidden
from jatify.extensions import db
from jatify.fields import email_key
from jatify.models import Invite, User
from jatify.vocabulary import ErrorCode, RegistrationMode

INVITE_NEEDED = "Registration needs an invite: ask the people who run this Jatify for one"
INVITE_INVALID = (
    "This invite code does not work for this email: it may have been used, have expired "
    "or been mistyped"
)
CLOSED = "Registration is closed: ask the people who run this Jatify for an account"


def _digest(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def create_invite(email: str, days: int) -> tuple[str, datetime]:
    """A new invite code for `email` and when it expires; Conflict when the email already
    has an account. Commits."""
    key = email_key(email)
    if db.session.scalar(select(User.id).where(User.email_key == key)) is not None:
        raise Conflict("This email is registered already", code=ErrorCode.EMAIL_TAKEN)
    code = secrets.token_urlsafe(16)
    expires_at = datetime.now(UTC) + timedelta(days=days)
    db.session.add(Invite(email_key=key, code_hash=_digest(code), expires_at=expires_at))
    db.session.commit()
    return code, expires_at


def admit(mode: RegistrationMode, key: str, code: str | None) -> int | None:
    """May an account for the email `key` be created now? Forbidden if not; with an invite,
    the invite's id, now spent in the caller's transaction (a rollback gives it back).

    The spending UPDATE locks the invite row, so of two registrations with one code, the
    second waits and then finds it used.
    """
    if mode == RegistrationMode.OPEN:
        return None
    if mode == RegistrationMode.CLOSED:
        raise Forbidden(CLOSED)
    if not code:
        raise Forbidden(INVITE_NEEDED)
    invite_id = db.session.execute(
        update(Invite)
        .where(
            Invite.code_hash == _digest(code),
            Invite.email_key == key,
            Invite.used_at.is_(None),
            Invite.expires_at > func.now(),
        )
        .values(used_at=func.now())
        .returning(Invite.id)
    ).scalar()
    if invite_id is None:
        raise Forbidden(INVITE_INVALID)
    return invite_id


def record_use(invite_id: int, user_id: int) -> None:
    """Say which account an invite made (in the registration's transaction)."""
    db.session.execute(update(Invite).where(Invite.id == invite_id).values(used_by=user_id))
