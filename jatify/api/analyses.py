"""Analyses of a resume against a job listing: ask for one, then read it when done."""

from __future__ import annotations

import uuid
from typing import Any

import marshmallow as ma
from flask import url_for
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from jatify.api.common import BEARER, PaginationArgs, StrictSchema, page_schema, paginate
from jatify.api.resumes import RESUME_PATH
from jatify.api.tokens import current_user_id
from jatify.api.usage import QUOTA_EXCEEDED_DOC
from jatify.fields import MAX_ID, record_id
from jatify.models import Analysis
from jatify.services import analyses
from jatify.vocabulary import AnalysisState

blp = Blueprint(
    "analyses", __name__, url_prefix="/api", description="Resume analyses against job listings"
)


class AnalyzeRequestSchema(StrictSchema):
    """The job listing to analyze the resume against."""

    job_id = record_id(required=True)


class AnalysisResultSchema(ma.Schema):
    """What a finished analysis found."""

    score = ma.fields.Integer(required=True, metadata={"minimum": 0, "maximum": 100})
    summary = ma.fields.String(required=True)
    matched_keywords = ma.fields.List(ma.fields.String(), required=True)
    missing_keywords = ma.fields.List(ma.fields.String(), required=True)
    strengths = ma.fields.List(ma.fields.String(), required=True)
    weaknesses = ma.fields.List(ma.fields.String(), required=True)
    suggestions = ma.fields.List(ma.fields.String(), required=True)


class AnalysisUsageSchema(ma.Schema):
    """What the model endpoint reported for one analysis."""

    prompt_tokens = ma.fields.Integer(allow_none=True)
    completion_tokens = ma.fields.Integer(allow_none=True)
    cost_usd = ma.fields.Float(
        allow_none=True, metadata={"description": "US dollars; only endpoints that price replies"}
    )


class UsageField(ma.fields.Nested):
    """An analysis' usage columns as one object; None when the model reported nothing."""

    def get_value(self, obj: Any, attr: str, accessor: Any = None, default: Any = None) -> Any:
        """The object of `obj`'s usage columns, or None."""
        values = {name: getattr(obj, name) for name in AnalysisUsageSchema().fields}
        return None if all(value is None for value in values.values()) else values


class AnalysisSchema(ma.Schema):
    """An analysis: `result` once done, `error` (a sentence) once failed."""

    id = ma.fields.UUID(required=True)
    resume_id = ma.fields.Integer(required=True)
    job_id = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, metadata={"enum": list(AnalysisState)})
    result = ma.fields.Nested(AnalysisResultSchema, allow_none=True)
    error = ma.fields.String(allow_none=True)
    provider = ma.fields.String(allow_none=True)
    model = ma.fields.String(allow_none=True)
    usage = UsageField(
        AnalysisUsageSchema,
        required=True,
        allow_none=True,
        metadata={"description": "the model endpoint's reported usage; null from the builtin"},
    )
    created_at = ma.fields.DateTime(required=True)
    finished_at = ma.fields.DateTime(allow_none=True)


AnalysisPageSchema = page_schema(AnalysisSchema, "AnalysisPage")
RESUME_NOT_FOUND = "not_found: no such resume of the caller's"


@blp.post(f"/resumes{RESUME_PATH}/analyze")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(AnalyzeRequestSchema)
@blp.response(
    202,
    AnalysisSchema,
    description="The analysis in flight (a new one, or the one already pending)",
    headers={"Location": {"description": "URL of the analysis", "schema": {"type": "string"}}},
)
@blp.alt_response(404, description=RESUME_NOT_FOUND)
@blp.alt_response(422, description="validation_error: the job listing is not the caller's")
@blp.alt_response(429, **QUOTA_EXCEEDED_DOC)
def analyze_resume(data: dict, resume_id: int) -> tuple[Analysis, int, dict[str, str]]:
    """Analyze a resume against one of the caller's job listings, on the queue."""
    analysis = analyses.request_analysis(current_user_id(), resume_id, data["job_id"])
    location = url_for("analyses.get_analysis", analysis_id=analysis.id)
    return analysis, 202, {"Location": location}


@blp.get(f"/resumes{RESUME_PATH}/analysis/<int(max={MAX_ID}):job_id>")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, AnalysisSchema)
@blp.alt_response(404, description="not_found: no analysis of that resume against that job")
def get_newest_analysis(resume_id: int, job_id: int) -> Analysis:
    """The newest analysis of a resume against a job listing."""
    return analyses.newest_analysis(current_user_id(), resume_id, job_id)


@blp.get(f"/resumes{RESUME_PATH}/analyses")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(PaginationArgs, location="query")
@blp.response(200, AnalysisPageSchema)
@blp.alt_response(404, description=RESUME_NOT_FOUND)
def list_analyses(args: dict, resume_id: int) -> dict:
    """A resume's analyses, newest first."""
    query = analyses.analyses_of_resume(current_user_id(), resume_id)
    return paginate(query, args["page"], args["page_size"])


@blp.get("/analyses/<uuid:analysis_id>")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, AnalysisSchema)
@blp.alt_response(404, description="not_found: no such analysis of the caller's")
def get_analysis(analysis_id: uuid.UUID) -> Analysis:
    """One analysis."""
    return analyses.get_analysis(current_user_id(), analysis_id)
