"""Posting text: HTML descriptions made plain, the text a snapshot keeps, its hash, and the
builtin guess at a listing from pasted text."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata

import html_text
import lxml.html
from lxml.etree import ParserError

from jatify.capture.posting import Posting
from jatify.fields import MAX_DESCRIPTION, MAX_NAME
from jatify.vocabulary import CaptureMethod

BLANK_LINES = re.compile(r"\n{3,}")
SPACES = re.compile(r"[ \t\u00a0]+")
# "Senior Engineer at Acme", "Senior Engineer - Acme", "Senior Engineer | Acme"
TITLE_SEPARATORS = re.compile(r"\s+(?:at|@|[-\u2013\u2014|\u00b7])\s+", re.IGNORECASE)
LABELLED = re.compile(r"^\s*(location|salary|compensation|pay)\s*:\s*(.+)$", re.IGNORECASE)
ESCAPED_MARKUP = re.compile(r"&lt;/?[a-z]", re.IGNORECASE)
ELLIPSIS = "…"


def clip(text: str | None, limit: int) -> str | None:
    """`text` cut to `limit` characters (with an ellipsis), None when empty."""
    if not text:
        return None
    text = text.strip()
    if len(text) <= limit:
        return text or None
    return text[: limit - 1].rstrip() + ELLIPSIS


def normalise(text: str) -> str:
    """Plain text with tidy whitespace: trimmed lines, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    """An HTML description (escaped once, as some sites send it, or not) as plain text."""
    if ESCAPED_MARKUP.search(markup) and "<" not in markup:
        markup = html.unescape(markup)
    if "<" not in markup:
        return normalise(html.unescape(markup))
    try:
        tree = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return normalise(markup)
    for item in tree.iter("li"):
        item.text = "• " + (item.text or "").lstrip()
    return normalise(html_text.extract_text(tree, guess_layout=True))


def snapshot_text(posting: Posting) -> str:
    """What a snapshot keeps: title lines, then the posting's text."""
    facts = " · ".join(part for part in (posting.location, posting.salary) if part)
    header = [posting.position, posting.company, facts]
    return normalise("\n".join(part for part in header if part) + "\n\n" + posting.description)


def text_sha256(text: str) -> str:
    """The hex SHA-256 of a snapshot's text (UTF-8), how snapshots are told apart."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _split_title(line: str) -> tuple[str, str | None]:
    parts = TITLE_SEPARATORS.split(line, maxsplit=1)
    if len(parts) == 2 and all(part.strip() for part in parts):
        return parts[0].strip(), parts[1].strip()
    return line, None


def guess_posting(text: str) -> Posting:
    """The builtin reading of pasted text: the first lines name the position and company."""
    body = normalise(text)
    lines = [line for line in body.split("\n") if line]
    position, company = _split_title(lines[0]) if lines else ("Untitled position", None)
    rest = lines[1:]
    if company is None and rest and len(rest[0]) <= MAX_NAME:
        company = TITLE_SEPARATORS.split(rest.pop(0), maxsplit=1)[0].strip()
    labelled = {}
    for line in rest:
        match = LABELLED.match(line)
        if match:
            key = "location" if match[1].lower() == "location" else "salary"
            labelled.setdefault(key, match[2].strip())
    description = "\n".join(rest).strip() or body
    return Posting(
        company=clip(company, MAX_NAME) or "Unknown company",
        position=clip(position, MAX_NAME) or "Untitled position",
        description=clip(description, MAX_DESCRIPTION) or body,
        location=clip(labelled.get("location"), MAX_NAME),
        salary=clip(labelled.get("salary"), MAX_NAME),
        method=CaptureMethod.TEXT,
    )
