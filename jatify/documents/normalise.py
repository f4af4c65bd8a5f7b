"""Text as a person reads it, whatever tool wrote the document.

PDF writers keep typographic forms in the text layer: Chromium's print-to-PDF writes
"Airflow" with the U+FB02 ligature, LibreOffice hyphenates long words at line ends,
Word documents carry soft hyphens and non-breaking spaces, and symbol fonts put list
bullets in the Private Use Area. `normalise_text` turns all of them into plain text,
so a search for "Airflow" or "development" finds what the reader sees.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that take no room on the page: soft hyphen, zero-width space and word
# joiner, and a byte order mark inside the text.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"), None)
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_SEPARATORS = re.compile(r"[\u2028\u2029\u0085]")
_UNICODE_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})
# A soft hyphen the writer turned into a line break ("develop\u00ad\nment").
_SOFT_HYPHEN_BREAK = re.compile(r"\u00ad[^\S\n]*\n[^\S\n]*")
# Symbol-font glyphs (Wingdings, OpenSymbol) opening a line are list bullets.
_PRIVATE_USE_BULLET = re.compile(r"^([^\S\n]*)[\ue000-\uf8ff]+", re.MULTILINE)
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]+")
# A word broken at the end of a line: "develop-" then "ment" on the next line.
_LINE_END_HYPHEN = re.compile(
    r"(?<![\w-])(?P<head>[\w-]*[^\W\d_])-[^\S\n]*\n[^\S\n]*(?P<tail>[^\W\d_][\w-]*)"
)
_WORDS = re.compile(r"[^\W\d_][\w-]*")
# Words that start compounds more often than they end a line by hyphenation:
# "cross-functional", "self-service", "end-to-end" keep their hyphen.
_COMPOUND_HEADS = frozenset({
    "all", "back", "best", "client", "cloud", "co", "cost", "cross", "customer", "data",
    "detail", "down", "end", "event", "fast", "first", "front", "full", "hands", "high", "in",
    "large", "long", "low", "mid", "multi", "non", "off", "on", "one", "open", "out", "part",
    "real", "results", "second", "self", "senior", "short", "small", "state", "team", "test",
    "third", "time", "top", "two", "up", "user", "well", "world",
})  # fmt: skip


def normalise_text(text: str) -> str:
    """Plain text from a document's text layer: compatibility forms, spaces and line-end hyphens."""
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _SOFT_HYPHEN_BREAK.sub("", text).translate(_INVISIBLE)
    text = _ODD_SPACES.sub(" ", text)
    # NFKC: ligatures become letters, full-width forms ASCII, U+2011 a U+2010 hyphen.
    text = unicodedata.normalize("NFKC", text).translate(_UNICODE_HYPHENS)
    text = _PRIVATE_USE_BULLET.sub("\\1\u2022", text)
    text = _PRIVATE_USE.sub(" ", text)
    return _join_hyphenated(text)


def _join_hyphenated(text: str) -> str:
    """Join words hyphenated across a line break, keeping the hyphen of real compounds."""
    if not _LINE_END_HYPHEN.search(text):
        return text
    words = {word.lower() for word in _WORDS.findall(text)}

    def join(match: re.Match[str]) -> str:
        head, tail = match["head"], match["tail"]
        if not tail[0].islower():
            return match[0]  # "Java-" / "Script", or a dash before a new item
        compound = f"{head}-{tail}"
        joined = head + tail
        if joined.lower() in words:
            return joined
        if compound.lower() in words or "-" in head or head.lower() in _COMPOUND_HEADS:
            return compound
        return joined

    return _LINE_END_HYPHEN.sub(join, text)
