"""Capturing job postings: a link, a page's HTML or pasted text becomes a job listing on
the queue (`POST /api/jobs/capture`, `GET /api/captures/<uuid>`), and the snapshots of
each posting's text (`/api/jobs/<id>/snapshots`)."""

from __future__ import annotations

import uuid
from typing import Any

import marshmallow as ma
from flask import url_for
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint
from marshmallow import validate

from jatify.api.common import BEARER, PaginationArgs, StrictSchema, page_schema, paginate
from jatify.api.jobs import JobSchema
from jatify.api.tokens import current_user_id
from jatify.api.usage import QUOTA_EXCEEDED_DOC
from jatify.capture import MAX_PAGE_BYTES
from jatify.fields import MAX_DESCRIPTION, MAX_ID, MAX_URL, HttpUrl, Text
from jatify.models import Capture, PostingSnapshot
from jatify.services import captures, postings
from jatify.vocabulary import CaptureError, CaptureMethod, CaptureState

blp = Blueprint(
    "captures", __name__, url_prefix="/api", description="Capturing job postings from the web"
)

JOB_PATH = f"/jobs/<int(max={MAX_ID}):job_id>"
JOB_NOT_FOUND = "not_found: no such job listing of the caller's"


class CaptureRequestSchema(StrictSchema):
    """A posting to capture: its link, or its page's HTML (and link), or its text."""

    url = HttpUrl(MAX_URL, metadata={"description": "the posting's address; fetched on the queue"})
    html = Text(
        validate=validate.Length(min=1, max=MAX_PAGE_BYTES),
        metadata={"description": "the posting page's HTML, read instead of fetching `url`"},
    )
    text = Text(
        validate=validate.Length(min=1, max=MAX_DESCRIPTION),
        metadata={"description": "the posting's text, pasted; not with `url` or `html`"},
    )

    @ma.validates_schema
    def one_source(self, data: dict[str, Any], **_kwargs: Any) -> None:
        """`url`, `html` (optionally with `url`) or `text`: exactly one posting."""
        if data.get("text") is not None and (data.get("url") or data.get("html") is not None):
            raise ma.ValidationError("Send the text alone, without url or html.", "text")
        if not (data.get("url") or data.get("html") or data.get("text")):
            raise ma.ValidationError("Send the posting's url, its page's html, or its text.")


class CaptureSchema(ma.Schema):
    """A capture: pending until the queue has read the posting, then done or failed."""

    id = ma.fields.UUID(required=True)
    status = ma.fields.String(required=True, metadata={"enum": list(CaptureState)})
    error = ma.fields.String(
        allow_none=True,
        metadata={
            "enum": [*CaptureError, None],
            "description": "why it failed; while pending, why the last attempt failed",
        },
    )
    method = ma.fields.String(
        allow_none=True,
        metadata={
            "enum": [*CaptureMethod, None],
            "description": "where the fields came from, once done",
        },
    )
    job = ma.fields.Nested(
        JobSchema,
        allow_none=True,
        attribute="live_job",
        metadata={"description": "the listing made or refreshed, once done"},
    )
    created_at = ma.fields.DateTime(required=True)
    finished_at = ma.fields.DateTime(allow_none=True)


class SnapshotSchema(ma.Schema):
    """One fetch of a posting whose text differed from the one before."""

    id = ma.fields.Integer(required=True)
    fetched_at = ma.fields.DateTime(required=True)
    http_status = ma.fields.Integer(
        allow_none=True, metadata={"description": "null for pasted HTML or text"}
    )
    text_sha256 = ma.fields.String(required=True)
    changed = ma.fields.Boolean(
        required=True, metadata={"description": "an earlier snapshot had another text"}
    )


class SnapshotDetailSchema(SnapshotSchema):
    """A snapshot with the posting's text as it was then."""

    text = ma.fields.String(required=True)


SnapshotPageSchema = page_schema(SnapshotSchema, "SnapshotPage")


@blp.post("/jobs/capture")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(CaptureRequestSchema)
@blp.response(
    202,
    CaptureSchema,
    description="The capture, pending: fetching and parsing run on the queue",
    headers={"Location": {"description": "URL of the capture", "schema": {"type": "string"}}},
)
@blp.alt_response(429, **QUOTA_EXCEEDED_DOC)
def capture_job(data: dict[str, Any]) -> tuple[Capture, int, dict[str, str]]:
    """Make a job listing of a posting: from its link, its page's HTML or its text.

    A link is fetched on the queue (at most 5 redirects and 2 MB, public addresses only)
    and read in order of trust: schema.org JobPosting in JSON-LD, microdata, OpenGraph,
    then the page's readable text. A posting captured before (same canonical URL, without
    tracking parameters) refreshes its listing instead of making another.
    """
    capture = captures.request_capture(
        current_user_id(), url=data.get("url"), html=data.get("html"), text=data.get("text")
    )
    location = url_for("captures.get_capture", capture_id=capture.id)
    return capture, 202, {"Location": location}


@blp.get("/captures/<uuid:capture_id>")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, CaptureSchema)
@blp.alt_response(404, description="not_found: no such capture of the caller's")
def get_capture(capture_id: uuid.UUID) -> Capture:
    """One capture: poll it until it is done (with its job listing) or failed."""
    return captures.get_capture(current_user_id(), capture_id)


@blp.get(f"{JOB_PATH}/snapshots")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(PaginationArgs, location="query")
@blp.response(200, SnapshotPageSchema)
@blp.alt_response(404, description=JOB_NOT_FOUND)
def list_snapshots(args: dict[str, Any], job_id: int) -> dict[str, Any]:
    """The snapshots of a listing's posting, newest first."""
    query = postings.snapshots_query(current_user_id(), job_id)
    return paginate(query, args["page"], args["page_size"])


@blp.get(f"{JOB_PATH}/snapshots/<int(max={MAX_ID}):snapshot_id>")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, SnapshotDetailSchema)
@blp.alt_response(404, description="not_found: no such snapshot of the caller's listing")
def get_snapshot(job_id: int, snapshot_id: int) -> PostingSnapshot:
    """One snapshot with the posting's text as it was when fetched."""
    return postings.get_snapshot(current_user_id(), job_id, snapshot_id)
