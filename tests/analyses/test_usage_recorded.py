"""Model usage on analyses: the reply's tokens and OpenRouter's cost are recorded and shown,
and LLM_MONTHLY_BUDGET_USD moves analyses to the builtin analyzer once spent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jatify.analysis import BUDGET_NOTE
from jatify.tasks import analyze


@pytest.fixture
def requested(client, auth_headers, resume_with_text, make_job):
    """Ask for an analysis of a ready resume against a new job listing; its id."""
    resume_id = resume_with_text(auth_headers)

    def requested() -> str:
        job_id = make_job(auth_headers, description="Python, Flask and PostgreSQL backend work.")
        response = client.post(
            f"/api/resumes/{resume_id}/analyze", json={"job_id": job_id}, headers=auth_headers
        )
        assert response.status_code == 202, response.get_json()
        return response.get_json()["id"]

    return requested


@pytest.fixture
def analysis_json(client, auth_headers):
    """The analysis as the API shows it."""
    return lambda analysis_id: client.get(
        f"/api/analyses/{analysis_id}", headers=auth_headers
    ).get_json()


def run(run_handler, analysis_id: str, config) -> None:
    run_handler(analyze.run_analysis, {"analysis_id": analysis_id}, config)


def test_the_replys_tokens_and_cost_are_recorded_and_shown(
    requested, run_handler, llm_config, sql, analysis_json
):
    analysis_id = requested()

    run(run_handler, analysis_id, llm_config)

    [row] = sql(
        "SELECT status, prompt_tokens, completion_tokens, cost_usd FROM analyses WHERE id = :id",
        id=analysis_id,
    )
    assert tuple(row) == ("done", 100, 50, Decimal("0.000420"))
    shown = analysis_json(analysis_id)
    assert shown["usage"] == {"prompt_tokens": 100, "completion_tokens": 50, "cost_usd": 0.00042}


def test_an_endpoint_that_reports_no_price_records_tokens_only(
    requested, run_handler, llm_config, fake_llm, analysis_json
):
    fake_llm.cost = None
    analysis_id = requested()

    run(run_handler, analysis_id, llm_config)

    usage = analysis_json(analysis_id)["usage"]
    assert usage == {"prompt_tokens": 100, "completion_tokens": 50, "cost_usd": None}


def test_the_builtin_analyzer_has_no_usage(requested, run_handler, app, analysis_json):
    analysis_id = requested()

    run(run_handler, analysis_id, {**app.config, "ANALYZER": "builtin"})

    shown = analysis_json(analysis_id)
    assert shown["status"] == "done" and shown["provider"] == "builtin"
    assert shown["usage"] is None
    assert analysis_json(requested())["usage"] is None  # a pending one has none either


def test_a_spent_monthly_budget_runs_the_builtin_analyzer(
    requested, run_handler, llm_config, fake_llm, sql, analysis_json
):
    config = {**llm_config, "LLM_MONTHLY_BUDGET_USD": 0.0004}
    first = requested()
    run(run_handler, first, config)
    assert analysis_json(first)["provider"] == "openai-compatible"  # 0 of 0.0004 spent

    second = requested()
    run(run_handler, second, config)  # 0.00042 spent this month: over the budget

    shown = analysis_json(second)
    assert shown["status"] == "done"
    assert (shown["provider"], shown["usage"]) == ("builtin", None)
    assert shown["result"]["summary"].startswith(BUDGET_NOTE)
    assert len(fake_llm.requests) == 1

    # Last month's spend is last month's: the model answers again.
    sql("UPDATE analyses SET created_at = date_trunc('month', now()) - interval '1 day'")
    third = requested()
    run(run_handler, third, config)
    assert analysis_json(third)["provider"] == "openai-compatible"
    assert len(fake_llm.requests) == 2


def test_without_a_budget_spend_changes_nothing(
    requested, run_handler, llm_config, fake_llm, analysis_json
):
    fake_llm.cost = 5000.0
    for _ in range(2):
        analysis_id = requested()
        run(run_handler, analysis_id, llm_config)
        assert analysis_json(analysis_id)["usage"]["cost_usd"] == 5000.0
    assert len(fake_llm.requests) == 2
