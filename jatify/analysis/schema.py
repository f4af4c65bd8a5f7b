"""The result object of an analysis (API.md, "Analyses") and the check every result passes."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from jatify.analysis.errors import TransientAnalysisError

LIST_FIELDS = ("matched_keywords", "missing_keywords", "strengths", "weaknesses", "suggestions")
MAX_LIST_ITEMS = 30
MAX_ITEM_CHARS = 200
MAX_SUMMARY_CHARS = 1000

# JSON Schema sent as response_format; strict mode wants every property required and
# no additional properties.
RESULT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "score": {"type": "integer", "minimum": 0, "maximum": 100},
        "summary": {"type": "string"},
        **{name: {"type": "array", "items": {"type": "string"}} for name in LIST_FIELDS},
    },
    "required": ["score", "summary", *LIST_FIELDS],
    "additionalProperties": False,
}

_SCORE_TEXT = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(?:%|/\s*100)?\s*$")
_FENCE = re.compile(r"^```[A-Za-z0-9_-]*\s*\n?(.*?)\n?\s*```$", re.DOTALL)


def _invalid(reason: str) -> TransientAnalysisError:
    return TransientAnalysisError(f"the model's reply did not match the result schema: {reason}")


def _parse_json_text(text: str) -> Any:
    """JSON from a reply that may be wrapped in ``` fences or a sentence of prose."""
    text = text.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1).strip()
    try:
        return json.loads(text)
    except ValueError:
        start, end = text.find("{"), text.rfind("}")
        if 0 <= start < end:
            try:
                return json.loads(text[start : end + 1])
            except ValueError:
                pass
    raise _invalid("it is not JSON")


def _score(value: Any) -> int:
    if isinstance(value, bool):
        raise _invalid("score is not a number")
    if isinstance(value, str):
        number = _SCORE_TEXT.match(value)
        if not number:
            raise _invalid(f"score {value[:20]!r} is not a number")
        value = float(number.group(1))
    if not isinstance(value, int | float) or math.isnan(value) or math.isinf(value):
        raise _invalid("score is not a number")
    return min(100, max(0, math.floor(value + 0.5)))


def _string_list(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _invalid(f"{name} is not a list")
    items: list[str] = []
    seen: set[str] = set()
    for item in value:
        if isinstance(item, int | float) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str):
            continue
        item = " ".join(item.split())[:MAX_ITEM_CHARS].strip()
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            items.append(item)
        if len(items) == MAX_LIST_ITEMS:
            break
    return items


def validate_result(raw: Any) -> dict:
    """Coerce a model's reply (JSON text or a parsed object) into the result schema."""
    if isinstance(raw, bytes | bytearray):
        raw = raw.decode("utf-8", errors="replace")
    if isinstance(raw, str):
        raw = _parse_json_text(raw)
    if not isinstance(raw, dict):
        raise _invalid(f"expected a JSON object, got {type(raw).__name__}")
    # Score and summary carry the answer; a list left out means "nothing to say" and becomes [].
    missing = [key for key in ("score", "summary") if key not in raw]
    if missing:
        raise _invalid("missing " + ", ".join(missing))
    summary = raw["summary"]
    if not isinstance(summary, str) or not summary.strip():
        raise _invalid("summary is not a non-empty string")
    result: dict[str, Any] = {
        "score": _score(raw["score"]),
        "summary": " ".join(summary.split())[:MAX_SUMMARY_CHARS],
    }
    for name in LIST_FIELDS:
        result[name] = _string_list(name, raw.get(name))
    return result
