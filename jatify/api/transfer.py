"""CSV export of job listings and applications (imports: `api/imports.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from flask import Response, stream_with_context
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from jatify.api.applications import ApplicationFilterArgs
from jatify.api.common import BEARER
from jatify.api.tokens import current_user_id
from jatify.services.transfer import export

blp = Blueprint("transfer", __name__, url_prefix="/api", description="CSV export")


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
