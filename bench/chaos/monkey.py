"""The failures injected while the workers run: SIGKILLed workers, a PostgreSQL restart and
bursts of 429 from the model endpoint."""

from __future__ import annotations

import random
import signal
import subprocess
import threading
from pathlib import Path

import psutil

from bench.chaos.checks import counts
from bench.chaos.environment import ChaosParams
from bench.chaos.report import ChaosReport
from jatify.development import embedded_db
from tests.fakes.llm_server import FakeLLM


def chaos_monkey(
    supervisor: subprocess.Popen,
    params: ChaosParams,
    data_dir: Path,
    report: ChaosReport,
    stop: threading.Event,
    dsn: str,
) -> None:
    """SIGKILL a random worker every few seconds; restart PostgreSQL once, a third in."""
    rng = random.Random(params.seed)
    restart_after = params.analyses // 3
    while not stop.wait(params.kill_every_seconds):
        children = psutil.Process(supervisor.pid).children()
        if children:
            victim = rng.choice(children)
            try:
                victim.send_signal(signal.SIGKILL)
                report.workers_killed += 1
            except psutil.NoSuchProcess:
                pass
        due = params.restart_database and not report.database_restarts
        if due and counts(dsn).get("done", 0) >= restart_after:
            embedded_db.pg_ctl(data_dir, "restart", "-m", "fast")
            report.database_restarts += 1


def send_429_bursts(fake: FakeLLM, stop: threading.Event) -> None:
    """Every 5 seconds, the next 20 answers are 429 with Retry-After: 1."""
    while not stop.wait(5):
        fake.script([("429", 1)] * 20)
