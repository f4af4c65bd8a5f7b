"""`flask usage report`: the model's analyses, tokens and cost per account for a month."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def test_the_report_lists_each_accounts_spend_biggest_first(
    app, client, quick_headers, resume_of, make_job, user_id, add_analysis
):
    small, big = quick_headers(), quick_headers()
    for headers, cost in ((small, "0.010000"), (big, "1.500000")):
        resume_id, job_id, me = resume_of(client, headers), make_job(headers), user_id(headers)
        add_analysis(me, resume_id, job_id, tokens=(1000, 200), cost=cost)
        add_analysis(me, resume_id, job_id, provider="builtin", tokens=(None, None), cost=None)
    add_analysis(me, resume_id, job_id, cost="7", ago="45 days")
    emails = {
        headers["Authorization"]: client.get("/api/user/profile", headers=headers).get_json()[
            "email"
        ]
        for headers in (small, big)
    }

    result = app.test_cli_runner().invoke(args=["usage", "report"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"model spend in {datetime.now(UTC):%Y-%m} (UTC)"
    [big_line, small_line] = lines[2:4]
    assert big_line.split() == [emails[big["Authorization"]], "1", "1000", "200", "1.500000"]
    assert small_line.split() == [emails[small["Authorization"]], "1", "1000", "200", "0.010000"]
    assert lines[4].split() == ["total", "2", "1.510000"]


def test_another_month_and_an_empty_one(
    app, client, quick_headers, resume_of, make_job, user_id, add_analysis
):
    headers = quick_headers()
    resume_id, job_id, me = resume_of(client, headers), make_job(headers), user_id(headers)
    add_analysis(me, resume_id, job_id, cost="7", ago="45 days")
    then = datetime.now(UTC) - timedelta(days=45)
    runner = app.test_cli_runner()

    past = runner.invoke(args=["usage", "report", "--month", f"{then:%Y-%m}"])
    assert past.exit_code == 0, past.output
    assert "7.000000" in past.output
    now = runner.invoke(args=["usage", "report"])
    assert "(no analyses answered by a model)" in now.output
    bad = runner.invoke(args=["usage", "report", "--month", "2026-13"])
    assert bad.exit_code == 2
    assert "'2026-13' is not a month like 2026-12" in bad.output
