"""The resume.extract handler, run directly on a worker-like connection."""

from __future__ import annotations

import psycopg2.extensions
import pytest

from jatify.tasks import extract


@pytest.fixture
def uploaded_id(upload, auth_headers, documents):
    """Upload a sample (by key) and return the resume's id."""

    def uploaded_id(sample: str, data: bytes | None = None) -> int:
        response = upload(auth_headers, data or documents[sample], "cv.bin")
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    return uploaded_id


@pytest.mark.parametrize(
    ("sample", "page_count", "needle"),
    [
        ("pdf", 1, "Eight years of Python, Flask and PostgreSQL."),
        ("pdf_3_pages", 3, "Page 3"),
        ("docx", None, "Built a job queue processing two million tasks a day."),
        ("text", None, "Jane Doe - Senior Backend Engineer"),
    ],
)
def test_readable_documents_get_their_text(
    uploaded_id, run_handler, client, auth_headers, sample, page_count, needle
):
    resume_id = uploaded_id(sample)

    run_handler(extract.extract_resume, {"resume_id": resume_id})

    resume = client.get(f"/api/resumes/{resume_id}", headers=auth_headers).get_json()
    assert resume["text_status"] == "ready"
    assert resume["text_error"] is None
    assert resume["page_count"] == page_count
    assert needle in resume["text"]
    assert resume["updated_at"] > resume["created_at"]


@pytest.mark.parametrize(
    ("sample", "code"),
    [
        ("pdf_scanned", "no_text"),
        ("pdf_encrypted", "encrypted"),
        ("pdf_truncated", "corrupt"),
    ],
)
def test_unreadable_documents_fail_with_a_code_and_the_job_still_succeeds(
    uploaded_id, run_handler, client, auth_headers, sample, code
):
    resume_id = uploaded_id(sample)

    run_handler(extract.extract_resume, {"resume_id": resume_id})

    resume = client.get(f"/api/resumes/{resume_id}", headers=auth_headers).get_json()
    assert (resume["text_status"], resume["text_error"]) == ("failed", code)
    assert resume["text"] is None


def test_too_many_pages(uploaded_id, run_handler, client, auth_headers, make_pdf):
    resume_id = uploaded_id("pdf", make_pdf(51, lines=("Jane",)))

    run_handler(extract.extract_resume, {"resume_id": resume_id})

    resume = client.get(f"/api/resumes/{resume_id}", headers=auth_headers).get_json()
    assert (resume["text_status"], resume["text_error"]) == ("failed", "too_many_pages")


def test_a_resume_deleted_before_the_job_runs_is_a_no_op(
    uploaded_id, run_handler, client, auth_headers, sql
):
    resume_id = uploaded_id("pdf")
    assert client.delete(f"/api/resumes/{resume_id}", headers=auth_headers).status_code == 204

    run_handler(extract.extract_resume, {"resume_id": resume_id})

    assert sql("SELECT count(*) FROM resumes")[0][0] == 0


def test_no_transaction_is_open_while_extracting(
    uploaded_id, run_handler, worker_connection, monkeypatch
):
    resume_id = uploaded_id("text")
    seen = []
    real_extract = extract.extract_text

    def watching_extract(*args, **kwargs):
        seen.append(worker_connection.get_transaction_status())
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(extract, "extract_text", watching_extract)

    run_handler(extract.extract_resume, {"resume_id": resume_id})

    assert seen == [psycopg2.extensions.TRANSACTION_STATUS_IDLE]


def test_failed_job_marks_the_text_failed_and_requeue_makes_it_pending(
    uploaded_id, worker_connection, resume_row
):
    resume_id = uploaded_id("pdf")

    with worker_connection, worker_connection.cursor() as cursor:
        extract.mark_unreadable(cursor, {"resume_id": resume_id}, "the job exceeded its timeout")
    failed = resume_row(resume_id)
    with worker_connection, worker_connection.cursor() as cursor:
        extract.mark_pending(cursor, {"resume_id": resume_id})
    requeued = resume_row(resume_id)

    assert (failed.text_status, failed.text_error) == ("failed", "corrupt")
    assert (requeued.text_status, requeued.text_error) == ("pending", None)
