"""DOCX text through python-docx, after checking the archive cannot blow up when unpacked."""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

import docx

from jatify.documents.core import Extraction, ExtractionError, ExtractionLimits, collect_text
from jatify.vocabulary import TextError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from lxml.etree import _Element

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH = f"{_W}p"
_TABLE = f"{_W}tbl"
_ROW = f"{_W}tr"
_CELL = f"{_W}tc"
_TEXT = f"{_W}t"
_TEXT_BOX = f"{_W}txbxContent"
_INLINE_MARKS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
# Subtrees whose text is not the document's current text: the legacy copy Word writes
# next to every modern drawing (markup-compatibility Fallback, a duplicate of its
# Choice), tracked deletions and the source side of tracked moves.
_SKIPPED = frozenset(
    {
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
        f"{_W}moveFrom",
        f"{_W}del",
    }
)
# An entry that unpacks to more than this and more than _MAX_RATIO times its packed
# size is a decompression bomb, whatever the total: real documents are XML and
# already-compressed images, which pack a few times to a few tens of times.
_RATIO_CHECK_FLOOR_BYTES = 1024 * 1024
_MAX_RATIO = 200


def extract_docx(data: bytes, limits: ExtractionLimits) -> Extraction:
    """Return the text of a DOCX: page headers, paragraphs, tables, content controls, text boxes."""
    _check_archive(data, limits)
    document = docx.Document(io.BytesIO(data))
    # Resume templates keep the name, headline and contact line in the page header.
    chunks = itertools.chain(_header_blocks(document), _blocks(document.element.body))
    text = collect_text(chunks, "\n", limits.max_chars)
    if not text:
        raise ExtractionError(TextError.NO_TEXT)
    return Extraction(text=text, page_count=None)


def _check_archive(data: bytes, limits: ExtractionLimits) -> None:
    """Refuse, from the central directory alone, an archive that unpacks too large."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as error:
        raise ExtractionError(TextError.CORRUPT) from error
    # zipfile never inflates an entry past the size its central directory declares,
    # so these declared sizes bound what python-docx can unpack.
    if sum(entry.file_size for entry in entries) > limits.max_docx_uncompressed_bytes:
        raise ExtractionError(TextError.CORRUPT, "The document unpacks to more than the size limit")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_CHECK_FLOOR_BYTES and ratio > _MAX_RATIO:
            raise ExtractionError(TextError.CORRUPT, "The document is compressed suspiciously well")


def _header_blocks(document: DocxDocument) -> Iterator[str]:
    """Yield the lines of the page headers each section defines (not those it inherits)."""
    for section in document.sections:
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.insert(0, section.first_page_header)
        for header in headers:
            if not header.is_linked_to_previous:
                yield from _blocks(header.part.element)


def _blocks(element: _Element) -> Iterator[str]:
    """Yield the lines of the block content under element, in document order."""
    for child in element:
        if child.tag == _PARAGRAPH:
            yield from _paragraph(child)
        elif child.tag == _TABLE:
            yield from _table(child)
        elif child.tag not in _SKIPPED:
            # Content controls, custom XML and the like wrap blocks: look inside.
            yield from _blocks(child)


def _paragraph(paragraph: _Element) -> Iterator[str]:
    """Yield a paragraph's text, then the lines of any text boxes anchored in it."""
    parts: list[str] = []
    boxes: list[str] = []
    _collect_inline(paragraph, parts, boxes)
    yield "".join(parts)
    yield from boxes


def _collect_inline(element: _Element, parts: list[str], boxes: list[str]) -> None:
    """Append the run text under element to parts, and text box lines to boxes."""
    for child in element:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag in _INLINE_MARKS:
            parts.append(_INLINE_MARKS[child.tag])
        elif child.tag == _TEXT_BOX:
            boxes.extend(_blocks(child))
        elif child.tag not in _SKIPPED:
            _collect_inline(child, parts, boxes)


def _table(table: _Element) -> Iterator[str]:
    """Yield one line per table row, its non-empty cells separated by tabs."""
    for row in _nearest(table, _ROW):
        cells = ("\n".join(_blocks(cell)).strip() for cell in _nearest(row, _CELL))
        line = "\t".join(cell for cell in cells if cell)
        if line:
            yield line


def _nearest(element: _Element, tag: str) -> Iterator[_Element]:
    """Yield the descendants with tag that are not inside another such descendant."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag not in _SKIPPED:
            yield from _nearest(child, tag)
