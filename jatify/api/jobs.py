"""Job listings: the jobs a user targets (`/api/jobs`)."""

from __future__ import annotations

import marshmallow as ma
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from jatify.api.common import (
    BEARER,
    PaginationArgs,
    StrictSchema,
    page_schema,
    paginate,
    sort_field,
)
from jatify.api.tokens import current_user_id
from jatify.fields import (
    MAX_DESCRIPTION,
    MAX_NAME,
    MAX_URL,
    HttpUrl,
    OptionalText,
    required_text,
    search_text,
)
from jatify.models import JobListing
from jatify.services import jobs
from jatify.vocabulary import PostingStatus

blp = Blueprint("jobs", __name__, url_prefix="/api/jobs", description="Job listings")


class JobUpdateSchema(StrictSchema):
    """Fields of a job listing to change; null clears an optional one."""

    company = required_text(MAX_NAME)
    position = required_text(MAX_NAME)
    description = required_text(MAX_DESCRIPTION)
    url = HttpUrl(MAX_URL, metadata={"description": "http(s) address of the posting"})
    location = OptionalText(MAX_NAME)
    salary = OptionalText(MAX_NAME, metadata={"description": "free text, e.g. '€60k-70k'"})


class JobCreateSchema(JobUpdateSchema):
    """A new job listing."""

    company = required_text(MAX_NAME, required=True)
    position = required_text(MAX_NAME, required=True)
    description = required_text(MAX_DESCRIPTION, required=True)


class JobSchema(ma.Schema):
    """A job listing as the API shows it."""

    id = ma.fields.Integer(required=True)
    company = ma.fields.String(required=True)
    position = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    url = ma.fields.String(allow_none=True)
    location = ma.fields.String(allow_none=True)
    salary = ma.fields.String(allow_none=True)
    posted_at = ma.fields.Date(allow_none=True, metadata={"description": "from the posting"})
    valid_through = ma.fields.Date(
        allow_none=True, metadata={"description": "the posting's last day, when it says"}
    )
    employment_type = ma.fields.String(
        allow_none=True, metadata={"description": "schema.org codes, e.g. 'FULL_TIME'"}
    )
    posting_status = ma.fields.String(
        required=True,
        metadata={
            "enum": list(PostingStatus),
            "description": "open or closed for captured postings (watched daily), else unknown",
        },
    )
    posting_checked_at = ma.fields.DateTime(
        allow_none=True, metadata={"description": "when the posting was last fetched"}
    )
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


class JobListArgs(PaginationArgs):
    """Paging, search and sort of the job listings."""

    q = search_text()
    sort = sort_field(("created_at", "company", "updated_at"), "-created_at")


JobPageSchema = page_schema(JobSchema, "JobPage")


@blp.post("")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(JobCreateSchema)
@blp.response(201, JobSchema)
def create_job(data: dict) -> JobListing:
    """Save a job listing."""
    return jobs.create_job(current_user_id(), data)


@blp.get("")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(JobListArgs, location="query")
@blp.response(200, JobPageSchema)
def list_jobs(args: dict) -> dict:
    """The caller's job listings, newest first unless `sort` says otherwise."""
    query = jobs.job_query(current_user_id(), args.get("q"), args["sort"])
    return paginate(query, args["page"], args["page_size"])


@blp.get("/<int:job_id>")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, JobSchema)
@blp.alt_response(404, description="not_found: no such job listing of the caller's")
def get_job(job_id: int) -> JobListing:
    """One job listing."""
    return jobs.get_job(current_user_id(), job_id)


@blp.route("/<int:job_id>", methods=["PUT", "PATCH"])
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(JobUpdateSchema)
@blp.response(200, JobSchema)
@blp.alt_response(404, description="not_found: no such job listing of the caller's")
def update_job(data: dict, job_id: int) -> JobListing:
    """Change some fields of a job listing (PATCH is an alias); `{}` changes nothing."""
    return jobs.update_job(current_user_id(), job_id, data)


@blp.delete("/<int:job_id>")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
@blp.alt_response(404, description="not_found: no such job listing of the caller's")
def delete_job(job_id: int) -> None:
    """Soft-delete a job listing: gone from lists, still shown by its applications."""
    jobs.delete_job(current_user_id(), job_id)
