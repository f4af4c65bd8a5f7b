"""The analysis.run handler, run directly: builtin analyzer, fake model faults, hooks."""

from __future__ import annotations

import psycopg2.extensions
import pytest

from jatify.analysis import AnalysisResult
from jatify.queue import Defer, PermanentError, TransientError
from jatify.tasks import analyze


@pytest.fixture
def requested(client, auth_headers, resume_with_text, realistic_job):
    """Ask for an analysis of a resume whose text is in a given state; returns its id."""

    def requested(status: str = "ready", error: str | None = None) -> str:
        resume_id = resume_with_text(auth_headers, status=status, error=error)
        job_id = realistic_job(auth_headers)
        response = client.post(
            f"/api/resumes/{resume_id}/analyze", json={"job_id": job_id}, headers=auth_headers
        )
        assert response.status_code == 202
        return response.get_json()["id"]

    return requested


@pytest.fixture
def analysis_row(sql):
    """The analysis row as the database has it."""

    def analysis_row(analysis_id: str):
        [row] = sql("SELECT * FROM analyses WHERE id = :id", id=analysis_id)
        return row

    return analysis_row


def test_builtin_analyzer_finishes_the_analysis(requested, run_handler, app, analysis_row):
    analysis_id = requested()

    run_handler(
        analyze.run_analysis, {"analysis_id": analysis_id}, {**app.config, "ANALYZER": "builtin"}
    )

    row = analysis_row(analysis_id)
    assert row.status == "done"
    assert row.provider == "builtin"
    assert row.model
    assert row.error is None
    assert row.finished_at is not None
    assert isinstance(row.result, dict)
    assert 50 <= row.result["score"] <= 100
    assert {"Python", "PostgreSQL"} <= set(row.result["matched_keywords"])
    assert "Kubernetes" in row.result["missing_keywords"]


def test_fake_model_answer_is_stored_as_an_object(
    requested, run_handler, llm_config, fake_llm, analysis_row
):
    analysis_id = requested()

    run_handler(analyze.run_analysis, {"analysis_id": analysis_id}, llm_config)

    row = analysis_row(analysis_id)
    assert row.status == "done"
    assert row.result == fake_llm.result
    assert (row.provider, row.model) == ("openai-compatible", "fake/model-1")
    [request] = fake_llm.requests
    assert request.headers["Authorization"] == f"Bearer {llm_config['LLM_API_KEY']}"
    assert "Bolt Pay" in request.body["messages"][-1]["content"]


@pytest.mark.parametrize(
    ("step", "retry_after"),
    [
        ("timeout", None),
        (("429", 7), 7.0),
        ("500", None),
        ("malformed", None),
        ("wrong_schema", None),
    ],
)
def test_passing_model_failures_are_transient_errors(
    requested, run_handler, llm_config, fake_llm, analysis_row, step, retry_after
):
    analysis_id = requested()
    fake_llm.script([step])

    with pytest.raises(TransientError) as raised:
        run_handler(analyze.run_analysis, {"analysis_id": analysis_id}, llm_config)

    assert raised.value.message
    assert raised.value.retry_after_seconds == retry_after
    assert llm_config["LLM_API_KEY"] not in raised.value.message
    assert len(fake_llm.requests) == 1
    assert analysis_row(analysis_id).status == "processing"


def test_rejected_key_is_a_permanent_error_without_the_key(
    requested, run_handler, llm_config, fake_llm
):
    analysis_id = requested()
    fake_llm.script(["401"])

    with pytest.raises(PermanentError) as raised:
        run_handler(analyze.run_analysis, {"analysis_id": analysis_id}, llm_config)

    assert "401" in raised.value.message or "key" in raised.value.message.lower()
    assert llm_config["LLM_API_KEY"] not in raised.value.message


def test_misconfigured_analyzer_is_a_permanent_error(requested, run_handler, app, analysis_row):
    analysis_id = requested()
    config = {**app.config, "ANALYZER": "llm", "LLM_API_KEY": None, "OPENROUTER_API_KEY": None}

    with pytest.raises(PermanentError) as raised:
        run_handler(analyze.run_analysis, {"analysis_id": analysis_id}, config)

    assert raised.value.message.startswith("the analyzer is misconfigured: ANALYZER=llm needs")
    assert analysis_row(analysis_id).status == "pending"


