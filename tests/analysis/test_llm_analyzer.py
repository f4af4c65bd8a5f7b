"""ChatCompletionsAnalyzer against a real HTTP fake of the model endpoint, mode by mode."""

from __future__ import annotations

import logging
import socket
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from jatify.analysis import (
    RESULT_SCHEMA,
    ChatCompletionsAnalyzer,
    JobPosting,
    PermanentAnalysisError,
    TransientAnalysisError,
)
from tests.fakes.llm_server import SAMPLE_RESULT


def test_ok_returns_the_validated_result(analyzer, fake_llm, job, resume_text):
    outcome = analyzer.analyze(resume_text, job)
    assert outcome.result == SAMPLE_RESULT
    assert (outcome.provider, outcome.model) == ("openai-compatible", "fake/resume-model")
    assert fake_llm.counts == {"ok": 1}


def test_request_carries_model_settings_schema_and_both_texts(
    analyzer, fake_llm, job, resume_text, api_key
):
    analyzer.analyze(resume_text, job)
    (request,) = fake_llm.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["Authorization"] == f"Bearer {api_key}"
    body = request.body
    assert body["model"] == "fake/resume-model"
    assert body["temperature"] == 0
    assert body["max_tokens"] == 700
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "resume_analysis", "strict": True, "schema": RESULT_SCHEMA},
    }
    system, user = body["messages"]
    assert system["role"] == "system" and "JSON" in system["content"]
    assert user["role"] == "user"
    assert "Position: Senior Backend Engineer" in user["content"]
    assert "Company: Acme" in user["content"]
    assert "Experience with k8s and Docker" in user["content"]
    assert "Cut p99 API latency by 40%" in user["content"]


def test_fenced_ok_is_unwrapped(analyzer, fake_llm, job, resume_text):
    fake_llm.script(["ok_fenced"])
    assert analyzer.analyze(resume_text, job).result == SAMPLE_RESULT


def test_out_of_range_reply_is_coerced(analyzer, fake_llm, job, resume_text):
    fake_llm.enqueue("ok", result={**SAMPLE_RESULT, "score": 140, "strengths": ["a", "A", 7]})
    result = analyzer.analyze(resume_text, job).result
    assert result["score"] == 100
    assert result["strengths"] == ["a", "7"]


def test_long_texts_are_truncated_in_the_prompt(analyzer, fake_llm):
    huge = "Python engineer. " * 5000
    analyzer.analyze(huge, JobPosting("Acme", "Engineer", "Kubernetes. " * 5000))
    user = fake_llm.requests[0].body["messages"][1]["content"]
    assert len(huge) > 80_000 and len(user) < 25_000
    assert user.count("[... truncated]") == 2


def test_read_timeout_is_transient_and_quick(fake_llm, job, resume_text, api_key):
    fake_llm.script(["timeout"])
    quick = ChatCompletionsAnalyzer(fake_llm.base_url, api_key, "m", read_timeout=0.3)
    started = time.monotonic()
    with pytest.raises(TransientAnalysisError, match=r"did not answer within 0\.3 s") as caught:
        quick.analyze(resume_text, job)
    assert time.monotonic() - started < 2
    assert caught.value.transient is True
    assert fake_llm.counts["timeout"] == 1


def test_slow_answer_within_the_read_timeout_succeeds(analyzer, fake_llm, job, resume_text):
    fake_llm.script([("slow_ok", 0.3)])
    assert analyzer.analyze(resume_text, job).result == SAMPLE_RESULT


def test_429_is_transient_with_retry_after_seconds(analyzer, fake_llm, job, resume_text):
    fake_llm.script([("429", 2)])
    with pytest.raises(TransientAnalysisError, match="rate limiting") as caught:
        analyzer.analyze(resume_text, job)
    assert caught.value.retry_after_seconds == 2.0
    assert caught.value.status_code == 429


def test_retry_after_as_http_date(analyzer, fake_llm, job, resume_text):
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    fake_llm.enqueue("503", retry_after=when)
    with pytest.raises(TransientAnalysisError) as caught:
        analyzer.analyze(resume_text, job)
    assert 25 <= caught.value.retry_after_seconds <= 30


@pytest.mark.parametrize("mode", ["500", "502", "503"])
def test_server_errors_are_transient(analyzer, fake_llm, job, resume_text, mode):
    fake_llm.script([mode])
    with pytest.raises(TransientAnalysisError, match=f"HTTP {mode}") as caught:
        analyzer.analyze(resume_text, job)
    assert caught.value.status_code == int(mode)


@pytest.mark.parametrize("mode", ["401", "403"])
def test_rejected_key_is_permanent_and_never_shows_the_key(
    analyzer, fake_llm, job, resume_text, mode, api_key, caplog
):
    fake_llm.script([mode])
    with (
        caplog.at_level(logging.WARNING, logger="jatify.analysis"),
        pytest.raises(PermanentAnalysisError) as caught,
    ):
        analyzer.analyze(resume_text, job)
    error = caught.value
    assert error.transient is False
    assert error.message == (
        "the model endpoint rejected the API key; check OPENROUTER_API_KEY / LLM_API_KEY"
        f" (HTTP {mode})"
    )
    # The fake echoes the Authorization header: its words go to the log, scrubbed.
    assert "Authorization: Bearer [redacted]" in caplog.text
    for shown in (str(error), repr(error), error.message, repr(analyzer), caplog.text):
        assert api_key not in shown
        assert "never-shown" not in shown


