"""Registration, login, token refresh and logout, and resetting a forgotten password."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app, request
from flask_jwt_extended import get_jwt_request_location, jwt_required
from flask_smorest import Blueprint

from jatify import throttle
from jatify.api.common import BEARER, StrictSchema
from jatify.api.tokens import (
    await_ended,
    clear_token_cookies,
    current_session_id,
    end_session,
    rotate_tokens,
    send_tokens_as_cookies,
    token_pair,
)
from jatify.api.users import UserSchema
from jatify.fields import MAX_EMAIL, NewAccountSchema, new_password_field
from jatify.models import User
from jatify.services import accounts, password_resets
from jatify.vocabulary import RegistrationMode

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Accounts and tokens")
RATE_LIMITED_DOC = (
    "rate_limited, with Retry-After: too many requests from this client address "
    "(RATELIMIT_AUTH_PER_ADDRESS) or for this email (RATELIMIT_AUTH_PER_EMAIL)"
)


class RegisterSchema(StrictSchema, NewAccountSchema):
    """What a new account needs."""

    invite = ma.fields.String(
        validate=ma.validate.Length(min=1, max=64),
        metadata={
            "description": "the code from `flask users invite EMAIL`, for that email; "
            "needed when GET /api/auth/registration says `invite`"
        },
    )


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
    """A new token pair: the refresh token sent is spent."""

    access_token = ma.fields.String(
        metadata={"description": "absent when the tokens travel in cookies"}
    )
    refresh_token = ma.fields.String(
        metadata={
            "description": "the next refresh token (the one sent stops working); absent "
            "when the tokens travel in cookies"
        }
    )
    token_type = ma.fields.String(required=True)
    expires_in = ma.fields.Integer(required=True, metadata={"description": "seconds"})


class TokenPairSchema(RefreshSchema):
    """The tokens of a new login and the user they belong to."""

    user = ma.fields.Nested(UserSchema, required=True)


class RegistrationSchema(ma.Schema):
    """Who may register here."""

    mode = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf([mode.value for mode in RegistrationMode]),
        metadata={"description": "open: anyone; invite: with an invite code; closed: nobody"},
    )


class ForgotSchema(StrictSchema):
    """The email of the account whose password is forgotten."""

    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=MAX_EMAIL))


class ForgotAnswerSchema(ma.Schema):
    """The same answer whatever the email."""

    message = ma.fields.String(required=True)


class ResetSchema(StrictSchema):
    """A reset link's token and the new password."""

    token = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=200),
        metadata={"description": "the `token` of the mailed link's /reset?token=..."},
    )
    new_password = new_password_field(required=True)


@blp.get("/registration")
@blp.response(200, RegistrationSchema)
def get_registration() -> dict:
    """Whether registering is open, needs an invite, or is closed (the REGISTRATION setting)."""
    return {"mode": current_app.config["REGISTRATION"]}


@blp.post("/register")
@throttle.auth_limits()
@blp.arguments(RegisterSchema)
@blp.response(201, UserSchema)
@blp.alt_response(
    403, description="forbidden: registration is closed, or needs a valid invite for the email"
)
@blp.alt_response(409, description="email_taken: the email (any case) is registered already")
@blp.alt_response(429, description=RATE_LIMITED_DOC)
def register_user(data: dict) -> User:
    """Create an account. The email is unique whatever its case or Unicode form."""
    return accounts.register(
        data["email"],
        data["name"],
        data["password"],
        username=data.get("username"),
        phone=data.get("phone"),
        mode=RegistrationMode(current_app.config["REGISTRATION"]),
        invite=data.get("invite"),
    )


@blp.post("/login")
@throttle.auth_limits()
@blp.arguments(LoginSchema)
@blp.response(200, TokenPairSchema)
@blp.alt_response(401, description="unauthorized: wrong email or password")
@blp.alt_response(
    429,
    description="account_locked, with Retry-After: LOGIN_MAX_FAILURES wrong passwords for this "
    "email from this client address, known account or not; or " + RATE_LIMITED_DOC,
)
def login(data: dict) -> dict:
    """Exchange email and password for an access and a refresh token (a new login session,
    listed by GET /api/user/sessions with this request's User-Agent)."""
    config = current_app.config
    user, session_id = accounts.log_in(
        data["email"],
        data["password"],
        address=throttle.client_address(),
        session_seconds=config["JWT_REFRESH_TOKEN_EXPIRES"],
        user_agent=request.headers.get("User-Agent"),
    )
    tokens = token_pair(user.id, session_id)
    if data["cookies"]:
        tokens = send_tokens_as_cookies(tokens)
    return {**tokens, "user": user}


@blp.post("/refresh")
@jwt_required(refresh=True)
@blp.doc(security=BEARER)
@blp.response(200, RefreshSchema)
@blp.alt_response(
    401,
    description="token_revoked: the refresh token was used already (its whole login "
    "session is now ended), or the session was ended",
)
def refresh() -> dict:
    """A new access and refresh token for the refresh token's login (Bearer, or the refresh
    cookie); the refresh token sent stops working, and the login's session lasts the
    refresh token lifetime from now.

    With the refresh cookie (and its CSRF header), both new tokens are set as cookies.
    """
    if get_jwt_request_location() == "cookies":
        return send_tokens_as_cookies(rotate_tokens())
    return rotate_tokens()


@blp.post("/logout")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
def logout() -> None:
    """End this login: its access and refresh tokens stop working (and their cookies go)."""
    end_session(current_session_id())
    if get_jwt_request_location() == "cookies":
        clear_token_cookies()


@blp.post("/forgot")
@throttle.auth_limits()
@blp.arguments(ForgotSchema)
@blp.response(202, ForgotAnswerSchema)
@blp.alt_response(429, description=RATE_LIMITED_DOC)
def forgot_password(data: dict) -> dict:
    """Ask for a password reset link. The answer is the same whether or not the email has
    an account; if it has one and mail is configured, a link to PUBLIC_URL/reset?token=...,
    valid 30 minutes and usable once, is mailed to it."""
    mail_possible = password_resets.reset_mail_possible(current_app.config)
    password_resets.request_reset(data["email"], mail_possible=mail_possible)
    return {"message": "If an account has this email, a reset link is on its way to it."}


@blp.post("/reset")
@throttle.auth_limits(per_email=False)
@blp.arguments(ResetSchema)
@blp.response(204)
@blp.alt_response(
    429,
    description="rate_limited, with Retry-After: too many requests from this client "
    "address (RATELIMIT_AUTH_PER_ADDRESS)",
)
@blp.alt_response(
    422,
    description="validation_error: `token` is unknown, used already or older than 30 "
    "minutes (details.token says so), or `new_password` is refused",
)
def reset_password(data: dict) -> None:
    """Set a new password with a mailed reset token; the token is spent, and every login
    session of the account ends."""
    await_ended(password_resets.reset_password(data["token"], data["new_password"]))
