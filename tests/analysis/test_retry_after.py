"""Defect 1 (issue #11), the parsing side: a Retry-After never asks for more than the
queue's longest retry delay, whatever number or date the endpoint sends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jatify.analysis import ChatCompletionsAnalyzer, TransientAnalysisError, build_analyzer
from jatify.analysis.errors import DEFAULT_RETRY_MAX_SECONDS, parse_retry_after
from tests.fakes.llm_server import FakeLLM

NOW = datetime(2026, 12, 2, 3, 0, 0, tzinfo=UTC)
CAP = 600.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("31536000", CAP),  # a year
        (str(10**30), CAP),
        ("9" * 400, CAP),  # more than a float holds: inf, clamped
        ("Fri, 31 Dec 9999 23:59:59 GMT", CAP),
        ("Wed, 02 Dec 2026 03:01:00 GMT", 60.0),
        ("599.5", 599.5),
        ("0", 0.0),
        ("-5", 0.0),
        ("Tue, 01 Dec 2026 03:00:00 GMT", 0.0),  # in the past
    ],
)
def test_retry_after_is_clamped_to_the_longest_retry_delay(header, seconds):
    assert parse_retry_after(header, now=NOW, max_seconds=CAP) == seconds


@pytest.mark.parametrize(
    "header",
    [
        "soon",
        "inf",
        "nan",
        "1e400",
        "12 seconds",
        "Fri, 31 Dec 99999 23:59:59 GMT",  # past datetime's range
        "Thu, 01 Jan 1970 00:00:00 +9999",  # an offset no datetime takes
        "\x00\x01",
        "",
        None,
    ],
)
def test_garbage_is_no_retry_after(header):
    assert parse_retry_after(header, now=NOW, max_seconds=CAP) is None


def test_the_default_cap_is_the_queues_default_longest_delay():
    assert DEFAULT_RETRY_MAX_SECONDS == 600.0
    assert parse_retry_after("31536000") == DEFAULT_RETRY_MAX_SECONDS


def test_every_clamped_wait_makes_a_valid_timestamp():
    for header in ("31536000", str(10**30), "Fri, 31 Dec 9999 23:59:59 GMT"):
        seconds = parse_retry_after(header, now=NOW, max_seconds=CAP)
        assert NOW + timedelta(seconds=seconds) == NOW + timedelta(seconds=CAP)


@pytest.mark.parametrize("header", ["31536000", str(10**30), "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_the_analyzer_caps_a_429s_wait_at_queue_retry_max_seconds(
    fake_llm: FakeLLM, job, resume_text, header
):
    analyzer = build_analyzer(
        {
            "ANALYZER": "llm",
            "LLM_BASE_URL": fake_llm.base_url,
            "LLM_API_KEY": "sk-test-retry-after",
            "QUEUE_RETRY_MAX_SECONDS": 42.0,
        }
    )
    assert isinstance(analyzer, ChatCompletionsAnalyzer)
    fake_llm.script([("429", header)])

    with pytest.raises(TransientAnalysisError) as caught:
        analyzer.analyze(resume_text, job)

    assert caught.value.retry_after_seconds == 42.0
