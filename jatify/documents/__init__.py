"""Text extraction for resumes: PDF, DOCX and plain text, with no Flask and no database.

`sniff_content_type` judges an upload by its bytes; `extract_text` returns its text
or raises `ExtractionError` whose `code` is the resume's `text_error`. PDF and DOCX
parsing runs in a forked child process with a deadline and a memory cap.
"""

from __future__ import annotations

from jatify.documents.core import (
    DEFAULT_LIMITS,
    Extraction,
    ExtractionError,
    ExtractionLimits,
)
from jatify.documents.isolation import Extractor, run_isolated
from jatify.documents.pdf import extract_pdf
from jatify.documents.plain import extract_plain
from jatify.documents.sniff import DOCX, PDF, TEXT, sniff_content_type
from jatify.documents.word import extract_docx

__all__ = [
    "DOCX",
    "PDF",
    "TEXT",
    "Extraction",
    "ExtractionError",
    "ExtractionLimits",
    "extract_text",
    "sniff_content_type",
]

_ISOLATED_EXTRACTORS: dict[str, Extractor] = {PDF: extract_pdf, DOCX: extract_docx}


def extract_text(
    data: bytes, content_type: str, limits: ExtractionLimits = DEFAULT_LIMITS
) -> Extraction:
    """Return the text of a document of a sniffed content type, or raise ExtractionError."""
    if content_type == TEXT:
        # Decoding is linear in the (upload-limited) size: no child process needed.
        return extract_plain(data, limits)
    extractor = _ISOLATED_EXTRACTORS.get(content_type)
    if extractor is None:
        raise ValueError(f"unsupported content type: {content_type!r}")
    return run_isolated(extractor, data, limits)
