"""CSV export of job listings and applications, and CSV import of applications."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from flask import Response, current_app, request, stream_with_context
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from werkzeug.datastructures import FileStorage

from jatify.api.applications import ApplicationFilterArgs
from jatify.api.common import BEARER, StrictSchema
from jatify.api.tokens import current_user_id
from jatify.services.transfer import export, importer
from jatify.services.transfer.columns import IMPORT_ALIASES, REQUIRED_FIELDS

blp = Blueprint("transfer", __name__, url_prefix="/api", description="CSV export and import")


def csv_download_doc(what: str) -> dict[str, Any]:
    """OpenAPI description of a CSV attachment answer."""
    return {
        "responses": {
            "200": {
                "description": f"Every live {what} of the caller as RFC 4180 CSV (UTF-8 with "
                "a byte order mark), streamed as an attachment. Cells a spreadsheet would run "
                "as a formula (starting with = + - @, tab or CR) are prefixed with a quote.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    }


def csv_attachment(chunks: Iterator[str], name: str) -> Response:
    """Stream `chunks` as a CSV attachment named after `name` and today's date."""
    filename = f"{name}-{datetime.now(UTC):%Y-%m-%d}.csv"
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


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


class RowFailureSchema(ma.Schema):
    """A row that was not imported; rows are numbered as a spreadsheet shows them."""

    row = ma.fields.Integer(required=True, metadata={"description": "the header is row 1"})
    error = ma.fields.String(required=True)


class ImportReportSchema(ma.Schema):
    """What the import did."""

    rows_read = ma.fields.Integer(required=True, metadata={"description": "non-blank data rows"})
    created = ma.fields.Integer(required=True, metadata={"description": "applications created"})
    duplicates = ma.fields.Integer(
        required=True,
        metadata={
            "description": "rows skipped because a live application of the caller has the "
            "same job listing, applied date, status and notes"
        },
    )
    failed = ma.fields.Integer(required=True, metadata={"description": "rows not imported"})
    failures = ma.fields.List(
        ma.fields.Nested(RowFailureSchema),
        required=True,
        metadata={"description": f"the first {importer.MAX_LISTED_FAILURES} failed rows"},
    )
    failures_truncated = ma.fields.Boolean(
        required=True, metadata={"description": "more rows failed than `failures` lists"}
    )
    jobs_created = ma.fields.Integer(
        required=True,
        metadata={
            "description": "job listings created; a live listing of the caller with the "
            "same company, position and URL is reused"
        },
    )
    ignored_columns = ma.fields.List(ma.fields.String(), required=True)


@blp.get("/applications/export.csv")
@jwt_required()
@blp.doc(security=BEARER, **csv_download_doc("application"))
@blp.arguments(ApplicationFilterArgs, location="query")
def export_applications(args: dict) -> Response:
    """Download the applications the list's filters select (every one without filters), with
    their job listing and status, as CSV."""
    return csv_attachment(export.application_csv(current_user_id(), args), "applications")


@blp.get("/jobs/export.csv")
@jwt_required()
@blp.doc(security=BEARER, **csv_download_doc("job listing"))
def export_jobs() -> Response:
    """Download every job listing, as CSV."""
    return csv_attachment(export.job_csv(current_user_id()), "jobs")


@blp.post("/applications/import")
@jwt_required()
@import_upload_limit
@blp.doc(security=BEARER)
@blp.arguments(ImportFileSchema, location="files")
@blp.response(200, ImportReportSchema)
@blp.alt_response(413, description="file_too_large: the body is over IMPORT_MAX_BYTES")
@blp.alt_response(
    422, description="validation_error: not UTF-8, no header, or required columns missing"
)
def import_applications(files: dict) -> importer.ImportReport:
    """Import applications from CSV in chunks of 1,000 rows, each committed on its own."""
    upload: FileStorage = files["file"]
    return importer.import_applications(current_user_id(), upload.stream)