def test_fallback_log_line_is_scrubbed_too(analyzer, fake_llm, job, resume_text, caplog, api_key):
    fake_llm.script(["400", "401"])
    with (
        caplog.at_level(logging.INFO, logger="jatify.analysis"),
        pytest.raises(PermanentAnalysisError),
    ):
        analyzer.analyze(resume_text, job)
    assert "retrying with prompt-only JSON" in caplog.text
    assert "Authorization: Bearer [redacted]" in caplog.text
    assert api_key not in caplog.text


def test_unknown_model_is_permanent_and_names_the_settings(analyzer, fake_llm, job, resume_text):
    fake_llm.script(["404"])
    with pytest.raises(PermanentAnalysisError, match="check LLM_MODEL / LLM_BASE_URL") as caught:
        analyzer.analyze(resume_text, job)
    assert "'fake/resume-model'" in caught.value.message
    assert caught.value.status_code == 404


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("malformed", "not JSON"),
        ("wrong_schema", "did not match the result schema: missing score"),
        ("empty", "no choices[0].message.content"),
        ("truncated", "consider raising LLM_MAX_TOKENS"),
        ("disconnect", "could not reach the model endpoint"),
    ],
)
def test_bad_replies_are_transient(analyzer, fake_llm, job, resume_text, mode, reason):
    fake_llm.script([mode])
    with pytest.raises(TransientAnalysisError) as caught:
        analyzer.analyze(resume_text, job)
    assert reason in caught.value.message


def test_response_format_rejection_falls_back_once_and_is_remembered(
    analyzer, fake_llm, job, resume_text
):
    fake_llm.script(["400_response_format"])
    assert analyzer.analyze(resume_text, job).result == SAMPLE_RESULT
    assert analyzer.analyze(resume_text, job).result == SAMPLE_RESULT
    sent_schema = ["response_format" in request.body for request in fake_llm.requests]
    assert sent_schema == [True, False, False]
    assert analyzer.use_response_format is False
    assert "JSON" in fake_llm.requests[1].body["messages"][0]["content"]


def test_explicit_response_format_rejection_is_remembered_even_if_the_retry_fails(
    analyzer, fake_llm, job, resume_text
):
    fake_llm.script(["400_response_format", "500"])
    with pytest.raises(TransientAnalysisError, match="HTTP 500"):
        analyzer.analyze(resume_text, job)
    assert analyzer.use_response_format is False
    analyzer.analyze(resume_text, job)
    assert ["response_format" in r.body for r in fake_llm.requests] == [True, False, False]


def test_endpoint_without_structured_output_support(fake_llm, job, resume_text, api_key):
    fake_llm.reject_response_format = True
    local = ChatCompletionsAnalyzer(fake_llm.base_url, api_key, "llama3")
    assert local.analyze(resume_text, job).result == SAMPLE_RESULT
    assert local.analyze(resume_text, job).result == SAMPLE_RESULT
    assert fake_llm.counts == {"400_response_format": 1, "ok": 2}


def test_other_400_is_permanent_and_does_not_disable_response_format(
    analyzer, fake_llm, job, resume_text
):
    fake_llm.script(["400", "400"])
    with pytest.raises(PermanentAnalysisError, match="check LLM_MODEL and LLM_MAX_TOKENS"):
        analyzer.analyze(resume_text, job)
    assert ["response_format" in r.body for r in fake_llm.requests] == [True, False]
    assert analyzer.use_response_format is True
    analyzer.analyze(resume_text, job)
    assert "response_format" in fake_llm.requests[-1].body


def test_connection_refused_is_transient(job, resume_text, api_key):
    # A bound socket that does not listen refuses connections, with no race on the port.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        refused = ChatCompletionsAnalyzer(f"http://127.0.0.1:{port}/v1", api_key, "m")
        started = time.monotonic()
        with pytest.raises(TransientAnalysisError, match="could not reach") as caught:
            refused.analyze(resume_text, job)
    assert time.monotonic() - started < 2
    assert f"127.0.0.1:{port}" in caught.value.message


def test_unusable_key_or_url_is_permanent_without_showing_the_key(job, resume_text, api_key):
    bad_key = ChatCompletionsAnalyzer("http://127.0.0.1:9/v1", "sk-secret\nvalue", "m")
    with pytest.raises(PermanentAnalysisError, match="API key contains characters") as caught:
        bad_key.analyze(resume_text, job)
    assert "sk-secret" not in str(caught.value) and caught.value.__cause__ is None
    bad_url = ChatCompletionsAnalyzer("127.0.0.1:9/v1", api_key, "m")
    with pytest.raises(PermanentAnalysisError, match="check LLM_BASE_URL"):
        bad_url.analyze(resume_text, job)


def test_provider_follows_the_base_url(api_key):
    openrouter = ChatCompletionsAnalyzer("https://openrouter.ai/api/v1/", api_key, "m")
    assert openrouter.provider == "openrouter"
    assert openrouter.base_url == "https://openrouter.ai/api/v1"
    assert ChatCompletionsAnalyzer("http://localhost:11434/v1", "x", "m").provider == (
        "openai-compatible"
    )
    secret_url = ChatCompletionsAnalyzer("https://user:pw@example.test/v1?key=abc", "x", "m")
    assert "pw" not in repr(secret_url) and "abc" not in repr(secret_url)
    with pytest.raises(ValueError, match="LLM_BASE_URL has a port that is not a number"):
        ChatCompletionsAnalyzer("http://user:secret@127.0.0.1:port/v1", "x", "m")
