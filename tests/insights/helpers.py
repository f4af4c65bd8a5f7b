"""Helpers of the insights tests: CSV bodies, multipart uploads, row counts, dates."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from jatify.extensions import db


def read_csv(body: bytes) -> list[dict[str, str]]:
    """A CSV answer (UTF-8 with BOM) as a list of rows keyed by header."""
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    """Rows written as CSV in `encoding`."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(
    client: FlaskClient, headers: dict[str, str], data: bytes, name: str = "apps.csv"
) -> Any:
    """POST `data` as the `file` part of a multipart import."""
    return client.post(
        "/api/applications/import",
        data={"file": (io.BytesIO(data), name, "text/csv")},
        headers=headers,
        content_type="multipart/form-data",
    )


def days_ago(days: int) -> date:
    """Today (UTC) minus `days`."""
    return datetime.now(UTC).date() - timedelta(days=days)


HEADER = ["company", "position", "status", "applied_at", "notes", "job_url"]


def imported(client: FlaskClient, headers: dict[str, str], data: bytes) -> dict[str, Any]:
    """The import report of `data` (asserting 200)."""
    response = upload(client, headers, data)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def count(app: Flask, model: type, user_id: int) -> int:
    """Rows of `model` (with a user_id) that belong to the user."""
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(model).where(model.user_id == user_id)
        )
