"""Reading pasted text with a model endpoint (the fake one): structured output, the
fallback to prompt-only JSON, and the failures the queue retries or gives up on."""

from __future__ import annotations

from datetime import date

import pytest

from jatify.analysis import PermanentAnalysisError, TransientAnalysisError
from jatify.capture import PostingModel, posting_from_text, posting_model_from_config
from jatify.vocabulary import CaptureMethod

KEY = "sk-test-capture-0123456789abcdef"
PASTED = "We're hiring!\nJoin Fernwood Labs as a Staff Engineer in Lisbon. EUR 90k.\n"
FIELDS = {
    "company": "Fernwood Labs",
    "position": "Staff Engineer",
    "location": "Lisbon",
    "salary": "EUR 90k",
    "employment_type": None,
    "posted_at": "2026-05-01",
    "valid_through": None,
}


@pytest.fixture
def model(fake_llm) -> PostingModel:
    """A reader pointed at the fake endpoint."""
    return PostingModel(fake_llm.base_url, KEY, "fake/reader", connect_timeout=1, read_timeout=1)


def test_the_model_fills_the_listing_and_the_text_stays_the_description(model, fake_llm):
    fake_llm.script([("ok", FIELDS)])

    posting = posting_from_text(PASTED, model)

    assert (posting.company, posting.position, posting.location) == (
        "Fernwood Labs",
        "Staff Engineer",
        "Lisbon",
    )
    assert (posting.salary, posting.posted_at) == ("EUR 90k", date(2026, 5, 1))
    assert posting.description == PASTED.strip()
    assert posting.method == CaptureMethod.TEXT
    [request] = fake_llm.requests
    assert request.body["response_format"]["json_schema"]["name"] == "job_posting"
    assert request.body["messages"][-1]["content"] == PASTED
    assert request.headers["Authorization"] == f"Bearer {KEY}"


def test_what_the_model_leaves_out_comes_from_the_builtin_guess(model, fake_llm):
    fake_llm.script([("ok", {**FIELDS, "company": None, "position": None})])

    posting = posting_from_text(PASTED, model)

    assert (posting.position, posting.company) == (
        "We're hiring!",
        "Join Fernwood Labs as a Staff Engineer in Lisbon. EUR 90k.",
    )


def test_an_endpoint_without_structured_output_gets_prompt_only_json(model, fake_llm):
    fake_llm.script(["400_response_format", ("ok", FIELDS)])

    assert model.read_fields(PASTED)["company"] == "Fernwood Labs"
    assert "response_format" not in fake_llm.requests[-1].body
    assert model.use_response_format is False


@pytest.mark.parametrize("step", ["malformed", "wrong_schema", "500", ("429", 3), "timeout"])
def test_passing_failures_are_transient(model, fake_llm, step):
    fake_llm.script([step])
    with pytest.raises(TransientAnalysisError):
        model.read_fields(PASTED)


def test_a_refused_key_is_permanent_and_never_quoted(model, fake_llm):
    fake_llm.script(["401"])
    with pytest.raises(PermanentAnalysisError) as raised:
        model.read_fields(PASTED)
    assert KEY not in raised.value.message
    assert "401" in raised.value.message


def test_the_model_is_used_only_when_analyses_use_one(app, fake_llm):
    assert posting_model_from_config({**app.config, "ANALYZER": "builtin"}) is None
    config = {
        **app.config,
        "ANALYZER": "auto",
        "LLM_API_KEY": KEY,
        "LLM_BASE_URL": fake_llm.base_url,
    }
    model = posting_model_from_config(config)
    assert isinstance(model, PostingModel)
    assert model.url == f"{fake_llm.base_url}/chat/completions"
