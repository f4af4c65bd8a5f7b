"""build_analyzer: the settings pick the analyzer, and bad settings fail with a clear message."""

from __future__ import annotations

import pytest

from jatify.analysis import BuiltinAnalyzer, ChatCompletionsAnalyzer, JobPosting, build_analyzer
from jatify.config import load_settings


def test_default_settings_without_a_key_give_the_builtin_analyzer():
    analyzer = build_analyzer(load_settings({}))
    assert isinstance(analyzer, BuiltinAnalyzer)
    assert (analyzer.provider, analyzer.model) == ("builtin", "keywords-v1")
    assert isinstance(build_analyzer({}), BuiltinAnalyzer)


def test_auto_with_an_openrouter_key_uses_openrouter_with_the_defaults():
    analyzer = build_analyzer(load_settings({"OPENROUTER_API_KEY": "sk-or-v1-abc"}))
    assert isinstance(analyzer, ChatCompletionsAnalyzer)
    assert analyzer.provider == "openrouter"
    assert analyzer.base_url == "https://openrouter.ai/api/v1"
    assert analyzer.model == "openai/gpt-4o-mini"
    assert (analyzer.connect_timeout, analyzer.read_timeout, analyzer.max_tokens) == (5, 60, 1200)


def test_llm_settings_are_parsed_from_strings(fake_llm, job):
    config = {
        "ANALYZER": "LLM",
        "LLM_API_KEY": "local-key",
        "OPENROUTER_API_KEY": "sk-or-v1-not-for-this-endpoint",
        "LLM_BASE_URL": fake_llm.base_url,
        "LLM_MODEL": "llama3.1:8b",
        "LLM_CONNECT_TIMEOUT_SECONDS": "0.5",
        "LLM_READ_TIMEOUT_SECONDS": "7",
        "LLM_MAX_TOKENS": "300",
    }
    analyzer = build_analyzer(config)
    assert isinstance(analyzer, ChatCompletionsAnalyzer)
    assert analyzer.provider == "openai-compatible"
    assert (analyzer.connect_timeout, analyzer.read_timeout, analyzer.max_tokens) == (0.5, 7, 300)
    analyzer.analyze("Python", job)
    (request,) = fake_llm.requests
    # A non-OpenRouter endpoint gets LLM_API_KEY, not the OpenRouter key.
    assert request.headers["Authorization"] == "Bearer local-key"
    assert request.body["model"] == "llama3.1:8b"
    assert request.body["max_tokens"] == 300


def test_builtin_is_used_when_asked_even_with_a_key():
    config = {"ANALYZER": "builtin", "OPENROUTER_API_KEY": "sk-or-v1-abc"}
    assert isinstance(build_analyzer(config), BuiltinAnalyzer)


def test_llm_without_a_key_is_a_clear_error():
    with pytest.raises(ValueError, match="ANALYZER=llm needs OPENROUTER_API_KEY or LLM_API_KEY"):
        build_analyzer({"ANALYZER": "llm", "OPENROUTER_API_KEY": "  ", "LLM_API_KEY": None})


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"ANALYZER": "gpt"}, "ANALYZER must be auto, builtin or llm, got 'gpt'"),
        (
            {"LLM_API_KEY": "k", "LLM_READ_TIMEOUT_SECONDS": "soon"},
            "LLM_READ_TIMEOUT_SECONDS must be a positive number, got 'soon'",
        ),
        (
            {"LLM_API_KEY": "k", "LLM_MAX_TOKENS": 0},
            "LLM_MAX_TOKENS must be a positive integer, got 0",
        ),
    ],
)
def test_bad_settings_are_rejected(config, message):
    with pytest.raises(ValueError) as caught:
        build_analyzer(config)
    assert str(caught.value) == message


def test_builtin_from_settings_analyzes_offline():
    analyzer = build_analyzer({"ANALYZER": "auto"})
    result = analyzer.analyze("Python and SQL", JobPosting("Acme", "Analyst", "Requires SQL"))
    assert result.result["matched_keywords"] == ["SQL"]
