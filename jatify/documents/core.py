"""The shared vocabulary of text extraction: results, limits, errors and text tidying."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from jatify.documents.normalise import normalise_text
from jatify.vocabulary import TextError

MESSAGES: dict[TextError, str] = {
    TextError.NO_TEXT: "The document contains no extractable text (it may be scanned or empty)",
    TextError.ENCRYPTED: "The document is encrypted and cannot be read without a password",
    TextError.CORRUPT: "The document is damaged or not what its content type says",
    TextError.TOO_MANY_PAGES: "The document has more pages than the extraction limit",
    TextError.TIMEOUT: "Extracting the document's text took longer than the time limit",
}

# C0 control characters except tab and newline (carriage returns and form feeds
# are turned into newlines first), plus DEL: they carry no text and PostgreSQL
# refuses NUL in text columns.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.MULTILINE)
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Extraction:
    """The text of a document and its page count (None for formats without pages)."""

    text: str
    page_count: int | None


@dataclass(frozen=True)
class ExtractionLimits:
    """Bounds on the work one extraction may do."""

    max_pages: int = 50
    max_chars: int = 200_000
    timeout_seconds: float = 30.0
    max_docx_uncompressed_bytes: int = 50 * 1024 * 1024

    def __post_init__(self) -> None:
        """Refuse limits that would make every extraction fail."""
        for name in ("max_pages", "max_chars", "timeout_seconds", "max_docx_uncompressed_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")


DEFAULT_LIMITS = ExtractionLimits()


class ExtractionError(Exception):
    """A document whose text cannot be extracted, with a stable code for `text_error`."""

    def __init__(self, code: TextError, message: str | None = None) -> None:
        if code not in MESSAGES:
            raise ValueError(f"unknown extraction error code: {code!r}")
        self.code = TextError(code)
        self.message = message or MESSAGES[code]
        super().__init__(self.message)

    def __reduce__(self) -> tuple[type[ExtractionError], tuple[str, str]]:
        """Pickle by code and message, so the error survives a trip between processes."""
        return (type(self), (self.code, self.message))


def tidy_text(text: str) -> str:
    """Normalise newlines, drop control characters and collapse runs of blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROL_CHARACTERS.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_LINE_RUNS.sub("\n\n", text).strip()


def collect_text(chunks: Iterable[str], separator: str, max_chars: int) -> str:
    """Normalise, tidy and join chunks (pages, paragraphs), reading no more than max_chars needs."""
    kept: list[str] = []
    length = 0
    for chunk in chunks:
        tidy = tidy_text(normalise_text(chunk))
        kept.append(tidy)  # an empty chunk still separates its neighbours by a blank line
        if tidy:
            length += len(tidy) + len(separator)
        if length > max_chars:
            break
    return tidy_text(separator.join(kept))[:max_chars].rstrip()
