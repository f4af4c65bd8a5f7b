"""The status pipeline (seeded, read-only)."""

from __future__ import annotations

import marshmallow as ma
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from jatify.api.common import BEARER
from jatify.services import statuses

blp = Blueprint("statuses", __name__, url_prefix="/api/statuses", description="Statuses")


class StatusSchema(ma.Schema):
    """One step of the pipeline."""

    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    position = ma.fields.Integer(required=True)
    is_terminal = ma.fields.Boolean(required=True)


class StatusListSchema(ma.Schema):
    """Every status, ordered by position."""

    items = ma.fields.List(ma.fields.Nested(StatusSchema), required=True)


@blp.get("")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, StatusListSchema)
def list_statuses() -> dict:
    """Every status in pipeline order."""
    return {"items": statuses.list_statuses()}
