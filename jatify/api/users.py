"""The caller's own account."""

from __future__ import annotations

import marshmallow as ma
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from jatify.api.common import BEARER
from jatify.api.tokens import load_current_user
from jatify.models import User

blp = Blueprint("users", __name__, url_prefix="/api/user", description="The caller's account")


class UserSchema(ma.Schema):
    """A user as the API shows it: never the password hash."""

    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    username = ma.fields.String(allow_none=True)
    phone = ma.fields.String(allow_none=True)
    is_admin = ma.fields.Boolean(required=True)
    created_at = ma.fields.DateTime(required=True)


@blp.get("/profile")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, UserSchema)
def get_profile() -> User:
    """The authenticated user's profile."""
    return load_current_user()
