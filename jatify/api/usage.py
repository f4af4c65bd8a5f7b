"""The caller's use of its quotas and of the model endpoint."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from jatify.api.common import BEARER
from jatify.api.tokens import current_user_id
from jatify.services import usage
from jatify.vocabulary import QuotaName

blp = Blueprint(
    "usage", __name__, url_prefix="/api/user", description="The caller's quotas and model use"
)

# The 429 of a route that counts against a quota (analyses, resume uploads, captures).
QUOTA_EXCEEDED_DOC: dict[str, Any] = {
    "description": (
        "quota_exceeded: `details` is `{quota, limit, used}` with `quota` one of "
        f"{', '.join(QuotaName)}. Daily quotas reset at midnight in the account's time zone "
        "(`timezone`), which Retry-After counts down to; the storage quota has no "
        "Retry-After (delete a resume to make room). Admins are exempt."
    ),
    "headers": {
        "Retry-After": {
            "description": "seconds until the daily quota resets (daily quotas only)",
            "schema": {"type": "integer"},
        }
    },
}
NO_LIMIT = "null: no limit (the quota is off, or the caller is an admin)"


class ModelUseSchema(ma.Schema):
    """This calendar month's (UTC) analyses answered by a model, and their reported cost."""

    month = ma.fields.String(required=True, metadata={"example": "2026-12"})
    analyses = ma.fields.Integer(required=True)
    prompt_tokens = ma.fields.Integer(required=True)
    completion_tokens = ma.fields.Integer(required=True)
    cost_usd = ma.fields.Float(
        required=True, metadata={"description": "US dollars, as the endpoint reported them"}
    )


class UsageSchema(ma.Schema):
    """Today's use (the account's own day) of each quota and its limit, and model use."""

    analyses_today = ma.fields.Integer(required=True)
    analyses_per_day = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": NO_LIMIT}
    )
    storage_bytes = ma.fields.Integer(
        required=True, metadata={"description": "bytes of the caller's resume files"}
    )
    storage_limit = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": NO_LIMIT}
    )
    captures_today = ma.fields.Integer(required=True)
    captures_per_day = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": NO_LIMIT}
    )
    model = ma.fields.Nested(ModelUseSchema, required=True)


@blp.get("/usage")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, UsageSchema)
def get_usage() -> usage.Usage:
    """The caller's use of its quotas today and of the model this month (one query)."""
    return usage.read_usage(current_user_id())
