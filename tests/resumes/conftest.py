"""Resume fixtures: real documents built on the fly, uploads through the API, DB reads."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import docx
import psycopg2
import pytest
from flask import Flask
from flask.testing import FlaskClient
from fpdf import FPDF
from werkzeug.test import TestResponse

from jatify.extensions import db
from jatify.models import Application, JobListing, Resume
from jatify.queue import JobContext
from tests.builders import scanned_pdf

RESUME_LINES = (
    "Jane Doe - Senior Backend Engineer",
    "Eight years of Python, Flask and PostgreSQL.",
    "Built a job queue processing two million tasks a day.",
)


def render_pdf(pages: int = 1, lines: tuple[str, ...] = RESUME_LINES, **encryption: str) -> bytes:
    """A text PDF made by fpdf2; page n ends with the line 'Page n'."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for number in range(1, pages + 1):
        pdf.add_page()
        for line in (*lines, f"Page {number}"):
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


def render_docx(paragraphs: tuple[str, ...] = RESUME_LINES) -> bytes:
    """A DOCX made by python-docx."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    """render_pdf as a fixture: make_pdf(pages, lines=..., **encryption)."""
    return render_pdf


@pytest.fixture
def documents() -> dict[str, bytes]:
    """One sample of every upload the matrix covers."""
    one_page = render_pdf(1)
    return {
        "pdf": one_page,
        "pdf_3_pages": render_pdf(3),
        "pdf_scanned": scanned_pdf(),
        "pdf_encrypted": render_pdf(1, owner_password="owner-secret", user_password="user-secret"),
        "pdf_truncated": one_page[: len(one_page) // 2],
        "docx": render_docx(),
        "text": "\n".join(RESUME_LINES).encode(),
        "elf": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4,
        "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(256),
    }


@pytest.fixture
def upload(client: FlaskClient) -> Callable[..., TestResponse]:
    """POST a file to /api/resumes as multipart: upload(headers, data, filename, **form)."""

    def upload(
        headers: dict[str, str],
        data: bytes,
        filename: str = "resume.pdf",
        *,
        test_client: FlaskClient | None = None,
        **form: Any,
    ) -> TestResponse:
        body = {"file": (io.BytesIO(data), filename), **form}
        return (test_client or client).post(
            "/api/resumes", data=body, headers=headers, content_type="multipart/form-data"
        )

    return upload


@pytest.fixture
def user_id(client: FlaskClient) -> Callable[[dict[str, str]], int]:
    """The id of the account behind some Bearer headers."""

    def user_id(headers: dict[str, str]) -> int:
        return client.get("/api/user/profile", headers=headers).get_json()["id"]

    return user_id


@pytest.fixture
def make_job(app: Flask, user_id: Callable[[dict[str, str]], int]) -> Callable[..., int]:
    """Create a job listing for the account behind some headers; returns its id."""

    def make_job(headers: dict[str, str], **fields: Any) -> int:
        values = {
            "company": "Acme",
            "position": "Backend Engineer",
            "description": "Python, Flask and PostgreSQL.",
            **fields,
        }
        with app.app_context():
            job = JobListing(user_id=user_id(headers), **values)
            db.session.add(job)
            db.session.commit()
            return job.id

    return make_job


@pytest.fixture
def make_application(app: Flask, user_id: Callable[[dict[str, str]], int]) -> Callable[..., int]:
    """Create an application using a resume; returns its id."""

    def make_application(headers: dict[str, str], job_id: int, resume_id: int) -> int:
        with app.app_context():
            application = Application(
                user_id=user_id(headers), job_id=job_id, status_id=1, resume_id=resume_id
            )
            db.session.add(application)
            db.session.commit()
            return application.id

    return make_application


@pytest.fixture
def resume_row(app: Flask) -> Callable[[int], Resume | None]:
    """Read a resume straight from the database (detached)."""

    def resume_row(resume_id: int) -> Resume | None:
        with app.app_context():
            resume = db.session.get(Resume, resume_id)
            if resume is not None:
                db.session.expunge(resume)
            return resume

    return resume_row


@pytest.fixture
def worker_connection(app: Flask) -> Iterator[Any]:
    """A plain psycopg2 connection like a worker's (autocommit off)."""
    connection = psycopg2.connect(app.config["DATABASE_DSN"])
    yield connection
    connection.close()


@pytest.fixture
def run_handler(app: Flask, worker_connection: Any) -> Callable[..., None]:
    """Run a job handler as the queue does: commit its writes, roll back when it raises."""

    def run_handler(
        handler: Callable[[JobContext, dict[str, Any]], None],
        payload: dict[str, Any],
        config: Mapping[str, Any] | None = None,
    ) -> None:
        context = JobContext(
            job_id=uuid.uuid4(),
            kind="test",
            attempt=1,
            user_id=None,
            connection=worker_connection,
            config=config or app.config,
        )
        try:
            handler(context, payload)
        except BaseException:
            worker_connection.rollback()
            raise
        worker_connection.commit()

    return run_handler
