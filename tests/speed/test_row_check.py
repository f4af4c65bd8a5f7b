"""RowCheck answers exactly as marshmallow's per-row load of the import schema does, while
asking each field about a repeated value once."""

from __future__ import annotations

import itertools

import marshmallow as ma
import pytest

from jatify.services.transfer.columns import row_schema
from jatify.services.transfer.row_check import RowCheck

CELLS = {
    "company": ["Acme", "x" * 201, " ", "Ünïcode GmbH"],
    "position": ["Engineer", "y" * 201],
    "status": ["Applied", "z" * 65],
    "applied_at": ["2024-02-29", "2023-02-29", "yesterday"],
    "url": ["https://acme.example/job", "ftp://acme.example", "not a url"],
    "tags": ["remote;python", ";;", "a" * 40],
    "notes": ["A note", "n" * 10_001],
    "source": ["LinkedIn", "s" * 101],
}


BASE = {"company": "Acme", "position": "Engineer", "status": "Applied"}


def _answer(load, raw: dict[str, str]) -> tuple[str, object]:
    try:
        return "values", load(raw)
    except ma.ValidationError as exc:
        return "errors", exc.normalized_messages()


def _rows() -> list[dict[str, str]]:
    names = list(CELLS)
    rows = []
    for combination in itertools.product(*(CELLS[name][:2] for name in names)):
        rows.append(dict(zip(names, combination, strict=True)))
    for name, values in CELLS.items():
        for value in values:
            rows.append(
                {"company": "Acme", "position": "Engineer", "status": "Applied", name: value}
            )
    rows.append({})  # every required field missing
    rows.append({"notes": "only notes"})
    return rows


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_the_same_answers_as_the_schema_row_after_row(order: str) -> None:
    rows = _rows() if order == "forward" else _rows()[::-1]
    check = RowCheck(row_schema())
    for raw in rows:
        assert _answer(check.load, raw) == _answer(row_schema().load, raw), raw


def test_rows_never_share_a_remembered_list() -> None:
    check = RowCheck(row_schema())
    row = {"company": "Acme", "position": "Engineer", "status": "Applied", "tags": "a;b"}
    first, second = check.load(row), check.load(row)
    first["tags"].append("mine")
    assert second["tags"] == ["a", "b"]


def test_free_text_is_not_remembered() -> None:
    check = RowCheck(row_schema())
    for n in range(50):
        check.load({"company": "Acme", "position": "Dev", "status": "Applied", "notes": f"n{n}"})
    assert {name for name, _ in check._verdicts} == {"company", "position", "status"}
