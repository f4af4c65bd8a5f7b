"""The tags of the caller's applications, with their counts (`/api/tags`)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from jatify.api.common import BEARER
from jatify.api.tokens import current_user_id
from jatify.services import tags

blp = Blueprint("tags", __name__, url_prefix="/api", description="Tags of applications")


class TagCountSchema(ma.Schema):
    """A tag and how many live applications carry it."""

    name = ma.fields.String(required=True)
    count = ma.fields.Integer(required=True)


class TagListSchema(ma.Schema):
    """Every tag in use, most used first (then by name)."""

    items = ma.fields.List(ma.fields.Nested(TagCountSchema), required=True)


@blp.get("/tags")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, TagListSchema)
def list_tags() -> dict[str, Any]:
    """The tags of the caller's live applications and how many carry each."""
    return {"items": tags.tag_counts(current_user_id())}
