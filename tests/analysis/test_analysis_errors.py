"""The error types the queue relies on, Retry-After parsing and secret scrubbing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jatify.analysis import AnalysisError, PermanentAnalysisError, TransientAnalysisError
from jatify.analysis.errors import parse_retry_after, scrub

NOW = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)


def test_error_classes_say_whether_to_retry_and_have_default_messages():
    transient, permanent = TransientAnalysisError(), PermanentAnalysisError()
    assert isinstance(transient, AnalysisError) and isinstance(permanent, AnalysisError)
    assert transient.transient is True and permanent.transient is False
    assert transient.message and str(transient) == transient.message
    assert permanent.message and permanent.message != transient.message
    error = TransientAnalysisError("slow", retry_after_seconds=3.0, status_code=429)
    assert repr(error) == (
        "TransientAnalysisError('slow', retry_after_seconds=3.0, status_code=429)"
    )


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 1.5 ", 1.5),
        ("0", 0.0),
        ("-3", 0.0),
        ("Sat, 01 Mar 2025 12:00:30 GMT", 30.0),
        ("Sat, 01 Mar 2025 11:59:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("inf", None),
    ],
)
def test_parse_retry_after(header, seconds):
    assert parse_retry_after(header, now=NOW) == seconds


def test_scrub_removes_the_key_bearer_tokens_and_sk_keys():
    text = "key sk-live-abcdef123456 in 'Authorization: Bearer tok.en-1', mine=MYSECRETKEY"
    cleaned = scrub(text, "MYSECRETKEY")
    assert "MYSECRETKEY" not in cleaned
    assert "tok.en-1" not in cleaned
    assert "sk-live-abcdef123456" not in cleaned
    assert cleaned.count("[redacted]") == 3
