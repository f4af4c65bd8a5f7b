"""Accounts: registration, login with lockout, and the operators' account commands."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import case, func, literal_column, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from jatify.errors import AccountLocked, Conflict, NotAuthenticated, NotFound
from jatify.extensions import db
from jatify.models import User
from jatify.services.common import violated_constraint
from jatify.services.sessions import start_session
from jatify.vocabulary import ErrorCode

WRONG_CREDENTIALS = "Wrong email or password"
EMAIL_INDEX = "uq_users_email_lower"
USERNAME_INDEX = "uq_users_username_lower"


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
) -> User:
    """Create an account; Conflict (`email_taken`) when the email, in any case, is taken."""
    user = User(
        email=email.strip(),
        name=name.strip(),
        username=username,
        phone=phone,
        password_hash=generate_password_hash(password),
        is_admin=is_admin,
    )
    db.session.add(user)
    try:
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
    """The account with this email, compared without case."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


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


def authenticate(email: str, password: str, *, max_failures: int, lockout_seconds: int) -> User:
    """The account whose credentials these are, or NotAuthenticated; AccountLocked after
    `max_failures` wrong passwords in a row, for `lockout_seconds`.

    A success clears the failure count; the caller commits it with the new session.
    """
    user = find_by_email(email)
    now = datetime.now(UTC)
    if user is not None and user.locked_until is not None and user.locked_until > now:
        retry_after = max(1, math.ceil((user.locked_until - now).total_seconds()))
        raise AccountLocked(retry_after_seconds=retry_after)
    password_ok = check_password_hash(
        user.password_hash if user else _dummy_password_hash(), password
    )
    if user is None:
        raise NotAuthenticated(WRONG_CREDENTIALS)
    if not password_ok:
        _count_failed_login(user.id, max_failures, lockout_seconds)
        raise NotAuthenticated(WRONG_CREDENTIALS)
    if user.failed_logins or user.locked_until:
        user.failed_logins, user.locked_until = 0, None
    return user


def log_in(
    email: str, password: str, *, max_failures: int, lockout_seconds: int, session_seconds: int
) -> tuple[User, uuid.UUID]:
    """Check the credentials (see `authenticate`) and start a login session; commits."""
    user = authenticate(email, password, max_failures=max_failures, lockout_seconds=lockout_seconds)
    session_id = start_session(user.id, session_seconds)
    db.session.commit()
    return user, session_id


def _count_failed_login(user_id: int, max_failures: int, lockout_seconds: int) -> None:
    """Add one failure in a single UPDATE (N concurrent failures count N); lock at the limit.

    A lock that has run out starts a fresh count instead of locking again at once.
    """
    lock_over = User.locked_until <= func.now()
    failures = case((lock_over, 1), else_=User.failed_logins + 1)
    db.session.execute(
        update(User)
        .where(User.id == user_id)
        .values(
            failed_logins=failures,
            locked_until=case(
                (
                    failures >= max_failures,
                    func.now() + literal_column(f"interval '{int(lockout_seconds)} seconds'"),
                ),
                (lock_over, None),
                else_=User.locked_until,
            ),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def promote(email: str) -> User:
    """Make an existing account an admin."""
    user = get_user_by_email(email)
    user.is_admin = True
    db.session.commit()
    return user


def set_password(user: User, password: str) -> None:
    """Replace an account's password (not committed: the caller's transaction does)."""
    user.password_hash = generate_password_hash(password)
