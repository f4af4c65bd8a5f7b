"""Enqueue a job inside the caller's transaction (web request or worker handler)."""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from flask import current_app, has_app_context

from jatify.config import load_settings
from jatify.queue import sql
from jatify.queue.registry import get_kind

# A dedupe key held by a job that finishes between our INSERT and SELECT is looked up
# again; it cannot keep changing more than a few times in a row.
DEDUPE_ROUNDS = 5


def enqueue(
    session_or_connection: Any,
    kind: str,
    payload: Mapping[str, Any],
    *,
    user_id: int | None = None,
    dedupe_key: str | None = None,
    run_at: datetime | None = None,
    max_attempts: int | None = None,
) -> tuple[uuid.UUID, bool]:
    """Insert a job in a Session's or Connection's transaction: (job id, created); no commit."""
    # With a dedupe key held by a pending or processing job: that job's id and False.
    # Workers are notified when the caller's transaction commits.
    connection = (
        session_or_connection
        if hasattr(session_or_connection, "exec_driver_sql")
        else session_or_connection.connection()
    )

    def execute(statement: str, params: dict[str, Any]) -> Any:
        return connection.exec_driver_sql(statement, params).fetchone()

    params = _params(kind, payload, user_id, dedupe_key, run_at, max_attempts)
    return _insert(execute, params)


def enqueue_psycopg(
    cursor: Any,
    kind: str,
    payload: Mapping[str, Any],
    *,
    user_id: int | None = None,
    dedupe_key: str | None = None,
    run_at: datetime | None = None,
    max_attempts: int | None = None,
) -> tuple[uuid.UUID, bool]:
    """enqueue() on a plain psycopg2 cursor (a handler's ctx.connection.cursor())."""

    def execute(statement: str, params: dict[str, Any]) -> Any:
        cursor.execute(statement, params)
        return cursor.fetchone()

    params = _params(kind, payload, user_id, dedupe_key, run_at, max_attempts)
    return _insert(execute, params)


def _params(
    kind: str,
    payload: Mapping[str, Any],
    user_id: int | None,
    dedupe_key: str | None,
    run_at: datetime | None,
    max_attempts: int | None,
) -> dict[str, Any]:
    """Check the job against its kind and build the statement's parameters."""
    definition = get_kind(kind)
    if not isinstance(payload, Mapping):
        raise TypeError("a job payload is a JSON object (a mapping)")
    definition.validate(payload)
    if dedupe_key is not None and not 0 < len(dedupe_key) <= 200:
        raise ValueError("a dedupe key is 1-200 characters")
    if run_at is not None and run_at.tzinfo is None:
        raise ValueError("run_at must be timezone-aware")
    attempts = max_attempts or definition.max_attempts or default_max_attempts()
    if attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    return {
        "kind": kind,
        "payload": json.dumps(payload),
        "user_id": user_id,
        "dedupe_key": dedupe_key,
        "run_at": run_at,
        "max_attempts": attempts,
    }


def _insert(
    execute: Callable[[str, dict[str, Any]], Any], params: dict[str, Any]
) -> tuple[uuid.UUID, bool]:
    """Insert the job, or find the in-flight job holding its dedupe key."""
    for _ in range(DEDUPE_ROUNDS):
        row = execute(sql.ENQUEUE, params)
        if row is not None:
            return uuid.UUID(str(row[0])), True
        row = execute(sql.IN_FLIGHT_BY_DEDUPE_KEY, params)
        if row is not None:
            return uuid.UUID(str(row[0])), False
    raise RuntimeError(f"dedupe key {params['dedupe_key']!r} kept changing hands")


def default_max_attempts() -> int:
    """QUEUE_MAX_ATTEMPTS of the current app, else of the environment."""
    if has_app_context():
        return current_app.config["QUEUE_MAX_ATTEMPTS"]
    return _environment_max_attempts()


@functools.cache
def _environment_max_attempts() -> int:
    return load_settings()["QUEUE_MAX_ATTEMPTS"]
