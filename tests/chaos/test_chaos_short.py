"""A short chaos run (bench/chaos/): real workers, a failing model endpoint, SIGKILLed
workers and a PostgreSQL restart; nothing may be lost or completed twice."""

from pathlib import Path

from bench.chaos import ChaosParams, run_chaos


def test_analyses_survive_killed_workers_a_database_restart_and_a_failing_endpoint(
    tmp_path: Path,
) -> None:
    params = ChaosParams(
        analyses=150, workers=3, kill_every_seconds=1.0, time_limit_seconds=180, seed=11
    )
    report = run_chaos(params, tmp_path)

    assert report.workers_killed >= 1
    assert report.database_restarts == 1
    assert report.model_requests.get("500", 0) > 0
    assert report.stuck == 0
    assert report.lost == 0
    assert report.completed_twice == 0
    assert report.dead_letters_missing_history == 0
    assert report.done_before_recovery + report.dead_lettered == params.analyses
    assert report.requeued == report.dead_lettered
    assert report.done_after_recovery == params.analyses
