"""Helpers for the queue tests: short-lived queries and polling."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import psycopg2
import psycopg2.extras
import pytest


def query(dsn: str, statement: str, params: Any = None) -> list[dict[str, Any]]:
    """Run one statement on a short-lived connection and return its rows as dicts."""
    connection = psycopg2.connect(dsn, cursor_factory=psycopg2.extras.RealDictCursor)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(statement, params)
            return [dict(row) for row in cursor.fetchall()] if cursor.description else []
    finally:
        connection.close()


def wait_until(predicate: Callable[[], Any], timeout: float, interval: float = 0.05) -> Any:
    """Poll `predicate` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(interval)
