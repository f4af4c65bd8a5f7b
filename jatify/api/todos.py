"""Tasks (follow-ups) of applications (`/api/applications/<id>/tasks`, `/api/tasks`).

Named `todos` so they are not mistaken for `jatify/tasks/`, the queue's job handlers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC
from typing import Any

import marshmallow as ma
from flask import Response, jsonify
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint
from marshmallow import validate
from sqlalchemy import Row

from jatify.api.common import (
    BEARER,
    PaginationArgs,
    StrictSchema,
    page_envelope,
    page_schema,
    require_body,
)
from jatify.api.tokens import current_user_id
from jatify.api.tracker_schemas import JobSummarySchema
from jatify.fields import (
    MAX_NAME,
    MAX_NOTES,
    Instant,
    OptionalText,
    StrictBoolean,
    record_id,
    required_text,
)
from jatify.services import todos

blp = Blueprint("tasks", __name__, url_prefix="/api", description="Tasks (follow-ups)")

TASK_PATH = "/tasks/<int:task_id>"
OFFSET_AFTER_SPACE = re.compile(r" (\d\d:?\d\d)$")
NOT_FOUND = "not_found: no such task of the caller's (or its application was deleted)"


class TaskUpdateSchema(StrictSchema):
    """Fields of a task to change; `done` marks it done (or open again)."""

    title = required_text(MAX_NAME)
    due_at = Instant(metadata={"description": "when it is due, with its UTC offset"})
    notes = OptionalText(MAX_NOTES)
    done = StrictBoolean(metadata={"description": "true stamps done_at; false clears it"})


class TaskCreateSchema(StrictSchema):
    """A new task: what to do and by when."""

    title = required_text(MAX_NAME, required=True)
    due_at = Instant(required=True, metadata={"description": "when it is due"})
    notes = OptionalText(MAX_NOTES)


class TaskSchema(ma.Schema):
    """A task (what `task_item` builds); times are in UTC."""

    id = ma.fields.Integer(required=True)
    application_id = ma.fields.Integer(required=True)
    job = ma.fields.Nested(JobSummarySchema, required=True)
    title = ma.fields.String(required=True)
    notes = ma.fields.String(required=True, allow_none=True)
    due_at = ma.fields.DateTime(required=True)
    done = ma.fields.Boolean(required=True)
    done_at = ma.fields.DateTime(required=True, allow_none=True)
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


class TaskListArgs(PaginationArgs):
    """Which tasks: open (default), done or all; due before an instant; of one application."""

    status = ma.fields.String(
        load_default=todos.TaskFilter.OPEN.value,
        validate=validate.OneOf(list(todos.TaskFilter)),
    )
    due_before = Instant(
        metadata={"description": "only tasks due before this instant (percent-encode a +)"}
    )
    application_id = record_id(strict=False)

    @ma.pre_load
    def restore_plus(self, data: Any, **_kwargs: Any) -> Any:
        """A `+01:00` offset whose `+` a query string turned into a space."""
        value = data.get("due_before") if isinstance(data, Mapping) else None
        if isinstance(value, str) and OFFSET_AFTER_SPACE.search(value):
            data = {**data, "due_before": OFFSET_AFTER_SPACE.sub(r"+\1", value)}
        return data


TaskPageSchema = page_schema(TaskSchema, "TaskPage")


def task_item(row: Row) -> dict[str, Any]:
    """A task as `TaskSchema` documents it, from a `TASK_COLUMNS` row."""
    (id_, application_id, job_id, company, position, title, notes, due_at, done, done_at,
     created_at, updated_at) = row  # fmt: skip
    return {
        "id": id_,
        "application_id": application_id,
        "job": {"id": job_id, "company": company, "position": position},
        "title": title,
        "notes": notes,
        "due_at": due_at.astimezone(UTC).isoformat(),
        "done": done,
        "done_at": None if done_at is None else done_at.astimezone(UTC).isoformat(),
        "created_at": created_at.isoformat(),
        "updated_at": updated_at.isoformat(),
    }


def _one(user_id: int, task_id: int, status: int = 200) -> Response:
    response = jsonify(task_item(todos.get_task(user_id, task_id)))
    response.status_code = status
    return response


@blp.post("/applications/<int:application_id>/tasks")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(TaskCreateSchema)
@blp.response(201, TaskSchema)
@blp.alt_response(404, description="not_found: no such application of the caller's")
def create_task(data: dict, application_id: int) -> Response:
    """Add a follow-up task to an application; a due time without a UTC offset is refused."""
    user_id = current_user_id()
    return _one(user_id, todos.create_task(user_id, application_id, data), 201)


@blp.get("/tasks")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(TaskListArgs, location="query")
@blp.response(200, TaskPageSchema)
def list_tasks(args: dict) -> Response:
    """The caller's tasks across applications, soonest due first."""
    rows, total = todos.task_page(
        current_user_id(),
        page=args["page"],
        page_size=args["page_size"],
        status=todos.TaskFilter(args["status"]),
        due_before=args.get("due_before"),
        application_id=args.get("application_id"),
    )
    items = [task_item(row) for row in rows]
    return jsonify(page_envelope(items, args["page"], args["page_size"], total))


@blp.get(TASK_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, TaskSchema)
@blp.alt_response(404, description=NOT_FOUND)
def get_task(task_id: int) -> Response:
    """One task."""
    return _one(current_user_id(), task_id)


@blp.route(TASK_PATH, methods=["PUT", "PATCH"])
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(TaskUpdateSchema)
@blp.response(200, TaskSchema)
@blp.alt_response(404, description=NOT_FOUND)
def update_task(data: dict, task_id: int) -> Response:
    """Change some fields (PATCH is an alias), or mark the task done or open."""
    require_body()
    user_id = current_user_id()
    todos.update_task(user_id, task_id, data)
    return _one(user_id, task_id)


@blp.delete(TASK_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
@blp.alt_response(404, description=NOT_FOUND)
def delete_task(task_id: int) -> None:
    """Delete a task for good."""
    todos.delete_task(current_user_id(), task_id)
