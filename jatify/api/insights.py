"""Statistics of the caller's applications (`/api/applications/stats`)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint
from marshmallow import validate

from jatify.api.common import BEARER, StrictSchema
from jatify.api.tokens import current_user_id
from jatify.services import insights

blp = Blueprint("insights", __name__, url_prefix="/api", description="Application statistics")


class StatsArgs(StrictSchema):
    """How many weeks the weekly series covers."""

    weeks = ma.fields.Integer(
        load_default=12,
        validate=validate.Range(min=1, max=104),
        metadata={"description": "weeks in `per_week`, the current one included (1-104)"},
    )


class StatusCountSchema(ma.Schema):
    """Live applications currently at one status."""

    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    count = ma.fields.Integer(required=True)


class WeekCountSchema(ma.Schema):
    """Sent applications whose applied date falls in one ISO week."""

    week_start = ma.fields.Date(required=True, metadata={"description": "Monday (UTC)"})
    count = ma.fields.Integer(required=True)


class ResponseGroupSchema(ma.Schema):
    """Sent applications of one group, and how many of them responded."""

    applications = ma.fields.Integer(required=True, metadata={"description": "sent ones"})
    responded = ma.fields.Integer(required=True)
    response_rate = ma.fields.Float(
        required=True, allow_none=True, metadata={"description": "responded / applications"}
    )


class ScoreBandSchema(ResponseGroupSchema):
    """Applications whose newest finished analysis scored within a band."""

    band = ma.fields.String(required=True, metadata={"enum": ["0-39", "40-69", "70-100"]})


class ResumeGroupSchema(ResponseGroupSchema):
    """Applications sent with one resume (id and name null: sent without one)."""

    id = ma.fields.Integer(required=True, allow_none=True)
    name = ma.fields.String(required=True, allow_none=True)


class SourceGroupSchema(ResponseGroupSchema):
    """Applications from one source, compared ignoring case (null: no source given)."""

    source = ma.fields.String(required=True, allow_none=True)


class StatsSchema(ma.Schema):
    """The caller's application statistics (soft-deleted applications never count)."""

    total = ma.fields.Integer(required=True, metadata={"description": "live applications"})
    by_status = ma.fields.List(
        ma.fields.Nested(StatusCountSchema),
        required=True,
        metadata={"description": "every status in pipeline order, zero counts included"},
    )
    per_week = ma.fields.List(
        ma.fields.Nested(WeekCountSchema),
        required=True,
        metadata={
            "description": "sent applications per week by applied date (else creation "
            "date), oldest week first"
        },
    )
    sent = ma.fields.Integer(
        required=True,
        metadata={"description": "applications whose history reaches a status other than Wishlist"},
    )
    responded = ma.fields.Integer(
        required=True,
        metadata={
            "description": "sent applications whose history reaches HR Interview, User "
            "Interview, Offer, Rejected, Offer Accepted or Offer Turned Down"
        },
    )
    response_rate = ma.fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "responded / sent (0-1), null when nothing was sent"},
    )
    offers = ma.fields.Integer(
        required=True,
        metadata={
            "description": "applications whose history reaches Offer, Offer Accepted or "
            "Offer Turned Down"
        },
    )
    median_days_to_first_change = ma.fields.Float(
        required=True,
        allow_none=True,
        metadata={
            "description": "median whole days from the applied date to the first status "
            "change after creation (leaving Wishlist excluded); null without such changes"
        },
    )
    by_score_band = ma.fields.List(
        ma.fields.Nested(ScoreBandSchema),
        required=True,
        metadata={
            "description": "the three bands in order, by the score of the newest finished "
            "analysis of each application's resume against its job listing"
        },
    )
    by_resume = ma.fields.List(
        ma.fields.Nested(ResumeGroupSchema),
        required=True,
        metadata={"description": "most used first"},
    )
    by_source = ma.fields.List(
        ma.fields.Nested(SourceGroupSchema),
        required=True,
        metadata={"description": "most used first"},
    )


@blp.get("/applications/stats")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(StatsArgs, location="query")
@blp.response(200, StatsSchema)
def get_application_stats(args: dict) -> dict[str, Any]:
    """Counts per status, applications per week, response rate, offers, time to a change,
    and response rates by match score band, by resume and by source."""
    return insights.application_stats(current_user_id(), args["weeks"])
