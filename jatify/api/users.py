"""The caller's own account: its profile and its password."""

from __future__ import annotations

import marshmallow as ma
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from jatify import throttle
from jatify.api.common import BEARER, StrictSchema, require_body
from jatify.api.tokens import await_ended, current_session_id, current_user_id, load_current_user
from jatify.fields import (
    MAX_PASSWORD,
    NAME_RULES,
    PHONE_RULE,
    USERNAME_RULE,
    StrictBoolean,
    TimeZoneName,
    new_password_field,
)
from jatify.models import User
from jatify.services import accounts, profile

blp = Blueprint("users", __name__, url_prefix="/api/user", description="The caller's account")


class UserSchema(ma.Schema):
    """A user as the API shows it: never the password hash."""

    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    username = ma.fields.String(allow_none=True)
    phone = ma.fields.String(allow_none=True)
    is_admin = ma.fields.Boolean(required=True)
    timezone = ma.fields.String(
        required=True, metadata={"description": "IANA name; dates are shown in it"}
    )
    email_digest = ma.fields.Boolean(
        required=True, metadata={"description": "a daily email at 07:00 in `timezone`"}
    )
    created_at = ma.fields.DateTime(required=True)


class ProfileUpdateSchema(StrictSchema):
    """Fields of the caller's profile to change; null clears username and phone."""

    name = ma.fields.String(validate=list(NAME_RULES))
    username = ma.fields.String(allow_none=True, validate=USERNAME_RULE)
    phone = ma.fields.String(allow_none=True, validate=PHONE_RULE)
    timezone = TimeZoneName(metadata={"description": "IANA name, e.g. Europe/Berlin"})
    email_digest = StrictBoolean(
        metadata={"description": "the daily digest email (interviews, tasks, follow-ups)"}
    )


class PasswordChangeSchema(StrictSchema):
    """The password now, and the one to use from now on."""

    current_password = ma.fields.String(
        required=True, validate=ma.validate.Length(min=1, max=MAX_PASSWORD)
    )
    new_password = new_password_field(required=True)


@blp.get("/profile")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, UserSchema)
def get_profile() -> User:
    """The authenticated user's profile."""
    return load_current_user()


@blp.patch("/profile")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(ProfileUpdateSchema)
@blp.response(200, UserSchema)
@blp.alt_response(409, description="conflict: the username is taken")
@blp.alt_response(422, description="validation_error: e.g. a time zone that is not known")
def update_profile(data: dict) -> User:
    """Change some fields of the caller's profile: name, username, phone, time zone, digest."""
    require_body()
    return profile.update_profile(current_user_id(), data)


@blp.post("/password")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
@blp.alt_response(
    403, description="forbidden: `current_password` is wrong (counted as a failed login)"
)
def change_password(data: dict) -> None:
    """Change the caller's password; every other login session of the account ends (this
    one goes on)."""
    await_ended(
        accounts.change_password(
            current_user_id(),
            current_session_id(),
            data["current_password"],
            data["new_password"],
            address=throttle.client_address(),
        )
    )
