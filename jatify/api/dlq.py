"""The dead-letter queue: jobs that failed for good, to inspect, requeue or delete.

Admins see every entry; other users only the entries of their own jobs (another
user's entry answers 404). Only open entries (not requeued yet) are listed.
"""

from __future__ import annotations

import uuid
from typing import Any

import marshmallow as ma
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint
from marshmallow import validate

from jatify.api.common import BEARER, PaginationArgs, StrictSchema, page_envelope, page_schema
from jatify.api.tokens import current_user_id, load_current_user
from jatify.services import dead_letters

blp = Blueprint(
    "dlq", __name__, url_prefix="/api/dlq", description="Dead-letter queue of failed jobs"
)

MAX_REQUEUE_IDS = 1000


class AttemptErrorSchema(ma.Schema):
    """One failed attempt of the job."""

    attempt = ma.fields.Integer(required=True)
    error = ma.fields.String(required=True)
    at = ma.fields.String(required=True, metadata={"description": "ISO 8601 timestamp"})


class DeadLetterSchema(ma.Schema):
    """A job that failed for good."""

    id = ma.fields.UUID(required=True)
    job_id = ma.fields.UUID(required=True)
    kind = ma.fields.String(required=True)
    error = ma.fields.String(required=True, metadata={"description": "the last error"})
    attempts = ma.fields.Integer(required=True)
    errors = ma.fields.List(ma.fields.Nested(AttemptErrorSchema), required=True)
    failed_at = ma.fields.DateTime(required=True)
    user_id = ma.fields.Integer(allow_none=True)


DeadLetterPageSchema = page_schema(DeadLetterSchema, "DeadLetterPage")


class DeadLetterListArgs(PaginationArgs):
    """Pagination and an optional `kind` filter."""

    kind = ma.fields.String(validate=validate.Length(min=1, max=64))


class RequeueArgs(StrictSchema):
    """Entries to requeue; without `ids`, every open entry the caller sees."""

    ids = ma.fields.List(ma.fields.UUID(), validate=validate.Length(max=MAX_REQUEUE_IDS))


class RequeuedSchema(ma.Schema):
    """How many entries went back to the queue."""

    requeued = ma.fields.Integer(required=True)


class BulkRequeuedSchema(RequeuedSchema):
    """How many entries went back to the queue, and how many were left open."""

    skipped = ma.fields.Integer(
        required=True,
        metadata={
            "description": "open entries left in the dead-letter queue because an "
            "equivalent job (the same dedupe key) is in the queue already: one whose "
            "twin is in flight, or one of several entries of the same key, of which only "
            "the newest is requeued"
        },
    )


def _visible_to() -> int | None:
    """The caller's user id, or None for an admin (who sees every entry)."""
    return dead_letters.visible_to(current_user_id(), load_current_user().is_admin)


@blp.get("")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(DeadLetterListArgs, location="query")
@blp.response(200, DeadLetterPageSchema)
def list_dead_letters(args: dict[str, Any]) -> dict[str, Any]:
    """Open dead letters the caller sees, newest first."""
    page, page_size = args["page"], args["page_size"]
    items, total = dead_letters.list_open(
        visible_to=_visible_to(), kind=args.get("kind"), page=page, page_size=page_size
    )
    return page_envelope(items, page, page_size, total)


@blp.post("/requeue")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(RequeueArgs, required=False)
@blp.response(202, BulkRequeuedSchema)
def requeue_dead_letters(args: dict[str, Any]) -> dict[str, int]:
    """Requeue the listed entries, or every open entry the caller sees.

    Only one job per dedupe key can be in the queue: of entries sharing one, the newest
    goes back and the others stay open (`skipped`), as do those whose twin is in flight.
    """
    result = dead_letters.requeue(visible_to=_visible_to(), ids=args.get("ids"))
    return {"requeued": result.requeued, "skipped": result.skipped}


@blp.post("/<uuid:entry_id>/requeue")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(202, RequeuedSchema)
@blp.alt_response(404, description="No such entry")
@blp.alt_response(409, description="The entry was requeued already")
def requeue_dead_letter(entry_id: uuid.UUID) -> dict[str, int]:
    """Requeue one open entry."""
    dead_letters.requeue_one(visible_to=_visible_to(), entry_id=entry_id)
    return {"requeued": 1}


@blp.delete("/<uuid:entry_id>")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
@blp.alt_response(404, description="No such entry")
@blp.alt_response(409, description="The entry was requeued: its job is back in the queue")
def delete_dead_letter(entry_id: uuid.UUID) -> None:
    """Delete an open entry and its failed job for good."""
    dead_letters.delete(visible_to=_visible_to(), entry_id=entry_id)
