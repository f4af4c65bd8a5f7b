"""Content sniffing: what a document is, judged by its bytes and never by its name."""

from __future__ import annotations

import io
import re
import zipfile

from jatify.documents.plain import decode_text

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"

_ZIP_MAGIC = b"PK\x03\x04"
_DOCX_REQUIRED_ENTRIES = frozenset({"word/document.xml", "[Content_Types].xml"})
# Control characters that do not occur in text people write (tab, newline, carriage
# return and form feed do), including the C1 range that mis-decoded binary produces.
_BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_BINARY_FRACTION = 0.01


def sniff_content_type(data: bytes) -> str | None:
    """Return the PDF, DOCX or plain-text content type of data, or None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(_ZIP_MAGIC):
        return DOCX if _is_docx(data) else None
    return TEXT if _is_text(data) else None


def _is_docx(data: bytes) -> bool:
    """Tell whether a ZIP archive holds the entries of a WordprocessingML package."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError):
        # What zipfile raises for damaged directories, unknown versions and bad names.
        return False
    return names >= _DOCX_REQUIRED_ENTRIES


def _is_text(data: bytes) -> bool:
    """Tell whether data decodes strictly to text with no NUL and almost no control bytes."""
    try:
        text = decode_text(data)
    except UnicodeDecodeError:
        return False
    if not text or "\x00" in text:
        return False
    binary = len(_BINARY_CHARACTERS.findall(text))
    return binary <= len(text) * _MAX_BINARY_FRACTION
