"""Plain text: UTF-8 (with or without a byte order mark) or UTF-16 with a byte order mark."""

from __future__ import annotations

import codecs

from jatify.documents.core import Extraction, ExtractionError, ExtractionLimits, collect_text
from jatify.vocabulary import TextError

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_text(data: bytes, errors: str = "strict") -> str:
    """Decode UTF-16 when a UTF-16 byte order mark says so, otherwise UTF-8, dropping any BOM."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors)
    return data.decode("utf-8-sig", errors)


def extract_plain(data: bytes, limits: ExtractionLimits) -> Extraction:
    """Return the tidied text of a plain-text document, replacing undecodable bytes."""
    text = collect_text([decode_text(data, errors="replace")], "\n", limits.max_chars)
    if not text:
        raise ExtractionError(TextError.NO_TEXT)
    return Extraction(text=text, page_count=None)
