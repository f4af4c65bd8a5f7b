"""Plain-text extraction: decoding, newlines, blank lines and limits."""

from __future__ import annotations

import codecs

import pytest

from jatify.documents import TEXT, ExtractionError, ExtractionLimits, extract_text

RESUME = "Renée Müller\nSenior engineer — 東京\n\nPython, SQL"


@pytest.mark.parametrize(
    "data",
    [
        RESUME.encode(),
        codecs.BOM_UTF8 + RESUME.encode(),
        RESUME.encode("utf-16"),
        codecs.BOM_UTF16_BE + RESUME.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_encodings_decode_to_the_same_text(data):
    assert extract_text(data, TEXT).text == RESUME
    assert extract_text(data, TEXT).page_count is None


def test_newlines_blank_lines_and_nul_bytes_are_tidied():
    data = b"Jane\x00 Doe\r\n\r\n\r\n\r\n\r\nEngineer   \rPython\n\n\n"
    assert extract_text(data, TEXT).text == "Jane Doe\n\nEngineer\nPython"


def test_undecodable_bytes_are_replaced_not_fatal():
    assert extract_text(b"Ren\xe9e M\xfcller", TEXT).text == "Ren\ufffde M\ufffdller"


def test_text_is_cut_at_max_chars():
    extraction = extract_text(("word " * 1000).encode(), TEXT, ExtractionLimits(max_chars=12))
    assert extraction.text == "word word wo"


@pytest.mark.parametrize(
    "data", [b"", b" \r\n\t\n", codecs.BOM_UTF8], ids=["empty", "blank", "bom"]
)
def test_blank_text_has_no_text(data):
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, TEXT)
    assert caught.value.code == "no_text"
