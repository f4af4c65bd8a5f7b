"""validate_result: the gate every analyzer's reply passes before it is stored."""

from __future__ import annotations

import json

import pytest

from jatify.analysis import RESULT_SCHEMA, TransientAnalysisError, validate_result
from jatify.analysis.schema import LIST_FIELDS, MAX_ITEM_CHARS, MAX_LIST_ITEMS

VALID = {
    "score": 81,
    "summary": "Good fit.",
    "matched_keywords": ["Python"],
    "missing_keywords": ["Kubernetes"],
    "strengths": ["Clear results"],
    "weaknesses": ["No cloud work"],
    "suggestions": ["Mention AWS"],
}


def test_valid_object_passes_unchanged():
    assert validate_result(dict(VALID)) == VALID


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(VALID),
        "```json\n" + json.dumps(VALID) + "\n```",
        "```\n" + json.dumps(VALID, indent=2) + "\n```",
        "  ```JSON " + json.dumps(VALID) + "```  ",
        "Here is the analysis:\n" + json.dumps(VALID) + "\nHope this helps!",
        json.dumps(VALID).encode(),
    ],
    ids=["plain", "json-fence", "bare-fence", "inline-fence", "prose-around", "bytes"],
)
def test_text_replies_are_parsed(text):
    assert validate_result(text) == VALID


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (150, 100),
        (-5, 0),
        (72.5, 73),
        (72.4, 72),
        (0, 0),
        ("85", 85),
        (" 64.6 ", 65),
        ("90%", 90),
        ("70/100", 70),
    ],
)
def test_score_is_clamped_and_rounded_to_int(score, expected):
    result = validate_result({**VALID, "score": score})
    assert result["score"] == expected
    assert type(result["score"]) is int


@pytest.mark.parametrize(
    "score", [True, None, "high", "1e3", "80 out of 100", [80], {"value": 80}, float("nan")]
)
def test_score_that_is_not_a_number_is_rejected(score):
    with pytest.raises(TransientAnalysisError, match="score"):
        validate_result({**VALID, "score": score})


def test_lists_are_coerced_trimmed_deduplicated_and_capped():
    raw = {
        **VALID,
        "matched_keywords": ["  Python ", "python", 3, 2.5, None, True, {"x": 1}, "", "Go\n  lang"],
        "suggestions": [f"tip {n}" for n in range(100)],
        "strengths": ["x" * 1000],
    }
    result = validate_result(raw)
    assert result["matched_keywords"] == ["Python", "3", "2.5", "Go lang"]
    assert result["suggestions"] == [f"tip {n}" for n in range(MAX_LIST_ITEMS)]
    assert result["strengths"] == ["x" * MAX_ITEM_CHARS]


def test_missing_or_null_lists_become_empty_and_extra_keys_are_dropped():
    raw = {"score": 50, "summary": "Half.", "weaknesses": None, "confidence": 0.9}
    result = validate_result(raw)
    assert list(result) == ["score", "summary", *LIST_FIELDS]
    assert all(result[name] == [] for name in LIST_FIELDS)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ({k: v for k, v in VALID.items() if k != "score"}, "missing score"),
        ({k: v for k, v in VALID.items() if k != "summary"}, "missing summary"),
        ({**VALID, "summary": 42}, "summary"),
        ({**VALID, "summary": "   "}, "summary"),
        ({**VALID, "strengths": "Python"}, "strengths is not a list"),
        ([VALID], "expected a JSON object, got list"),
        ("42", "expected a JSON object, got int"),
        (None, "expected a JSON object, got NoneType"),
        ("not json at all", "not JSON"),
        ('```json\n{"score": 80, "summ', "not JSON"),
    ],
)
def test_bad_shapes_raise_a_transient_schema_error(raw, reason):
    with pytest.raises(TransientAnalysisError) as caught:
        validate_result(raw)
    assert caught.value.transient is True
    assert caught.value.message.startswith("the model's reply did not match the result schema: ")
    assert reason in caught.value.message


def test_result_schema_is_strict_mode_compatible():
    assert RESULT_SCHEMA["additionalProperties"] is False
    assert set(RESULT_SCHEMA["required"]) == set(RESULT_SCHEMA["properties"])
    assert set(RESULT_SCHEMA["properties"]) == set(VALID)
