"""Small schemas shared by the job listing and application resources."""

from __future__ import annotations

import marshmallow as ma


class JobSummarySchema(ma.Schema):
    """The job listing an application is for (shown even once the listing is deleted)."""

    id = ma.fields.Integer(required=True)
    company = ma.fields.String(required=True)
    position = ma.fields.String(required=True)


class StatusRefSchema(ma.Schema):
    """A status by id and name."""

    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class ResumeRefSchema(ma.Schema):
    """A resume by id and name."""

    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class FollowUpSchema(ma.Schema):
    """By when an answer is expected (services/follow_ups.py says how it is computed)."""

    expected_response_by = ma.fields.Date(
        required=True,
        metadata={
            "description": "the latest status change (else the applied date) plus `days`, "
            "in the account's time zone"
        },
    )
    overdue = ma.fields.Boolean(required=True, metadata={"description": "today is later"})
    basis = ma.fields.String(
        required=True,
        metadata={
            "enum": ["company", "history", "default"],
            "description": "company: median wait at this company (3+ earlier answers); "
            "history: median over all applications (5+); default: 14 days",
        },
    )
    days = ma.fields.Integer(required=True, metadata={"description": "the expected wait"})
