"""Interviews of applications (`/api/applications/<id>/interviews`, `/api/interviews`)."""

from __future__ import annotations

from datetime import UTC, date
from typing import Any

import marshmallow as ma
from flask import Response, jsonify
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint
from marshmallow import validate
from sqlalchemy import Row

from jatify.api.common import (
    BEARER,
    PaginationArgs,
    StrictSchema,
    page_envelope,
    page_schema,
    require_body,
)
from jatify.api.tokens import current_user_id
from jatify.api.tracker_schemas import JobSummarySchema
from jatify.fields import (
    MAX_INTERVIEW_MINUTES,
    MAX_INTERVIEWERS,
    MAX_NAME,
    MAX_NOTES,
    MAX_URL,
    MIN_INTERVIEW_MINUTES,
    Instant,
    OptionalText,
    required_text,
)
from jatify.services import interviews
from jatify.vocabulary import InterviewKind, InterviewOutcome

blp = Blueprint("interviews", __name__, url_prefix="/api", description="Interviews")

DAY_RANGE = validate.Range(min=date(1970, 1, 1), max=date(2999, 12, 31))
INTERVIEW_PATH = "/interviews/<int:interview_id>"
NOT_FOUND = "not_found: no such interview of the caller's (or its application was deleted)"
NO_APPLICATION = "not_found: no such application of the caller's"


class InterviewUpdateSchema(StrictSchema):
    """Fields of an interview to change; null clears location, notes and feedback."""

    scheduled_at = Instant(metadata={"description": "when it starts, with its UTC offset"})
    duration_minutes = ma.fields.Integer(
        strict=True, validate=validate.Range(min=MIN_INTERVIEW_MINUTES, max=MAX_INTERVIEW_MINUTES)
    )
    kind = ma.fields.String(validate=validate.OneOf(list(InterviewKind)))
    location = OptionalText(MAX_URL, metadata={"description": "an address or a meeting link"})
    interviewers = ma.fields.List(
        required_text(MAX_NAME), validate=validate.Length(max=MAX_INTERVIEWERS)
    )
    notes = OptionalText(MAX_NOTES)
    outcome = ma.fields.String(validate=validate.OneOf(list(InterviewOutcome)))
    feedback = OptionalText(MAX_NOTES)


class InterviewCreateSchema(InterviewUpdateSchema):
    """A new interview: when, and optionally how long, what kind, where and with whom."""

    scheduled_at = Instant(required=True, metadata={"description": "when it starts"})
    duration_minutes = ma.fields.Integer(
        strict=True,
        load_default=60,
        validate=validate.Range(min=MIN_INTERVIEW_MINUTES, max=MAX_INTERVIEW_MINUTES),
    )
    kind = ma.fields.String(
        load_default=InterviewKind.OTHER.value, validate=validate.OneOf(list(InterviewKind))
    )
    interviewers = ma.fields.List(
        required_text(MAX_NAME), load_default=list, validate=validate.Length(max=MAX_INTERVIEWERS)
    )


class InterviewSchema(ma.Schema):
    """An interview (what `interview_item` builds); times are in UTC."""

    id = ma.fields.Integer(required=True)
    application_id = ma.fields.Integer(required=True)
    job = ma.fields.Nested(JobSummarySchema, required=True)
    scheduled_at = ma.fields.DateTime(required=True)
    duration_minutes = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, metadata={"enum": list(InterviewKind)})
    location = ma.fields.String(required=True, allow_none=True)
    interviewers = ma.fields.List(ma.fields.String(), required=True)
    notes = ma.fields.String(required=True, allow_none=True)
    outcome = ma.fields.String(required=True, metadata={"enum": list(InterviewOutcome)})
    feedback = ma.fields.String(required=True, allow_none=True)
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


