"""Applications to job listings, with their status history (`/api/applications`)."""

from __future__ import annotations

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
    sort_field,
)
from jatify.api.contacts import LinkedContactSchema, linked_contacts
from jatify.api.tokens import current_user_id
from jatify.api.tracker_schemas import (
    FollowUpSchema,
    JobSummarySchema,
    ResumeRefSchema,
    StatusRefSchema,
)
from jatify.fields import (
    MAX_NOTES,
    MAX_QUERY_TEXT,
    MAX_SOURCE,
    MAX_STATUS_NOTE,
    OptionalText,
    Tags,
    Text,
    record_id,
    status_id_field,
)
from jatify.services import applications
from jatify.vocabulary import AnalysisState

blp = Blueprint(
    "applications", __name__, url_prefix="/api/applications", description="Applications"
)


class ApplicationFieldsSchema(StrictSchema):
    """Fields of an application; null clears resume, notes and applied_at."""

    job_id = record_id()
    status_id = status_id_field()
    resume_id = record_id(allow_none=True)
    notes = OptionalText(MAX_NOTES)
    applied_at = ma.fields.Date(allow_none=True, metadata={"description": "YYYY-MM-DD"})
    tags = Tags()
    source = OptionalText(MAX_SOURCE, metadata={"description": "e.g. LinkedIn, referral"})


class ApplicationUpdateSchema(ApplicationFieldsSchema):
    """Fields of an application to change, and a note on a status change."""

    status_note = OptionalText(
        MAX_STATUS_NOTE,
        metadata={"description": "kept on the history entry of this request's status change"},
    )

    @ma.validates_schema
    def note_needs_a_status(self, data: dict[str, Any], **_kwargs: Any) -> None:
        """A status note only comes with a status change."""
        if data.get("status_note") and "status_id" not in data:
            raise ma.ValidationError("Send status_id with a status note.", "status_note")


class ApplicationCreateSchema(ApplicationFieldsSchema):
    """A new application to one of the caller's job listings."""

    job_id = record_id(required=True)
    status_id = status_id_field(required=True)


class ApplicationAnalysisSchema(ma.Schema):
    """The newest analysis of the application's resume against its job listing."""

    id = ma.fields.UUID(required=True)
    status = ma.fields.String(required=True, metadata={"enum": list(AnalysisState)})
    score = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": "0-100 once done"}
    )


class ApplicationSchema(ma.Schema):
    """An application as lists show it (what `application_item` builds)."""

    id = ma.fields.Integer(required=True)
    job = ma.fields.Nested(JobSummarySchema, required=True)
    status = ma.fields.Nested(StatusRefSchema, required=True)
    resume = ma.fields.Nested(ResumeRefSchema, required=True, allow_none=True)
    notes = ma.fields.String(allow_none=True)
    applied_at = ma.fields.Date(allow_none=True)
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)
    tags = ma.fields.List(ma.fields.String(), required=True)
    source = ma.fields.String(required=True, allow_none=True)
    analysis = ma.fields.Nested(ApplicationAnalysisSchema, required=True, allow_none=True)
    follow_up = ma.fields.Nested(
        FollowUpSchema,
        required=True,
        allow_none=True,
        metadata={"description": "null in a terminal status or Wishlist"},
    )


def application_item(row: Row) -> dict[str, Any]:
    """An application as `ApplicationSchema` documents it, from an `APPLICATION_COLUMNS` row
    with its `follow_up` last.

    The one serialisation of an application, for lists and single answers alike: built
    directly, because marshmallow's per-field dump costs five times as much for a page.
    """
    # Unpacked in APPLICATION_COLUMNS' order: twice as fast as reading a Row by name.
    (id_, job_id, company, position, status_id, status_name, resume_id, resume_name, notes,
     applied_at, created_at, updated_at, tags, source, analysis_id, analysis_status,
     score, follow_up) = row  # fmt: skip
    return {
        "id": id_,
        "job": {"id": job_id, "company": company, "position": position},
        "status": {"id": status_id, "name": status_name},
        "resume": None if resume_id is None else {"id": resume_id, "name": resume_name},
        "notes": notes,
        "applied_at": None if applied_at is None else applied_at.isoformat(),
        "created_at": created_at.isoformat(),
        "updated_at": updated_at.isoformat(),
        "tags": tags,
        "source": source,
        "analysis": None
        if analysis_id is None
        else {"id": str(analysis_id), "status": analysis_status, "score": score},
        "follow_up": follow_up,
    }


