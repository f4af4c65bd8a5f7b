"""Reading an import CSV from a binary stream, one validated row at a time.

Memory stays bounded by the longest accepted line, never by the file: the stream is
decoded incrementally, a physical line longer than `MAX_LINE_CHARS` is skipped (and
reported) without being held, and the csv module refuses a cell over its field limit.
Bytes that are not UTF-8 are kept as surrogates while parsing so that one bad row is
reported by number instead of stopping the import.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import marshmallow as ma

from jatify.errors import InvalidInput
from jatify.services.statuses import status_key
from jatify.services.transfer.columns import (
    ALIAS_TO_FIELD,
    APPLICATION_COLUMNS,
    IMPORT_ALIASES,
    REQUIRED_FIELDS,
    describe_errors,
    header_key,
    restore,
    row_schema,
)
from jatify.services.transfer.row_check import RowCheck

MAX_LINE_CHARS = 1024 * 1024


class CsvFormatError(InvalidInput):
    """The file as a whole cannot be imported (encoding, header, required columns)."""

    def __init__(
        self,
        message: str = "The file is not a CSV this import understands",
        missing: list[str] | None = None,
    ) -> None:
        self.missing = missing or []
        details: dict[str, list[str]] = {"file": [message]}
        if self.missing:
            details["missing_columns"] = self.missing
        super().__init__(message, details=details)


class LineTooLong(Exception):
    """A physical line of the file is longer than `MAX_LINE_CHARS`."""


@dataclass
class Header:
    """Which column holds which import field, the columns left unused, and whether the
    header is exactly the one of Jatify's export (whose formula quotes are undone)."""

    positions: dict[str, int]
    ignored: list[str] = field(default_factory=list)
    from_export: bool = False


@dataclass
class ParsedRow:
    """One data row: its number as a spreadsheet shows it (header = 1), values or error."""

    number: int
    values: dict[str, Any] | None = None
    error: str | None = None


class BoundedLines:
    """A text stream's lines; an overlong one is skipped and raises `LineTooLong`, then on."""

    def __init__(self, stream: IO[str], max_chars: int = MAX_LINE_CHARS) -> None:
        self.stream = stream
        self.max_chars = max_chars

    def __iter__(self) -> BoundedLines:
        return self

    def __next__(self) -> str:
        line = self.stream.readline(self.max_chars)
        if not line:
            raise StopIteration
        if self._cut(line):
            while self._cut(self.stream.readline(self.max_chars)):
                pass
            raise LineTooLong(f"A line is longer than {self.max_chars:,} characters.")
        return line

    def _cut(self, piece: str) -> bool:
        return len(piece) == self.max_chars and not piece.endswith(("\n", "\r"))


def is_utf8(cells: list[str]) -> bool:
    """Whether every cell decoded cleanly (undecodable bytes become lone surrogates)."""
    try:
        "".join(cells).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_header(cells: list[str] | None) -> Header:
    """Map header names to import fields; 422-worthy problems raise `CsvFormatError`."""
    if not cells:
        raise CsvFormatError("The file is empty: the first line must name the columns.")
    if not is_utf8(cells):
        raise CsvFormatError("The file is not UTF-8 text: save it as 'CSV UTF-8' and retry.")
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, name in enumerate(cells):
        target = ALIAS_TO_FIELD.get(header_key(name))
        if target is None or target in positions:
            if name.strip():
                ignored.append(name.strip())
            continue
        positions[target] = index
    missing = [name for name in REQUIRED_FIELDS if name not in positions]
    if missing:
        accepted = "; ".join(f"{name}: {', '.join(IMPORT_ALIASES[name])}" for name in missing)
        raise CsvFormatError(
            f"Required columns are missing: {', '.join(missing)} (accepted names: {accepted}).",
            missing=missing,
        )
    return Header(positions, ignored, from_export=tuple(cells) == APPLICATION_COLUMNS)


def parse_row(
    number: int,
    cells: list[str],
    header: Header,
    statuses: dict[str, int],
    check: RowCheck | None = None,
) -> ParsedRow:
    """Validate one row's cells into the values the importer writes (`check`: the import's
    RowCheck, which remembers verdicts across its rows)."""
    if not is_utf8(cells):
        return ParsedRow(number, error="The row is not valid UTF-8 text.")
    raw: dict[str, Any] = {}
    for name, index in header.positions.items():
        cell = cells[index].strip() if index < len(cells) else ""
        if header.from_export:
            cell = restore(cell)  # only the export quoted formulas; other files mean it
        if cell:  # a blank cell is left out: required ones then fail, others stay null
            raw[name] = cell
    try:
        values = (check or RowCheck(row_schema())).load(raw)
    except ma.ValidationError as exc:
        return ParsedRow(number, error=describe_errors(exc.normalized_messages()))
    status_id = statuses.get(status_key(values["status"]))
    if status_id is None:
        return ParsedRow(number, error=f"status: unknown status {values['status']!r}.")
    values["status_id"] = status_id
    return ParsedRow(number, values=values)


def read_rows(binary: IO[bytes], statuses: dict[str, int]) -> tuple[Header, Iterator[ParsedRow]]:
    """Read the header now (raising `CsvFormatError`), then yield the data rows lazily."""
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(BoundedLines(text))
    try:
        try:
            cells = next(reader, None)
        except (csv.Error, LineTooLong) as exc:
            raise CsvFormatError(f"The header line cannot be read: {exc}") from None
        header = read_header(cells)
    except CsvFormatError:
        text.detach()
        raise
    return header, _data_rows(text, reader, header, statuses)


def _data_rows(
    text: io.TextIOWrapper, reader: Any, header: Header, statuses: dict[str, int]
) -> Iterator[ParsedRow]:
    check = RowCheck(row_schema())
    try:
        for number, cells, error in _records(reader):
            if cells is None:
                yield ParsedRow(number, error=error)
            else:
                yield parse_row(number, cells, header, statuses, check)
    finally:
        text.detach()


def _records(reader: Any) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """Each non-blank data record as (row number, cells, None), or (number, None, error)."""
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except LineTooLong as exc:
            number += 1
            yield number, None, str(exc)
            continue
        except csv.Error as exc:
            number += 1
            yield number, None, f"The row cannot be read as CSV: {exc}."
            continue
        number += 1
        if any(cell.strip() for cell in cells):
            yield number, cells, None


def count_data_rows(binary: IO[bytes]) -> int:
    """How many rows `read_rows` will yield for this file (no validation: one quick pass)."""
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        reader = csv.reader(BoundedLines(text))
        with contextlib.suppress(csv.Error, LineTooLong):
            next(reader, None)
        return sum(1 for _ in _records(reader))
    finally:
        text.detach()
