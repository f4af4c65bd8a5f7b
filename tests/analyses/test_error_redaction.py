"""Defect 8 (issue #11): a model endpoint's error body never reaches people, and the log
keeps it with the key redacted in any case and in pieces.

The fake endpoint answers 401 with the key upper-cased and cut into pieces over spaces and
lines; the analysis runs through the real queue engine, so the analysis' error, the dead
letter's error and every log line are what an operator and a person would see.
"""

from __future__ import annotations

import logging

import psycopg2
import pytest

from jatify.queue.engine import Engine
from jatify.queue.settings import QueueSettings

PLAIN_MESSAGE = (
    "the model endpoint rejected the API key; check OPENROUTER_API_KEY / LLM_API_KEY (HTTP 401)"
)


def key_pieces_in(text: str, key: str, width: int = 8) -> list[str]:
    """Every run of `width` characters of `key` found in `text`, ignoring case and spaces."""
    compact = "".join(text.upper().split())
    folded = key.upper()
    return [
        folded[start : start + width]
        for start in range(len(folded) - width + 1)
        if folded[start : start + width] in compact
    ]


@pytest.fixture
def failed_analysis(app, client, auth_headers, resume_with_text, realistic_job, sql):
    """The id of a pending analysis whose job is the only one left to run."""
    resume_id = resume_with_text(auth_headers)
    job_id = realistic_job(auth_headers)
    response = client.post(
        f"/api/resumes/{resume_id}/analyze", json={"job_id": job_id}, headers=auth_headers
    )
    assert response.status_code == 202
    # Only the analysis is left to run: the resume's text is set already.
    sql("UPDATE queue_jobs SET status = 'done' WHERE kind <> 'analysis.run'")
    return response.get_json()["id"]


def test_a_401_echoing_the_key_mangled_leaks_no_piece_of_it(
    app, client, auth_headers, failed_analysis, fake_llm, llm_config, llm_key, caplog
):
    fake_llm.script(["401_mangled"])
    connection = psycopg2.connect(app.config["DATABASE_DSN"])
    try:
        engine = Engine(connection, QueueSettings.from_config(llm_config), "test:1:k", llm_config)
        with caplog.at_level(logging.DEBUG):
            job = engine.claim()
            assert job is not None and job.kind == "analysis.run"
            outcome = engine.run(job)
    finally:
        connection.close()

    assert outcome.status == "failed"
    echoed = fake_llm.requests[0]
    assert echoed.mode == "401_mangled"
    analysis = client.get(f"/api/analyses/{failed_analysis}", headers=auth_headers).get_json()
    assert analysis["status"] == "failed"
    assert analysis["error"] == PLAIN_MESSAGE
    [entry] = client.get("/api/dlq", headers=auth_headers).get_json()["items"]
    assert entry["error"] == PLAIN_MESSAGE
    assert [attempt["error"] for attempt in entry["errors"]] == [PLAIN_MESSAGE]
    # Operators get the endpoint's words, with the key gone.
    assert "No such key: [redacted]" in caplog.text
    for shown in (analysis["error"], entry["error"], str(entry["errors"]), caplog.text):
        assert key_pieces_in(shown, llm_key) == []


def test_the_check_itself_finds_the_pieces_the_fake_sends(llm_key):
    pieces = [llm_key.upper()[start : start + 9] for start in range(0, len(llm_key), 9)]
    body = "No such key:\n" + " ".join(pieces[:2]) + "\n" + "\n".join(pieces[2:])
    assert key_pieces_in(body, llm_key) != []
