"""Streaming the caller's records out as RFC 4180 CSV, safe to open in a spreadsheet.

The rows come from a server-side cursor (`yield_per`), so memory stays constant
whatever the number of records; one SELECT runs per export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select

from jatify.extensions import db
from jatify.models import Application, JobListing, Resume, Status
from jatify.services.applications import application_filters
from jatify.services.common import of_user
from jatify.services.transfer.columns import (
    APPLICATION_COLUMNS,
    JOB_COLUMNS,
    TAG_SEPARATOR,
    neutralise,
)

YIELD_ROWS = 500
FLUSH_ROWS = 200
# Lets spreadsheet programs recognise the file as UTF-8; the import skips it.
BOM = "\ufeff"


def applications_query(user_id: int, filters: Mapping[str, Any] | None = None) -> Select:
    """The caller's live applications with their job listing, status and resume by name,
    narrowed by the list's `filters` (q, status_id, job_id, tag, source) when given."""
    return (
        select(
            Application.id,
            JobListing.company,
            JobListing.position,
            Status.name,
            Application.applied_at,
            Application.notes,
            JobListing.url,
            JobListing.location,
            JobListing.salary,
            JobListing.description,
            Resume.name,
            func.array_to_string(Application.tags, TAG_SEPARATOR),
            Application.source,
            Application.created_at,
            Application.updated_at,
        )
        .join(JobListing, JobListing.id == Application.job_id)
        .join(Status, Status.id == Application.status_id)
        .outerjoin(Resume, Resume.id == Application.resume_id)
        .where(*application_filters(user_id, **(filters or {})))
        .order_by(Application.created_at, Application.id)
    )


def jobs_query(user_id: int) -> Select:
    """The caller's live job listings, oldest first."""
    return (
        select(
            JobListing.id,
            JobListing.company,
            JobListing.position,
            JobListing.url,
            JobListing.location,
            JobListing.salary,
            JobListing.description,
            JobListing.created_at,
            JobListing.updated_at,
        )
        .where(*of_user(JobListing, user_id))
        .order_by(JobListing.created_at, JobListing.id)
    )


def application_csv(user_id: int, filters: Mapping[str, Any] | None = None) -> Iterator[str]:
    """The caller's applications (those matching `filters`) as CSV text, in pieces."""
    return csv_chunks(APPLICATION_COLUMNS, stream_rows(applications_query(user_id, filters)))


def job_csv(user_id: int) -> Iterator[str]:
    """The caller's job listings as CSV text, in pieces."""
    return csv_chunks(JOB_COLUMNS, stream_rows(jobs_query(user_id)))


def stream_rows(query: Select) -> Iterator[Sequence[Any]]:
    """Run `query` on a server-side cursor and yield its rows a batch at a time."""
    yield from db.session.execute(query.execution_options(yield_per=YIELD_ROWS))


def cell(value: Any) -> str:
    """One value as CSV text: ISO dates, empty for null, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def csv_chunks(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The header then the rows, CRLF-terminated and minimally quoted (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(columns)
    for count, row in enumerate(rows, start=1):
        writer.writerow([cell(value) for value in row])
        if count % FLUSH_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
