"""Registration, login with lockout, token refresh and logout."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from functools import cache

import marshmallow as ma
from flask import current_app
from flask_jwt_extended import get_jwt_request_location, jwt_required
from flask_smorest import Blueprint
from marshmallow import validate
from sqlalchemy import case, func, literal_column, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from jatify.api.common import BEARER, StrictSchema
from jatify.api.users import UserSchema
from jatify.auth import (
    clear_token_cookies,
    issue_tokens,
    refresh_access_token,
    revoke_current_session,
    send_tokens_as_cookies,
)
from jatify.errors import APIError, Conflict, Unauthorized
from jatify.extensions import db
from jatify.models import User

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Accounts and tokens")

WRONG_CREDENTIALS = "Wrong email or password"


class RegisterSchema(StrictSchema):
    """What a new account needs."""

    email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    password = ma.fields.String(required=True, validate=validate.Length(min=8, max=128))
    name = ma.fields.String(
        required=True,
        validate=[
            validate.Length(min=1, max=200),
            validate.Regexp(r"[\s\S]*\S", error="Must not be blank."),
        ],
    )
    username = ma.fields.String(
        allow_none=True,
        validate=validate.Regexp(
            r"^[A-Za-z0-9_.-]{3,64}$", error="3-64 letters, digits, '.', '_' or '-'"
        ),
    )
    phone = ma.fields.String(
        allow_none=True,
        validate=validate.Regexp(r"^[0-9 +()./-]{3,40}$", error="3-40 digits and + ( ) . / -"),
    )


class LoginSchema(StrictSchema):
    """Credentials."""

    email = ma.fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = ma.fields.String(required=True, validate=validate.Length(min=1, max=128))
    cookies = ma.fields.Boolean(
        load_default=False,
        metadata={
            "description": "for browsers: set the tokens as HttpOnly cookies (SameSite=Lax, "
            "plus readable csrf_access_token / csrf_refresh_token cookies to echo in "
            "X-CSRF-TOKEN on POST, PUT, PATCH and DELETE) instead of returning them"
        },
    )


class RefreshSchema(ma.Schema):
    """A fresh access token."""

    access_token = ma.fields.String(
        metadata={"description": "absent when the tokens travel in cookies"}
    )
    token_type = ma.fields.String(required=True)
    expires_in = ma.fields.Integer(required=True, metadata={"description": "seconds"})


class TokenPairSchema(RefreshSchema):
    """The tokens of a new login and the user they belong to."""

    refresh_token = ma.fields.String(
        metadata={"description": "absent when the tokens travel in cookies"}
    )
    user = ma.fields.Nested(UserSchema, required=True)


class AccountLocked(APIError):
    """Too many failed logins in a row."""

    status = 429
    code = "account_locked"
    message = "Too many failed logins; try again later"


@cache
def _dummy_password_hash() -> str:
    """A hash checked when the email is unknown, so both failures cost the same time."""
    return generate_password_hash("not-a-password-of-anyone")


@blp.post("/register")
@blp.arguments(RegisterSchema)
@blp.response(201, UserSchema)
@blp.alt_response(409, description="email_taken: the email (any case) is registered already")
def register_user(data: dict) -> User:
    """Create an account. The email is unique whatever its case."""
    user = User(
        email=data["email"].strip(),
        name=data["name"].strip(),
        username=data.get("username"),
        phone=data.get("phone"),
        password_hash=generate_password_hash(data["password"]),
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
        if constraint == "uq_users_email_lower":
            raise Conflict("This email is registered already", code="email_taken") from None
        if constraint == "uq_users_username_lower":
            raise Conflict("This username is taken") from None
        raise
    return user


@blp.post("/login")
@blp.arguments(LoginSchema)
@blp.response(200, TokenPairSchema)
@blp.alt_response(401, description="unauthorized: wrong email or password")
@blp.alt_response(429, description="account_locked, with Retry-After")
def login(data: dict) -> dict:
    """Exchange email and password for an access and a refresh token."""
    user = db.session.scalar(
        db.select(User).where(func.lower(User.email) == data["email"].strip().lower())
    )
    now = datetime.now(UTC)
    if user is not None and user.locked_until is not None and user.locked_until > now:
        _raise_locked(user.locked_until, now)
    password_ok = check_password_hash(
        user.password_hash if user else _dummy_password_hash(), data["password"]
    )
    if user is None:
        raise Unauthorized(WRONG_CREDENTIALS)
    if not password_ok:
        _count_failed_login(user.id)
        raise Unauthorized(WRONG_CREDENTIALS)
    if user.failed_logins or user.locked_until:
        user.failed_logins, user.locked_until = 0, None
    tokens = issue_tokens(user)
    db.session.commit()
    if data["cookies"]:
        tokens = send_tokens_as_cookies(tokens)
    return {**tokens, "user": user}


def _count_failed_login(user_id: int) -> None:
    """Add one failure in a single UPDATE (N concurrent failures count N); lock at the limit.

    A lock that has run out starts a fresh count instead of locking again at once.
    """
    lock_over = User.locked_until <= func.now()
    failures = case((lock_over, 1), else_=User.failed_logins + 1)
    lock_seconds = current_app.config["LOGIN_LOCKOUT_SECONDS"]
    db.session.execute(
        update(User)
        .where(User.id == user_id)
        .values(
            failed_logins=failures,
            locked_until=case(
                (
                    failures >= current_app.config["LOGIN_MAX_FAILURES"],
                    func.now() + literal_column(f"interval '{int(lock_seconds)} seconds'"),
                ),
                (lock_over, None),
                else_=User.locked_until,
            ),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _raise_locked(locked_until: datetime, now: datetime) -> None:
    retry_after = max(1, math.ceil((locked_until - now).total_seconds()))
    raise AccountLocked(headers={"Retry-After": str(retry_after)})


@blp.post("/refresh")
@jwt_required(refresh=True)
@blp.doc(security=BEARER)
@blp.response(200, RefreshSchema)
def refresh() -> dict:
    """A new access token for the refresh token's login (Bearer, or the refresh cookie).

    With the refresh cookie (and its CSRF header), the new access token is set as a cookie.
    """
    if get_jwt_request_location() == "cookies":
        return send_tokens_as_cookies(refresh_access_token())
    return refresh_access_token()


@blp.post("/logout")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
def logout() -> None:
    """End this login: its access and refresh tokens stop working (and their cookies go)."""
    revoke_current_session()
    db.session.commit()
    if get_jwt_request_location() == "cookies":
        clear_token_cookies()
