"""One chaos run: the workers under fire until everything settles, then the recovery."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

from bench.chaos.checks import check, requeue_all, wait_settled
from bench.chaos.environment import FAILURE_RATES, ChaosParams, prepare_database, worker_env
from bench.chaos.monkey import chaos_monkey, send_429_bursts
from bench.chaos.report import ChaosReport
from jatify.config import PROJECT_ROOT
from tests.fakes.llm_server import FakeLLM


def run_chaos(params: ChaosParams, work_dir: Path) -> ChaosReport:
    """One chaos run in `work_dir` (its embedded PostgreSQL lives there)."""
    report = ChaosReport(params=asdict(params), analyses=params.analyses)
    data_dir = work_dir / "pgdata"
    database_url, dsn = prepare_database(params, data_dir)

    fake = FakeLLM(failure_rates=FAILURE_RATES, seed=params.seed, timeout_delay=2.0).start()
    stop = threading.Event()
    supervisor = subprocess.Popen(
        [sys.executable, str(PROJECT_ROOT / "worker.py")],
        env=worker_env(database_url, fake, params),
        cwd=PROJECT_ROOT,
    )
    bursts = threading.Thread(target=send_429_bursts, args=(fake, stop), daemon=True)
    monkey = threading.Thread(
        target=chaos_monkey, args=(supervisor, params, data_dir, report, stop, dsn), daemon=True
    )
    started = time.monotonic()
    bursts.start()
    monkey.start()
    try:
        deadline = started + params.time_limit_seconds
        status = wait_settled(dsn, params.analyses, deadline, all_done=False)
        stop.set()
        monkey.join()
        report.seconds_to_settle = round(time.monotonic() - started, 1)
        report.done_before_recovery = status.get("done", 0)
        report.dead_lettered = status.get("failed", 0)
        check(dsn, report)

        report.model_requests = dict(fake.counts)
        fake.failure_rates = {}
        fake.reset()
        recovering = time.monotonic()
        report.requeued = requeue_all(dsn)
        status = wait_settled(dsn, params.analyses, recovering + 120, all_done=True)
        report.seconds_to_recover = round(time.monotonic() - recovering, 1)
        report.done_after_recovery = status.get("done", 0)
        check(dsn, report)
    finally:
        stop.set()
        supervisor.send_signal(signal.SIGTERM)
        try:
            supervisor.wait(timeout=15)
        except subprocess.TimeoutExpired:
            supervisor.kill()
        report.model_requests_after_recovery = dict(fake.counts)
        fake.shutdown()
    return report
