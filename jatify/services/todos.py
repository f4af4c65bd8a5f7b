"""Tasks (follow-ups) of the caller's applications: due at an instant, open or done.

Called `todos` here so they are not mistaken for `jatify/tasks/`, the queue's job
handlers. A soft-deleted application hides its tasks from every list, the agenda and the
calendar feed, and they answer 404 like another user's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, Select, delete, func, select
from sqlalchemy.orm import raiseload

from jatify.errors import NotFound
from jatify.extensions import db
from jatify.models import Application, JobListing, Task
from jatify.services.interviews import require_application


class TaskFilter(StrEnum):
    """Which tasks a list shows."""

    OPEN = "open"
    DONE = "done"
    ALL = "all"


# What a task shows (API.md, plus its job), in the order `api.todos.task_item` unpacks it.
TASK_COLUMNS = (
    Task.id,
    Task.application_id,
    JobListing.id.label("job_id"),
    JobListing.company,
    JobListing.position,
    Task.title,
    Task.notes,
    Task.due_at,
    Task.done,
    Task.done_at,
    Task.created_at,
    Task.updated_at,
)


def live_tasks(user_id: int, *columns: Any) -> Select:
    """The caller's tasks of live applications, with their job listing joined."""
    return (
        select(*(columns or TASK_COLUMNS))
        .join(Application, Application.id == Task.application_id)
        .join(JobListing, JobListing.id == Application.job_id)
        .where(Task.user_id == user_id, Application.deleted_at.is_(None))
    )


def create_task(user_id: int, application_id: int, fields: Mapping[str, Any]) -> int:
    """Add a task to one of the caller's applications; its id."""
    require_application(user_id, application_id)
    task = Task(user_id=user_id, application_id=application_id, **fields)
    db.session.add(task)
    db.session.commit()
    return task.id


def task_page(
    user_id: int,
    *,
    page: int,
    page_size: int,
    status: TaskFilter = TaskFilter.OPEN,
    due_before: datetime | None = None,
    application_id: int | None = None,
) -> tuple[list[Row], int]:
    """One page of the caller's tasks by due time; another user's application matches none."""
    query = live_tasks(user_id)
    if status != TaskFilter.ALL:
        query = query.where(Task.done.is_(status == TaskFilter.DONE))
    if due_before is not None:
        query = query.where(Task.due_at < due_before)
    if application_id is not None:
        query = query.where(Task.application_id == application_id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.execute(
        query.order_by(Task.due_at, Task.id).limit(page_size).offset((page - 1) * page_size)
    ).all()
    return list(rows), total


def get_task(user_id: int, task_id: int) -> Row:
    """One of the caller's tasks (of a live application), or NotFound."""
    row = db.session.execute(live_tasks(user_id).where(Task.id == task_id)).first()
    if row is None:
        raise NotFound(f"Task {task_id} not found")
    return row


def _locked_task(user_id: int, task_id: int) -> Task:
    task = db.session.scalar(
        select(Task)
        .options(raiseload("*"))
        .join(Application, Application.id == Task.application_id)
        .where(Task.id == task_id, Task.user_id == user_id, Application.deleted_at.is_(None))
        .with_for_update(of=Task)
    )
    if task is None:
        raise NotFound(f"Task {task_id} not found")
    return task


def update_task(user_id: int, task_id: int, fields: Mapping[str, Any]) -> None:
    """Change the fields given; `done` stamps `done_at` when it becomes true, clears it when
    false."""
    task = _locked_task(user_id, task_id)
    changes = dict(fields)
    done = changes.pop("done", None)
    if done is not None and done != task.done:
        task.done = done
        task.done_at = func.now() if done else None
    for name, value in changes.items():
        if getattr(task, name) != value:
            setattr(task, name, value)
    db.session.commit()


def delete_task(user_id: int, task_id: int) -> None:
    """Delete a task for good."""
    _locked_task(user_id, task_id)
    db.session.execute(delete(Task).where(Task.id == task_id))
    db.session.commit()
