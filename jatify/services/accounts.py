"""Accounts: registration, login (locked per email and address by `login_guard`), and the
operators' account commands."""

from __future__ import annotations

import uuid
from functools import cache

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from jatify.errors import Conflict, Forbidden, NotAuthenticated, NotFound
from jatify.extensions import db
from jatify.fields import email_key
from jatify.models import User
from jatify.services import invites, login_guard, sessions
from jatify.services.common import violated_constraint
from jatify.vocabulary import ErrorCode, RegistrationMode

WRONG_CREDENTIALS = "Wrong email or password"
EMAIL_INDEX = "uq_users_email_key"
USERNAME_INDEX = "uq_users_username_lower"
WRONG_CURRENT_PASSWORD = "The current password is wrong"  # noqa: S105 - a message


@cache
def _dummy_password_hash() -> str:
    """A hash checked when the email is unknown, so both failures cost the same time."""
    return generate_password_hash("not-a-password-of-anyone")


def register(
    email: str,
    name: str,
    password: str,
    *,
    username: str | None = None,
    phone: str | None = None,
    is_admin: bool = False,
    mode: RegistrationMode = RegistrationMode.OPEN,
    invite: str | None = None,
) -> User:
    """Create an account; Conflict (`email_taken`) when the email's key (any case, any
    Unicode form) is taken; Forbidden when `mode` does not admit it (see `invites.admit`).
    """
    password_hash = generate_password_hash(password)  # slow: before any row is locked
    invite_id = invites.admit(mode, email_key(email), invite)
    user = User(
        email=email.strip(),
        name=name.strip(),
        username=username,
        phone=phone,
        password_hash=password_hash,
        is_admin=is_admin,
    )
    db.session.add(user)
    try:
        db.session.flush()
        if invite_id is not None:
            invites.record_use(invite_id, user.id)
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        constraint = violated_constraint(exc)
        if constraint == EMAIL_INDEX:
            raise Conflict("This email is registered already", code=ErrorCode.EMAIL_TAKEN) from None
        if constraint == USERNAME_INDEX:
            raise Conflict("This username is taken") from None
        raise
    return user


def find_by_email(email: str) -> User | None:
    """The account with this email, compared by its key (jatify.fields.email_key)."""
    return db.session.scalar(select(User).where(User.email_key == email_key(email)))


def get_user_by_email(email: str) -> User:
    """The account with this email (any case), or NotFound."""
    user = find_by_email(email)
    if user is None:
        raise NotFound(f"No account with email {email}")
    return user


def get_user(user_id: int) -> User:
    """An account by id; NotAuthenticated when it no longer exists (its tokens outlived it)."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotAuthenticated("The token's account no longer exists")
    return user


def authenticate(email: str, password: str, *, address: str) -> User:
    """The account whose credentials these are, or NotAuthenticated; AccountLocked while
    the email is locked for `address` (see `login_guard`), even for the right password.

    Unknown emails are counted, locked and timed (a dummy hash check) like known ones.
    """
    login_guard.check_not_locked(email, address)
    user = find_by_email(email)
    password_ok = check_password_hash(
        user.password_hash if user else _dummy_password_hash(), password
    )
    if user is None or not password_ok:
        login_guard.count_failure(email, address)
        raise NotAuthenticated(WRONG_CREDENTIALS)
    login_guard.clear_failures(email, address)
    return user


def log_in(
    email: str,
    password: str,
    *,
    address: str,
    session_seconds: int,
    user_agent: str | None = None,
) -> tuple[User, uuid.UUID]:
    """Check the credentials from `address` (see `authenticate`) and start a login
    session; commits."""
    user = authenticate(email, password, address=address)
    session_id = sessions.start_session(user.id, session_seconds, user_agent)
    db.session.commit()
    return user, session_id


def promote(email: str) -> User:
    """Make an existing account an admin."""
    user = get_user_by_email(email)
    user.is_admin = True
    db.session.commit()
    return user


def set_password(user: User, password: str) -> None:
    """Replace an account's password (not committed: the caller's transaction does)."""
    user.password_hash = generate_password_hash(password)


def change_password(
    user_id: int, session_id: uuid.UUID, current: str, new: str, *, address: str
) -> list[uuid.UUID]:
    """The caller's own change: `current` must be right (Forbidden, counted as a failed
    login from `address`, if not); every other session ends. The sessions ended. Commits.
    """
    user = db.session.scalar(select(User).where(User.id == user_id).with_for_update())
    if user is None or not check_password_hash(user.password_hash, current):
        db.session.rollback()
        if user is not None:
            login_guard.count_failure(user.email, address)
        raise Forbidden(WRONG_CURRENT_PASSWORD)
    set_password(user, new)
    ended = sessions.revoke_sessions_of(user_id, keep=session_id)
    db.session.commit()
    return ended


def reset_password_of(email: str, new: str) -> tuple[User, list[uuid.UUID]]:
    """An operator's reset (`flask users reset-password`): the new password, and every
    session of the account ended; the account and the sessions ended. Commits."""
    user = get_user_by_email(email)
    set_password(user, new)
    ended = sessions.revoke_sessions_of(user.id)
    db.session.commit()
    return user, ended
