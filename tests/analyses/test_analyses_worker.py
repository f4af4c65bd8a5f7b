"""End to end: upload -> extract -> analyze through real `python worker.py` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from jatify import create_app
from jatify.config import PROJECT_ROOT
from tests.analyses.conftest import JOB, RESUME_TEXT
from tests.builders import scanned_pdf
from tests.resumes.conftest import render_pdf

pytestmark = pytest.mark.slow

WAIT_SECONDS = 60.0
POLL_SECONDS = 0.2


@pytest.fixture
def start_worker(
    database_url: str, app_config: dict[str, Any], tmp_path: Path
) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start `python worker.py` with extra settings; every one started is stopped after."""
    started: list[subprocess.Popen] = []

    def start_worker(**settings: Any) -> subprocess.Popen:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "DATABASE_URL": database_url,
            "JATIFY_ENV": "testing",
            "JWT_SECRET_KEY": app_config["JWT_SECRET_KEY"],
            "WORKER_PROCESSES": "2",
            "WORKER_POLL_SECONDS": "1",
            "QUEUE_RETRY_BASE_SECONDS": "0.2",
            "LOG_LEVEL": "info",
            **{name: str(value) for name, value in settings.items()},
        }
        log = (tmp_path / f"worker-{len(started)}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "worker.py"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start_worker
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def worker_logs(tmp_path: Path) -> Callable[[], str]:
    """Everything the workers of this test printed, for failure messages."""
    return lambda: "\n".join(path.read_text() for path in sorted(tmp_path.glob("worker-*.log")))


@pytest.fixture
def wait_for_analysis(client, worker_logs) -> Callable[..., dict[str, Any]]:
    """Poll an analysis through the API until it is done or failed."""

    def wait_for_analysis(headers: dict[str, str], analysis_id: str) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            analysis = client.get(f"/api/analyses/{analysis_id}", headers=headers).get_json()
            if analysis["status"] in ("done", "failed"):
                return analysis
            time.sleep(POLL_SECONDS)
        pytest.fail(f"analysis {analysis_id} still {analysis['status']}:\n{worker_logs()}")

    return wait_for_analysis


@pytest.fixture
def analyze_upload(client, auth_headers, upload, make_job) -> Callable[..., str]:
    """Upload a resume file, ask at once for its analysis against the realistic job."""

    def analyze_upload(data: bytes, filename: str, test_client: FlaskClient | None = None) -> str:
        web = test_client or client
        resume = upload(auth_headers, data, filename, test_client=web)
        assert resume.status_code == 201, resume.get_json()
        job_id = make_job(auth_headers, **JOB)
        response = web.post(
            f"/api/resumes/{resume.get_json()['id']}/analyze",
            json={"job_id": job_id},
            headers=auth_headers,
        )
        assert response.status_code == 202
        return response.get_json()["id"]

    return analyze_upload


def test_pdf_upload_is_extracted_and_analyzed_by_the_builtin_analyzer(
    start_worker, analyze_upload, wait_for_analysis, client, auth_headers, worker_logs
):
    start_worker(ANALYZER="builtin")
    pdf = render_pdf(1, lines=tuple(RESUME_TEXT.splitlines()))

    analysis = wait_for_analysis(auth_headers, analyze_upload(pdf, "jane.pdf"))

    assert analysis["status"] == "done", worker_logs()
    resume = client.get(f"/api/resumes/{analysis['resume_id']}", headers=auth_headers).get_json()
    assert (resume["text_status"], resume["page_count"]) == ("ready", 1)
    assert "Bolt Pay" in resume["text"]
    result = analysis["result"]
    assert analysis["provider"] == "builtin"
    assert 55 <= result["score"] <= 100
    assert {"Python", "PostgreSQL", "Redis", "Docker", "AWS"} <= set(result["matched_keywords"])
    assert {"Kubernetes", "Prometheus", "Grafana"} <= set(result["missing_keywords"])
    assert not set(result["matched_keywords"]) & set(result["missing_keywords"])
    assert result["summary"] and result["suggestions"]


def test_scanned_pdf_fails_the_analysis_in_words(
    start_worker, analyze_upload, wait_for_analysis, auth_headers, worker_logs, sql
):
    start_worker(ANALYZER="builtin")
    analysis = wait_for_analysis(auth_headers, analyze_upload(scanned_pdf(), "scan.pdf"))

    assert analysis["status"] == "failed", worker_logs()
    assert analysis["error"] == "the resume has no extractable text (scanned?)"
    assert analysis["finished_at"] is not None
    [(kind, attempts)] = sql("SELECT kind, attempts FROM dead_letters")
    assert (kind, attempts) == ("analysis.run", 1)


def test_model_faults_are_retried_until_the_analysis_is_done(
    app_config,
    start_worker,
    analyze_upload,
    wait_for_analysis,
    auth_headers,
    fake_llm,
    llm_key,
    sql,
    worker_logs,
):
    fake_llm.script(["timeout", ("429", 3), "500", "malformed", "wrong_schema", "ok"])
    start_worker(
        ANALYZER="llm",
        LLM_API_KEY=llm_key,
        LLM_BASE_URL=fake_llm.base_url,
        LLM_READ_TIMEOUT_SECONDS=1,
    )
    # max_attempts is fixed when the web process enqueues: six attempts for six answers.
    web = create_app({**app_config, "QUEUE_MAX_ATTEMPTS": 6}).test_client()

    analysis_id = analyze_upload(RESUME_TEXT.encode(), "jane.txt", test_client=web)
    analysis = wait_for_analysis(auth_headers, analysis_id)

    assert analysis["status"] == "done", worker_logs()
    assert analysis["result"] == fake_llm.result
    assert (analysis["provider"], analysis["model"]) == ("openai-compatible", "openai/gpt-4o-mini")
    served = fake_llm.requests
    assert [request.mode for request in served] == [
        "timeout", "429", "500", "malformed", "wrong_schema", "ok",
    ]  # fmt: skip
    [(attempts, errors)] = sql(
        "SELECT attempts, errors FROM queue_jobs WHERE kind = 'analysis.run'"
    )
    assert attempts == len(served) == 6
    assert [entry["attempt"] for entry in errors] == [1, 2, 3, 4, 5]
    assert all(llm_key not in entry["error"] for entry in errors)
    retry_after_gap = served[2].received_at - served[1].received_at
    assert retry_after_gap >= 3.0, worker_logs()
    assert sql("SELECT count(*) FROM dead_letters")[0][0] == 0


def test_rejected_key_dead_letters_at_once_and_requeue_finishes_the_analysis(
    start_worker,
    analyze_upload,
    wait_for_analysis,
    client,
    auth_headers,
    fake_llm,
    llm_key,
    worker_logs,
):
    fake_llm.script(["500", "401"])
    start_worker(
        ANALYZER="llm",
        LLM_API_KEY=llm_key,
        LLM_BASE_URL=fake_llm.base_url,
    )

    analysis_id = analyze_upload(RESUME_TEXT.encode(), "jane.txt")
    failed = wait_for_analysis(auth_headers, analysis_id)

    assert failed["status"] == "failed", worker_logs()
    assert len(fake_llm.requests) == 2
    assert failed["error"]
    assert llm_key not in failed["error"]
    page = client.get("/api/dlq", headers=auth_headers).get_json()
    [letter] = page["items"]
    assert (letter["kind"], letter["attempts"]) == ("analysis.run", 2)
    assert [entry["attempt"] for entry in letter["errors"]] == [1, 2]
    assert llm_key not in str(letter)
    assert letter["error"] == failed["error"]

    requeued = client.post(f"/api/dlq/{letter['id']}/requeue", headers=auth_headers)

    assert requeued.status_code == 202
    done = wait_for_analysis(auth_headers, analysis_id)
    assert done["status"] == "done", worker_logs()
    assert done["error"] is None
    assert done["result"] == fake_llm.result
    assert len(fake_llm.requests) == 3
    assert client.get("/api/dlq", headers=auth_headers).get_json()["items"] == []