def test_resume_text_still_pending_defers_without_calling_the_model(
    requested, run_handler, llm_config, fake_llm, analysis_row
):
    analysis_id = requested(status="pending")

    with pytest.raises(Defer) as raised:
        run_handler(analyze.run_analysis, {"analysis_id": analysis_id}, llm_config)

    assert 2 <= raised.value.delay_seconds <= 5
    assert fake_llm.requests == []
    assert analysis_row(analysis_id).status == "pending"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("no_text", "the resume has no extractable text (scanned?)"),
        ("encrypted", "the resume is password-protected, so its text cannot be read"),
    ],
)
def test_resume_without_text_fails_permanently_in_words(
    requested, run_handler, llm_config, fake_llm, code, message
):
    analysis_id = requested(status="failed", error=code)

    with pytest.raises(PermanentError) as raised:
        run_handler(analyze.run_analysis, {"analysis_id": analysis_id}, llm_config)

    assert raised.value.message == message
    assert fake_llm.requests == []


def test_deleted_resume_finishes_quietly(
    requested, run_handler, llm_config, fake_llm, client, auth_headers, sql
):
    analysis_id = requested()
    [(resume_id,)] = sql("SELECT resume_id FROM analyses")
    client.delete(f"/api/resumes/{resume_id}", headers=auth_headers)

    run_handler(analyze.run_analysis, {"analysis_id": analysis_id}, llm_config)

    assert fake_llm.requests == []


def test_analysis_no_longer_in_flight_is_left_alone(
    requested, run_handler, llm_config, fake_llm, sql, analysis_row
):
    analysis_id = requested()
    sql("UPDATE analyses SET status = 'failed', error = 'gave up'")

    run_handler(analyze.run_analysis, {"analysis_id": analysis_id}, llm_config)

    assert fake_llm.requests == []
    assert analysis_row(analysis_id).error == "gave up"


def test_no_transaction_is_open_during_the_model_call(
    requested, run_handler, app, worker_connection, monkeypatch, analysis_row
):
    analysis_id = requested()
    seen = []

    class WatchingAnalyzer:
        def analyze(self, resume_text, job):
            seen.append(worker_connection.get_transaction_status())
            return AnalysisResult({"score": 1, "summary": "x"}, "watching", "w-1")

    monkeypatch.setattr(analyze, "analyzer_from_config", lambda config: WatchingAnalyzer())

    run_handler(analyze.run_analysis, {"analysis_id": analysis_id}, app.config)

    assert seen == [psycopg2.extensions.TRANSACTION_STATUS_IDLE]
    assert analysis_row(analysis_id).provider == "watching"


def test_failed_hook_and_requeue_hook(requested, worker_connection, analysis_row):
    analysis_id = requested()
    payload = {"analysis_id": analysis_id}

    with worker_connection, worker_connection.cursor() as cursor:
        analyze.mark_failed(cursor, payload, "the model endpoint refused the API key")
    failed = analysis_row(analysis_id)
    with worker_connection, worker_connection.cursor() as cursor:
        analyze.mark_pending(cursor, payload)
    pending = analysis_row(analysis_id)

    assert (failed.status, failed.error) == ("failed", "the model endpoint refused the API key")
    assert failed.finished_at is not None
    assert (pending.status, pending.error, pending.finished_at) == ("pending", None, None)


def test_requeue_hook_leaves_a_superseded_analysis_failed(
    requested, worker_connection, analysis_row, sql, client, auth_headers
):
    old_id = requested()
    [(resume_id, job_id)] = sql("SELECT resume_id, job_id FROM analyses")
    sql("UPDATE analyses SET status = 'failed', error = 'boom'")
    sql("UPDATE queue_jobs SET status = 'failed' WHERE kind = 'analysis.run'")
    new = client.post(
        f"/api/resumes/{resume_id}/analyze", json={"job_id": job_id}, headers=auth_headers
    ).get_json()

    with worker_connection, worker_connection.cursor() as cursor:
        analyze.mark_pending(cursor, {"analysis_id": old_id})

    assert analysis_row(old_id).status == "failed"
    assert analysis_row(new["id"]).status == "pending"