class InterviewRangeArgs(PaginationArgs):
    """Paging, and whole days (in the account's time zone) from `from` to `to`, inclusive."""

    from_day = ma.fields.Date(
        data_key="from", validate=DAY_RANGE, metadata={"description": "YYYY-MM-DD"}
    )
    to_day = ma.fields.Date(
        data_key="to", validate=DAY_RANGE, metadata={"description": "YYYY-MM-DD, inclusive"}
    )

    @ma.validates_schema
    def to_after_from(self, data: dict[str, Any], **_kwargs: Any) -> None:
        """`to` is not before `from`."""
        if "from_day" in data and "to_day" in data and data["to_day"] < data["from_day"]:
            raise ma.ValidationError("Must not be before `from`.", "to")


InterviewPageSchema = page_schema(InterviewSchema, "InterviewPage")


def interview_item(row: Row) -> dict[str, Any]:
    """An interview as `InterviewSchema` documents it, from an `INTERVIEW_COLUMNS` row."""
    (id_, application_id, job_id, company, position, scheduled_at, duration, kind, location,
     interviewers, notes, outcome, feedback, created_at, updated_at) = row  # fmt: skip
    return {
        "id": id_,
        "application_id": application_id,
        "job": {"id": job_id, "company": company, "position": position},
        "scheduled_at": scheduled_at.astimezone(UTC).isoformat(),
        "duration_minutes": duration,
        "kind": kind,
        "location": location,
        "interviewers": interviewers,
        "notes": notes,
        "outcome": outcome,
        "feedback": feedback,
        "created_at": created_at.isoformat(),
        "updated_at": updated_at.isoformat(),
    }


def _page(rows: list[Row], total: int, args: dict[str, Any]) -> Response:
    items = [interview_item(row) for row in rows]
    return jsonify(page_envelope(items, args["page"], args["page_size"], total))


def _one(user_id: int, interview_id: int, status: int = 200) -> Response:
    response = jsonify(interview_item(interviews.get_interview(user_id, interview_id)))
    response.status_code = status
    return response


@blp.post("/applications/<int:application_id>/interviews")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(InterviewCreateSchema)
@blp.response(201, InterviewSchema)
@blp.alt_response(404, description=NO_APPLICATION)
def create_interview(data: dict, application_id: int) -> Response:
    """Schedule an interview of an application; a time without a UTC offset is refused."""
    user_id = current_user_id()
    return _one(user_id, interviews.create_interview(user_id, application_id, data), 201)


@blp.get("/applications/<int:application_id>/interviews")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(PaginationArgs, location="query")
@blp.response(200, InterviewPageSchema)
@blp.alt_response(404, description=NO_APPLICATION)
def list_application_interviews(args: dict, application_id: int) -> Response:
    """The interviews of one application, by time."""
    rows, total = interviews.interview_page(
        current_user_id(),
        page=args["page"],
        page_size=args["page_size"],
        application_id=application_id,
    )
    return _page(rows, total, args)


@blp.get("/interviews")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(InterviewRangeArgs, location="query")
@blp.response(200, InterviewPageSchema)
def list_interviews(args: dict) -> Response:
    """The caller's interviews across applications, by time, optionally within days."""
    rows, total = interviews.interview_page(
        current_user_id(),
        page=args["page"],
        page_size=args["page_size"],
        from_day=args.get("from_day"),
        to_day=args.get("to_day"),
    )
    return _page(rows, total, args)


@blp.get(INTERVIEW_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, InterviewSchema)
@blp.alt_response(404, description=NOT_FOUND)
def get_interview(interview_id: int) -> Response:
    """One interview."""
    return _one(current_user_id(), interview_id)


@blp.route(INTERVIEW_PATH, methods=["PUT", "PATCH"])
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(InterviewUpdateSchema)
@blp.response(200, InterviewSchema)
@blp.alt_response(404, description=NOT_FOUND)
def update_interview(data: dict, interview_id: int) -> Response:
    """Change some fields (PATCH is an alias): reschedule, record the outcome and feedback."""
    require_body()
    user_id = current_user_id()
    interviews.update_interview(user_id, interview_id, data)
    return _one(user_id, interview_id)


@blp.delete(INTERVIEW_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
@blp.alt_response(404, description=NOT_FOUND)
def delete_interview(interview_id: int) -> None:
    """Delete an interview for good (a cancelled one can also stay, as `cancelled`)."""
    interviews.delete_interview(current_user_id(), interview_id)
