"""CSV imports of applications: upload a file, then follow its import on the queue."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any

import marshmallow as ma
from flask import current_app, request, url_for
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from werkzeug.datastructures import FileStorage

from jatify.api.common import BEARER, StrictSchema
from jatify.api.tokens import current_user_id
from jatify.models import ImportRun
from jatify.services import imports
from jatify.services.transfer import importer
from jatify.services.transfer.columns import IMPORT_ALIASES, REQUIRED_FIELDS
from jatify.vocabulary import ImportState

blp = Blueprint("imports", __name__, url_prefix="/api", description="CSV import of applications")


def import_upload_limit(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let this route's body be as large as IMPORT_MAX_BYTES (instead of MAX_UPLOAD_BYTES)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]
        return view(*args, **kwargs)

    return wrapper


class CsvFileField(Upload):
    """A multipart file part (a plain form value is refused)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> FileStorage:
        if not isinstance(value, FileStorage):
            raise ma.ValidationError("Send the CSV as a file part.")
        return value


def _columns_help() -> str:
    names = "; ".join(f"{field}: {', '.join(aliases)}" for field, aliases in IMPORT_ALIASES.items())
    return (
        f"UTF-8 CSV whose first line names the columns. Required: {', '.join(REQUIRED_FIELDS)}. "
        f"Accepted header names (case, spaces, _ and - ignored): {names}. Other columns "
        "are ignored."
    )


class ImportFileSchema(StrictSchema):
    """The CSV file to import."""

    file = CsvFileField(required=True, metadata={"description": _columns_help()})


class RowErrorSchema(ma.Schema):
    """A row that was not imported; rows are numbered as a spreadsheet shows them."""

    row = ma.fields.Integer(required=True, metadata={"description": "the header is row 1"})
    message = ma.fields.String(required=True)


class ImportSchema(ma.Schema):
    """An import and how far it got."""

    id = ma.fields.UUID(required=True)
    status = ma.fields.String(required=True, metadata={"enum": list(ImportState)})
    filename = ma.fields.String(required=True)
    rows_total = ma.fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "non-blank data rows; null until counted"},
    )
    rows_done = ma.fields.Integer(required=True, metadata={"description": "rows read so far"})
    created = ma.fields.Integer(required=True, metadata={"description": "applications created"})
    skipped = ma.fields.Integer(
        required=True,
        metadata={
            "description": "rows skipped because a live application of the caller has the "
            "same job listing, applied date, status and notes"
        },
    )
    failed = ma.fields.Integer(required=True, metadata={"description": "rows not imported"})
    errors = ma.fields.List(
        ma.fields.Nested(RowErrorSchema),
        required=True,
        metadata={"description": f"the first {importer.MAX_LISTED_FAILURES} rows not imported"},
    )
    jobs_created = ma.fields.Integer(
        required=True,
        metadata={
            "description": "job listings created; a live listing of the caller with the "
            "same company, position and URL is reused"
        },
    )
    ignored_columns = ma.fields.List(ma.fields.String(), required=True)
    error = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "why a failed import failed"}
    )
    created_at = ma.fields.DateTime(required=True)
    finished_at = ma.fields.DateTime(required=True, allow_none=True)


@blp.post("/applications/import")
@jwt_required()
@import_upload_limit
@blp.doc(security=BEARER)
@blp.arguments(ImportFileSchema, location="files")
@blp.response(
    202,
    ImportSchema,
    description="The import, queued; follow it at its Location",
    headers={"Location": {"description": "URL of the import", "schema": {"type": "string"}}},
)
@blp.alt_response(409, description="conflict: another import of the caller's is still running")
@blp.alt_response(413, description="file_too_large: the body is over IMPORT_MAX_BYTES")
@blp.alt_response(
    422, description="validation_error: not UTF-8, no header, or required columns missing"
)
def import_applications(files: dict) -> tuple[ImportRun, int, dict[str, str]]:
    """Store a CSV of applications and import it on the queue, in chunks of 1,000 rows."""
    upload: FileStorage = files["file"]
    run = imports.start_import(current_user_id(), upload.read(), upload.filename or "import.csv")
    return run, 202, {"Location": url_for("imports.get_import", import_id=run.id)}


@blp.get("/imports/<uuid:import_id>")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, ImportSchema)
@blp.alt_response(404, description="not_found: no such import of the caller's")
def get_import(import_id: uuid.UUID) -> ImportRun:
    """An import: its status and counters, committed with each chunk of rows."""
    return imports.get_import(current_user_id(), import_id)
