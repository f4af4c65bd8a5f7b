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
