"""Resume analysis against a job listing: pure Python, no Flask, no database.

`build_analyzer(config)` picks the analyzer from the settings; every analyzer returns an
AnalysisResult whose `result` matches API.md, or raises a Transient/PermanentAnalysisError
that tells the queue whether a retry can help.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from jatify.analysis.base import AnalysisResult, Analyzer, JobPosting, ModelUsage
from jatify.analysis.budget import BUDGET_NOTE, OverBudgetAnalyzer
from jatify.analysis.builtin import BuiltinAnalyzer
from jatify.analysis.errors import (
    DEFAULT_RETRY_MAX_SECONDS,
    AnalysisError,
    PermanentAnalysisError,
    TransientAnalysisError,
)
from jatify.analysis.llm import ChatCompletionsAnalyzer
from jatify.analysis.schema import RESULT_SCHEMA, validate_result

__all__ = [
    "BUDGET_NOTE",
    "RESULT_SCHEMA",
    "AnalysisError",
    "AnalysisResult",
    "Analyzer",
    "BuiltinAnalyzer",
    "ChatCompletionsAnalyzer",
    "JobPosting",
    "ModelUsage",
    "OverBudgetAnalyzer",
    "PermanentAnalysisError",
    "TransientAnalysisError",
    "analyzer_from_config",
    "build_analyzer",
    "validate_result",
]

# The settings an analyzer is built from (see jatify/settings.py).
SETTING_NAMES = (
    "ANALYZER",
    "LLM_BASE_URL",
    "OPENROUTER_API_KEY",
    "LLM_API_KEY",
    "LLM_MODEL",
    "LLM_CONNECT_TIMEOUT_SECONDS",
    "LLM_READ_TIMEOUT_SECONDS",
    "LLM_MAX_TOKENS",
    "QUEUE_RETRY_MAX_SECONDS",
)
DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"
DEFAULT_MODEL = "openai/gpt-4o-mini"


def _number(config: Mapping[str, Any], name: str, default: float, kind: type) -> Any:
    raw = config.get(name)
    if raw is None or raw == "":
        return kind(default)
    expected = "a positive integer" if kind is int else "a positive number"
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {expected}, got {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be {expected}, got {raw!r}")
    return value


def _text(config: Mapping[str, Any], name: str) -> str:
    return str(config.get(name) or "").strip()


def build_analyzer(config: Mapping[str, Any]) -> Analyzer:
    """The analyzer the settings ask for (ANALYZER auto|builtin|llm and the LLM_* keys)."""
    mode = _text(config, "ANALYZER").lower() or "auto"
    if mode not in ("auto", "builtin", "llm"):
        raise ValueError(f"ANALYZER must be auto, builtin or llm, got {mode!r}")
    base_url = _text(config, "LLM_BASE_URL") or DEFAULT_BASE_URL
    openrouter_key = _text(config, "OPENROUTER_API_KEY")
    other_key = _text(config, "LLM_API_KEY")
    if "openrouter.ai" in base_url:
        api_key = openrouter_key or other_key
    else:
        api_key = other_key or openrouter_key
    if mode == "builtin" or (mode == "auto" and not api_key):
        return BuiltinAnalyzer()
    if not api_key:
        raise ValueError(
            "ANALYZER=llm needs OPENROUTER_API_KEY or LLM_API_KEY (for a local endpoint that "
            "takes no key, any non-empty value works)"
        )
    return ChatCompletionsAnalyzer(
        base_url,
        api_key,
        _text(config, "LLM_MODEL") or DEFAULT_MODEL,
        connect_timeout=_number(config, "LLM_CONNECT_TIMEOUT_SECONDS", 5, float),
        read_timeout=_number(config, "LLM_READ_TIMEOUT_SECONDS", 60, float),
        max_tokens=_number(config, "LLM_MAX_TOKENS", 1200, int),
        retry_max_seconds=_number(
            config, "QUEUE_RETRY_MAX_SECONDS", DEFAULT_RETRY_MAX_SECONDS, float
        ),
    )


def analyzer_from_config(config: Mapping[str, Any]) -> Analyzer:
    """`build_analyzer` for these settings, parsed and built once per process and reused."""
    return _cached_analyzer(tuple(config.get(name) for name in SETTING_NAMES))


@functools.cache
def _cached_analyzer(values: tuple[Any, ...]) -> Analyzer:
    return build_analyzer(dict(zip(SETTING_NAMES, values, strict=True)))
