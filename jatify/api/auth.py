"""Registration, login with lockout, token refresh and logout."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask_jwt_extended import get_jwt_request_location, jwt_required
from flask_smorest import Blueprint

from jatify.api.common import BEARER, StrictSchema
from jatify.api.tokens import (
    clear_token_cookies,
    current_session_id,
    end_session,
    refresh_access_token,
    send_tokens_as_cookies,
    token_pair,
)
from jatify.api.users import UserSchema
from jatify.fields import NewAccountSchema
from jatify.models import User
from jatify.services import accounts

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Accounts and tokens")


class RegisterSchema(StrictSchema, NewAccountSchema):
    """What a new account needs."""


class LoginSchema(StrictSchema):
    """Credentials."""

    email = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=254))
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=128))
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


@blp.post("/register")
@blp.arguments(RegisterSchema)
@blp.response(201, UserSchema)
@blp.alt_response(409, description="email_taken: the email (any case) is registered already")
def register_user(data: dict) -> User:
    """Create an account. The email is unique whatever its case."""
    return accounts.register(
        data["email"],
        data["name"],
        data["password"],
        username=data.get("username"),
        phone=data.get("phone"),
    )


@blp.post("/login")
@blp.arguments(LoginSchema)
@blp.response(200, TokenPairSchema)
@blp.alt_response(401, description="unauthorized: wrong email or password")
@blp.alt_response(429, description="account_locked, with Retry-After")
def login(data: dict) -> dict:
    """Exchange email and password for an access and a refresh token."""
    config = current_app.config
    user, session_id = accounts.log_in(
        data["email"],
        data["password"],
        max_failures=config["LOGIN_MAX_FAILURES"],
        lockout_seconds=config["LOGIN_LOCKOUT_SECONDS"],
        session_seconds=config["JWT_REFRESH_TOKEN_EXPIRES"],
    )
    tokens = token_pair(user.id, session_id)
    if data["cookies"]:
        tokens = send_tokens_as_cookies(tokens)
    return {**tokens, "user": user}


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
    end_session(current_session_id())
    if get_jwt_request_location() == "cookies":
        clear_token_cookies()