def history_item(row: Row) -> dict[str, Any]:
    """A history step as `StatusChangeSchema` documents it, from a `HISTORY_COLUMNS` row."""
    from_id, from_name, to_id, to_name, note, changed_at = row
    return {
        "from_status": None if from_id is None else {"id": from_id, "name": from_name},
        "to_status": {"id": to_id, "name": to_name},
        "note": note,
        "changed_at": changed_at.isoformat(),
    }


def application_detail(user_id: int, application_id: int, status: int = 200) -> Response:
    """The answer of one application with its status history."""
    row, history = applications.get_application(user_id, application_id)
    response = jsonify(
        {
            **application_item(row),
            "status_history": [history_item(step) for step in history],
            "contacts": linked_contacts(user_id, application_id),
        }
    )
    response.status_code = status
    return response


class StatusChangeSchema(ma.Schema):
    """One step of an application's history; the first has no `from_status`."""

    from_status = ma.fields.Nested(StatusRefSchema, required=True, allow_none=True)
    to_status = ma.fields.Nested(StatusRefSchema, required=True)
    note = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "the status_note of the change"}
    )
    changed_at = ma.fields.DateTime(required=True)


class ApplicationDetailSchema(ApplicationSchema):
    """A single application with its status history, oldest first, and its contacts."""

    status_history = ma.fields.List(ma.fields.Nested(StatusChangeSchema), required=True)
    contacts = ma.fields.List(ma.fields.Nested(LinkedContactSchema), required=True)


class ApplicationFilterArgs(StrictSchema):
    """Which of the caller's applications: search and filters (the list's and the export's)."""

    q = Text(
        validate=validate.Length(max=MAX_QUERY_TEXT),
        metadata={
            "description": "case-insensitive substring of the company, position, notes, a "
            "linked contact's name or (3 characters or more) a note's text; or a whole tag"
        },
    )
    status_id = status_id_field(strict=False)
    job_id = record_id(strict=False)
    tag = Tags(metadata={"description": "repeatable: applications carrying every tag given"})
    source = Text(
        validate=validate.Length(max=MAX_SOURCE), metadata={"description": "ignoring case"}
    )


class ApplicationListArgs(PaginationArgs, ApplicationFilterArgs):
    """Paging, filters, search and sort of the applications."""

    sort = sort_field(("created_at", "updated_at", "applied_at"), "-created_at")


ApplicationPageSchema = page_schema(ApplicationSchema, "ApplicationPage")
NOT_FOUND = "not_found: no such application of the caller's"
BAD_REFERENCE = "validation_error: a job listing or resume that is not the caller's, or no status"


# The views answer with Responses built by `application_item`: flask-smorest passes a
# Response through, and the schemas document it.


@blp.post("")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(ApplicationCreateSchema)
@blp.response(201, ApplicationDetailSchema)
@blp.alt_response(422, description=BAD_REFERENCE)
def create_application(data: dict) -> Response:
    """Record an application; its history starts with the given status."""
    user_id = current_user_id()
    return application_detail(user_id, applications.create_application(user_id, data), 201)


@blp.get("")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(ApplicationListArgs, location="query")
@blp.response(200, ApplicationPageSchema)
def list_applications(args: dict) -> Response:
    """The caller's applications, newest first unless `sort` says otherwise."""
    rows, total = applications.application_page(
        current_user_id(),
        page=args["page"],
        page_size=args["page_size"],
        q=args.get("q"),
        status_id=args.get("status_id"),
        job_id=args.get("job_id"),
        tag=args.get("tag"),
        source=args.get("source"),
        sort=args["sort"],
    )
    items = [application_item(row) for row in rows]
    return jsonify(page_envelope(items, args["page"], args["page_size"], total))


@blp.get("/<int:application_id>")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, ApplicationDetailSchema)
@blp.alt_response(404, description=NOT_FOUND)
def get_application(application_id: int) -> Response:
    """One application with its status history."""
    return application_detail(current_user_id(), application_id)


@blp.route("/<int:application_id>", methods=["PUT", "PATCH"])
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(ApplicationUpdateSchema)
@blp.response(200, ApplicationDetailSchema)
@blp.alt_response(404, description=NOT_FOUND)
@blp.alt_response(422, description=BAD_REFERENCE)
def update_application(data: dict, application_id: int) -> Response:
    """Change some fields (PATCH is an alias); a new status is appended to the history."""
    user_id = current_user_id()
    note = data.pop("status_note", None)
    applications.update_application(user_id, application_id, data, status_note=note)
    return application_detail(user_id, application_id)


@blp.delete("/<int:application_id>")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
@blp.alt_response(404, description=NOT_FOUND)
def delete_application(application_id: int) -> None:
    """Soft-delete an application."""
    applications.delete_application(current_user_id(), application_id)
