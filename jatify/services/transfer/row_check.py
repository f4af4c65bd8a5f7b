"""Validating import rows field by field, remembering each field's verdict on a value.

An import's rows repeat most of their cells (the same company, position, status, URL or
city on many rows), and marshmallow's per-row `load` costs most of an import's CPU time.
`RowCheck` gives exactly the answers of `row_schema().load` (the same fields, rules and
messages: the schema has no rules across fields), but asks each field about a given
value once per import. Free text that rarely repeats (notes, descriptions) is not
remembered, so the memory holds the repeated values only.
"""

from __future__ import annotations

import copy
from typing import Any

import marshmallow as ma

# Fields whose values are seldom the same on two rows: checked every time.
NOT_REMEMBERED = frozenset({"notes", "description"})


class RowCheck:
    """`schema.load(raw)` for flat rows of strings, with each field's answers remembered."""

    def __init__(self, schema: ma.Schema) -> None:
        self.fields = schema.fields
        self.required = [name for name, field in self.fields.items() if field.required]
        self._verdicts: dict[tuple[str, str], tuple[bool, Any]] = {}

    def load(self, raw: dict[str, str]) -> dict[str, Any]:
        """The row's values; `ma.ValidationError` with `{field: [messages]}` as `load` raises."""
        values: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for name in self.required:
            if name not in raw:
                errors[name] = [self.fields[name].error_messages["required"]]
        for name, cell in raw.items():
            ok, result = self._verdict(name, cell)
            if ok:
                values[name] = result
            else:
                errors[name] = result
        if errors:
            raise ma.ValidationError(errors)
        return values

    def _verdict(self, name: str, cell: str) -> tuple[bool, Any]:
        key = (name, cell)
        verdict = self._verdicts.get(key)
        if verdict is None:
            try:
                verdict = (True, self.fields[name].deserialize(cell, name, None))
            except ma.ValidationError as exc:
                messages = exc.messages
                verdict = (False, messages if isinstance(messages, list) else [messages])
            if name not in NOT_REMEMBERED:
                self._verdicts[key] = verdict
        ok, result = verdict
        # A remembered list (tags) must not be shared by two rows.
        return ok, copy.copy(result) if isinstance(result, list) else result
