"""What to do now (`/api/agenda`) and how long employers take to answer
(`/api/applications/waits`, the dashboard's per company and per source figures)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Response, jsonify
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint
from marshmallow import validate

from jatify.api.applications import ApplicationSchema, application_item
from jatify.api.common import BEARER, StrictSchema
from jatify.api.interviews import InterviewSchema, interview_item
from jatify.api.todos import TaskSchema, task_item
from jatify.api.tokens import current_user_id
from jatify.services import agenda, waits

blp = Blueprint("agenda", __name__, url_prefix="/api", description="Agenda and follow-ups")

LIMIT_NOTE = f"at most {agenda.AGENDA_LIMIT}, the soonest first"


class AgendaArgs(StrictSchema):
    """How many days the agenda covers, today included."""

    days = ma.fields.Integer(
        load_default=14,
        validate=validate.Range(min=1, max=90),
        metadata={"description": "1-90 days from today (in the account's time zone)"},
    )


class AgendaSchema(ma.Schema):
    """Interviews and open tasks of the coming days, what is overdue, and who to chase."""

    from_ = ma.fields.Date(
        required=True, data_key="from", metadata={"description": "today, in the account's zone"}
    )
    to = ma.fields.Date(required=True, metadata={"description": "the last day, inclusive"})
    interviews = ma.fields.List(
        ma.fields.Nested(InterviewSchema),
        required=True,
        metadata={"description": f"in the window, cancelled ones left out; {LIMIT_NOTE}"},
    )
    tasks = ma.fields.List(
        ma.fields.Nested(TaskSchema),
        required=True,
        metadata={"description": f"open, due from now to the end of the window; {LIMIT_NOTE}"},
    )
    overdue_tasks = ma.fields.List(
        ma.fields.Nested(TaskSchema),
        required=True,
        metadata={"description": f"open and past due; at most {agenda.AGENDA_LIMIT}, oldest first"},
    )
    follow_ups = ma.fields.List(
        ma.fields.Nested(ApplicationSchema),
        required=True,
        metadata={
            "description": "applications whose follow-up is overdue; at most "
            f"{agenda.AGENDA_LIMIT}, the longest overdue first"
        },
    )


class WaitGroupSchema(ma.Schema):
    """One company's or source's answers."""

    applications = ma.fields.Integer(required=True)
    sent = ma.fields.Integer(required=True)
    responded = ma.fields.Integer(required=True)
    response_rate = ma.fields.Float(
        required=True, allow_none=True, metadata={"description": "responded / sent, 0-1"}
    )
    median_wait_days = ma.fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "median days from applying to the first change"},
    )
    waits = ma.fields.Integer(required=True, metadata={"description": "changes it is over"})


class CompanyWaitSchema(WaitGroupSchema):
    """One company (compared without case)."""

    company = ma.fields.String(required=True)


class SourceWaitSchema(WaitGroupSchema):
    """One source; null groups the applications without one."""

    source = ma.fields.String(required=True, allow_none=True)


class WaitsSchema(ma.Schema):
    """Per company and per source, the most applications first (50 of each at most)."""

    by_company = ma.fields.List(ma.fields.Nested(CompanyWaitSchema), required=True)
    by_source = ma.fields.List(ma.fields.Nested(SourceWaitSchema), required=True)


@blp.get("/agenda")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(AgendaArgs, location="query")
@blp.response(200, AgendaSchema)
def get_agenda(args: dict) -> Response:
    """What now: interviews and tasks of the next `days` days, overdue tasks and follow-ups."""
    found = agenda.agenda(current_user_id(), args["days"])
    return jsonify(
        {
            "from": found.start.isoformat(),
            "to": found.end.isoformat(),
            "interviews": [interview_item(row) for row in found.interviews],
            "tasks": [task_item(row) for row in found.tasks],
            "overdue_tasks": [task_item(row) for row in found.overdue_tasks],
            "follow_ups": [application_item(row) for row in found.follow_ups],
        }
    )


@blp.get("/applications/waits")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, WaitsSchema)
def get_waits() -> dict[str, Any]:
    """Response rate and median wait per company and per source (the follow-up clock's data)."""
    return waits.wait_stats(current_user_id())
