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
from jatify.services import imports


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


def run_queued_import(client: FlaskClient, response: Any) -> None:
    """Run the import job a 202 answer queued, in this process, as a worker would."""
    assert response.status_code == 202, response.get_json()
    with client.application.app_context():
        imports.run_import(response.get_json()["id"])


def imported(client: FlaskClient, headers: dict[str, str], data: bytes) -> dict[str, Any]:
    """The finished import of `data`: queued (202), run, then read at its Location."""
    response = upload(client, headers, data)
    run_queued_import(client, response)
    finished = client.get(response.headers["Location"], headers=headers)
    assert finished.status_code == 200
    assert finished.get_json()["status"] == "done"
    return finished.get_json()


def count(app: Flask, model: type, user_id: int) -> int:
    """Rows of `model` (with a user_id) that belong to the user."""
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(model).where(model.user_id == user_id)
        )
