"""The shared pieces: errors, limits and text tidying."""

from __future__ import annotations

import pickle

import pytest

from jatify.documents import ExtractionError, ExtractionLimits
from jatify.documents.core import collect_text, tidy_text

CODES = ("no_text", "encrypted", "corrupt", "too_many_pages", "timeout")


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_a_default_message(code):
    error = ExtractionError(code)
    assert error.code == code
    assert error.message
    assert str(error) == error.message


def test_unknown_code_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown extraction error code"):
        ExtractionError("broken")


def test_error_survives_pickling_with_code_and_message():
    pickled = pickle.dumps(ExtractionError("corrupt", "Bad zip"))
    error = pickle.loads(pickled)  # noqa: S301  # the bytes were pickled just above
    assert (error.code, error.message) == ("corrupt", "Bad zip")


def test_default_limits():
    limits = ExtractionLimits()
    assert (limits.max_pages, limits.max_chars, limits.timeout_seconds) == (50, 200_000, 30.0)
    assert limits.max_docx_uncompressed_bytes == 50 * 1024 * 1024


@pytest.mark.parametrize(
    "field", ["max_pages", "max_chars", "timeout_seconds", "max_docx_uncompressed_bytes"]
)
def test_limits_refuse_values_that_are_not_positive(field):
    with pytest.raises(ValueError, match=field):
        ExtractionLimits(**{field: 0})


def test_tidy_normalises_newlines_and_collapses_blank_lines():
    raw = "  Jane\x00 Doe  \r\n\r\n\r\n\r\nEngineer\rPython\t \x0cPage 2\x07\n\n\n"
    assert tidy_text(raw) == "Jane Doe\n\nEngineer\nPython\nPage 2"


def test_collect_stops_reading_once_the_limit_is_reached():
    read: list[int] = []

    def chunks():
        for number in range(100):
            read.append(number)
            yield f"chunk {number:02d}"

    text = collect_text(chunks(), "\n", max_chars=25)
    assert text == "chunk 00\nchunk 01\nchunk 0"
    assert len(read) == 3


def test_blank_chunks_separate_but_do_not_count_towards_the_limit():
    chunks = ["Jane", *[""] * 1000, "Doe"]
    assert collect_text(chunks, "\n", max_chars=10) == "Jane\n\nDoe"
