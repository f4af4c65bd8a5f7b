"""Notes: the timestamped log of an application (`/api/applications/<id>/notes`)."""

from __future__ import annotations

import marshmallow as ma
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from jatify.api.common import BEARER, PaginationArgs, StrictSchema, page_schema, paginate
from jatify.api.tokens import current_user_id
from jatify.fields import MAX_ID, MAX_NOTE_BODY, record_id, required_text
from jatify.models import Note
from jatify.services import notes

blp = Blueprint("notes", __name__, url_prefix="/api", description="Notes on applications")

NOTES_PATH = f"/applications/<int(max={MAX_ID}):application_id>/notes"
NOTE_PATH = f"/notes/<int(max={MAX_ID}):note_id>"
BAD_CONTACT = "validation_error: the contact is not the caller's"
BODY_HELP = {"description": "markdown; the web interface renders it without any HTML"}


class NoteUpdateSchema(StrictSchema):
    """What to change in a note; a null `contact_id` unnames it."""

    body = required_text(MAX_NOTE_BODY, metadata=BODY_HELP)
    contact_id = record_id(allow_none=True, metadata={"description": "a contact it names"})


class NoteCreateSchema(NoteUpdateSchema):
    """A new note on an application."""

    body = required_text(MAX_NOTE_BODY, required=True, metadata=BODY_HELP)


class NoteSchema(ma.Schema):
    """A note as the API shows it."""

    id = ma.fields.Integer(required=True)
    application_id = ma.fields.Integer(required=True)
    contact_id = ma.fields.Integer(required=True, allow_none=True)
    body = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


NotePageSchema = page_schema(NoteSchema, "NotePage")


@blp.post(NOTES_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(NoteCreateSchema)
@blp.response(201, NoteSchema)
@blp.alt_response(404, description="not_found: no such application of the caller's")
@blp.alt_response(422, description=BAD_CONTACT)
def create_note(data: dict, application_id: int) -> Note:
    """Add a note to an application, optionally naming one of the caller's contacts."""
    return notes.create_note(current_user_id(), application_id, data)


@blp.get(NOTES_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(PaginationArgs, location="query")
@blp.response(200, NotePageSchema)
@blp.alt_response(404, description="not_found: no such application of the caller's")
def list_notes(args: dict, application_id: int) -> dict:
    """An application's notes, newest first."""
    query = notes.notes_of_application(current_user_id(), application_id)
    return paginate(query, args["page"], args["page_size"])


@blp.route(NOTE_PATH, methods=["PUT", "PATCH"])
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(NoteUpdateSchema)
@blp.response(200, NoteSchema)
@blp.alt_response(404, description="not_found: no such note of the caller's")
@blp.alt_response(422, description=BAD_CONTACT)
def update_note(data: dict, note_id: int) -> Note:
    """Change a note's text or the contact it names (PATCH is an alias)."""
    return notes.update_note(current_user_id(), note_id, data)


@blp.delete(NOTE_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
@blp.alt_response(404, description="not_found: no such note of the caller's")
def delete_note(note_id: int) -> None:
    """Delete a note for good."""
    notes.delete_note(current_user_id(), note_id)
