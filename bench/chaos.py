"""Chaos run: analyses through real workers while the model endpoint, the workers and the
database fail on purpose. Checks the database for lost and doubly completed work.

    .venv/bin/python -m bench.chaos                 # the full run (a few minutes)
    .venv/bin/python -m bench.chaos --analyses 200  # a quick one

It starts its own embedded PostgreSQL (so it can restart it) and a fake OpenAI-compatible
endpoint on 127.0.0.1 that answers 10% HTTP 500, 5% timeouts, 3% malformed JSON and
bursts of 429 with Retry-After. While `worker.py` runs, a random worker process is
SIGKILLed every `--kill-every` seconds and PostgreSQL is restarted once. At the end every
analysis must be done, or failed with a dead letter that keeps every attempt's error;
then the endpoint recovers, the dead letters are requeued, and all must end done.
A trigger records every write that marks an analysis done, so "completed twice" is
counted from the database, not from logs. The summary is printed and written to
bench/results/chaos.json and chaos.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil
import psycopg2

from jatify import create_app, embedded_db
from jatify.config import PROJECT_ROOT
from tests.fakes.llm_server import FakeLLM

RESULTS = PROJECT_ROOT / "bench" / "results"
SECRET = "chaos-run-signing-key-0123456789-0123456789"
FAILURE_RATES = {"500": 0.10, "timeout": 0.05, "malformed": 0.03}

AUDIT_SQL = """
CREATE TABLE IF NOT EXISTS chaos_completions (
    analysis_id uuid NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE OR REPLACE FUNCTION chaos_record_completion() RETURNS trigger AS $$
BEGIN
    INSERT INTO chaos_completions (analysis_id) VALUES (NEW.id);
    RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS chaos_completion ON analyses;
CREATE TRIGGER chaos_completion AFTER UPDATE ON analyses
    FOR EACH ROW WHEN (NEW.status = 'done') EXECUTE FUNCTION chaos_record_completion();
"""


@dataclass
class ChaosParams:
    """What one run does."""

    analyses: int = 3000
    workers: int = 4
    kill_every_seconds: float = 1.0
    restart_database: bool = True
    max_attempts: int = 4
    time_limit_seconds: float = 600.0
    seed: int = 7


@dataclass
class ChaosReport:
    """What one run found (the figures quoted in the README)."""

    params: dict[str, Any]
    analyses: int = 0
    done_before_recovery: int = 0
    dead_lettered: int = 0
    dead_letters_missing_history: int = 0
    stuck: int = 0
    lost: int = 0
    completed_twice: int = 0
    workers_killed: int = 0
    database_restarts: int = 0
    model_requests: dict[str, int] = field(default_factory=dict)
    model_requests_after_recovery: dict[str, int] = field(default_factory=dict)
    requeued: int = 0
    done_after_recovery: int = 0
    seconds_to_settle: float = 0.0
    seconds_to_recover: float = 0.0

    @property
    def passed(self) -> bool:
        """Nothing lost, nothing done twice, everything done after recovery."""
        return (
            self.lost == 0
            and self.completed_twice == 0
            and self.dead_letters_missing_history == 0
            and self.done_after_recovery == self.analyses
        )


def seed(app: Any, count: int) -> None:
    """One user with enough resumes (text ready) and job listings for `count` pairs."""
    from jatify.extensions import db
    from jatify.models import JobListing, Resume, User
    from jatify.services.analyses import request_analysis

    jobs_count = 50
    resumes_count = -(-count // jobs_count)
    with app.app_context():
        user = User(email="chaos@example.com", name="Chaos", password_hash="x")
        db.session.add(user)
        db.session.flush()
        jobs = [
            JobListing(
                user_id=user.id,
                company=f"Company {n}",
                position="Backend Engineer",
                description="Python, PostgreSQL, Flask, Docker, Kubernetes and REST APIs.",
            )
            for n in range(jobs_count)
        ]
        resumes = [
            Resume(
                user_id=user.id,
                name=f"Resume {n}",
                filename=f"resume-{n}.txt",
                content_type="text/plain",
                size_bytes=100,
                sha256="0" * 64,
                text="Backend engineer: Python, Flask, PostgreSQL, Docker. Cut latency 40%.",
                text_status="ready",
            )
            for n in range(resumes_count)
        ]
        db.session.add_all(jobs + resumes)
        db.session.commit()
        pairs = [(r.id, j.id) for r in resumes for j in jobs][:count]
        user_id = user.id
        for resume_id, job_id in pairs:
            request_analysis(user_id, resume_id, job_id)
        db.session.remove()


def worker_env(database_url: str, fake: FakeLLM, params: ChaosParams) -> dict[str, str]:
    """The environment of worker.py for the run: short leases, fast retries."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        JATIFY_ENV="testing",
        JWT_SECRET_KEY=SECRET,
        WORKER_PROCESSES=str(params.workers),
        WORKER_POLL_SECONDS="1",
        WORKER_SHUTDOWN_GRACE="5",
        QUEUE_LEASE_SECONDS="3",
        QUEUE_RETRY_BASE_SECONDS="0.2",
        QUEUE_RETRY_MAX_SECONDS="2",
        QUEUE_MAX_ATTEMPTS=str(params.max_attempts),
        ANALYZER="llm",
        LLM_API_KEY="chaos-key",
        LLM_BASE_URL=fake.base_url,
        LLM_CONNECT_TIMEOUT_SECONDS="1",
        LLM_READ_TIMEOUT_SECONDS="1",
        LOG_LEVEL="warning",
    )
    return env


def fetch(dsn: str, query: str) -> list[tuple]:
    """Rows of `query` on a fresh connection, retried while the database is restarting."""
    for _ in range(150):
        connection = None
        try:
            connection = psycopg2.connect(dsn)
            with connection.cursor() as cursor:
                cursor.execute(query)
                return cursor.fetchall()
        except psycopg2.Error:
            time.sleep(0.2)
        finally:
            if connection is not None:
                connection.close()
    raise RuntimeError("the database did not come back")


def counts(dsn: str) -> dict[str, int]:
    """Analyses per status."""
    return dict(fetch(dsn, "SELECT status, count(*) FROM analyses GROUP BY status"))


def wait_settled(dsn: str, total: int, deadline: float, *, all_done: bool) -> dict[str, int]:
    """Poll until every analysis is done (or done/failed), or the deadline passes."""
    while True:
        status = counts(dsn)
        settled = status.get("done", 0) + (0 if all_done else status.get("failed", 0))
        if settled == total or time.monotonic() > deadline:
            return status
        time.sleep(0.5)


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


def check(dsn: str, report: ChaosReport) -> None:
    """Lost work, missing error history and double completions, read from the database."""
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FILTER (WHERE a.status NOT IN ('done', 'failed')),
                   count(*) FILTER (WHERE a.status = 'failed' AND d.id IS NULL),
                   count(*) FILTER (WHERE a.status = 'failed'
                                    AND jsonb_array_length(j.errors) < j.attempts)
            FROM analyses a
            JOIN queue_jobs j ON j.id = a.queue_job_id
            LEFT JOIN dead_letters d ON d.job_id = j.id AND d.requeued_at IS NULL
            """
        )
        report.stuck, failed_without_letter, report.dead_letters_missing_history = cursor.fetchone()
        report.lost = report.stuck + failed_without_letter
        cursor.execute(
            "SELECT count(*) FROM (SELECT analysis_id FROM chaos_completions"
            " GROUP BY analysis_id HAVING count(*) > 1) twice"
        )
        report.completed_twice = cursor.fetchone()[0]


def requeue_all(dsn: str) -> int:
    """Requeue every open dead letter, as `flask dlq requeue --all` does."""
    from jatify.queue import dlq

    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        return dlq.requeue(cursor, visible_to=None)


def run_chaos(params: ChaosParams, work_dir: Path) -> ChaosReport:
    """One chaos run in `work_dir` (its embedded PostgreSQL lives there)."""
    report = ChaosReport(params=asdict(params), analyses=params.analyses)
    data_dir = work_dir / "pgdata"
    database_url = embedded_db.start(data_dir, "chaos", delete_on_exit=True)
    app = create_app(
        {
            "JATIFY_ENV": "testing",
            "DATABASE_URL": database_url,
            "JWT_SECRET_KEY": SECRET,
            "QUEUE_MAX_ATTEMPTS": params.max_attempts,
            "LOG_LEVEL": "warning",
        }
    )
    dsn = app.config["DATABASE_DSN"]
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(AUDIT_SQL)
    seed(app, params.analyses)

    fake = FakeLLM(failure_rates=FAILURE_RATES, seed=params.seed, timeout_delay=2.0).start()
    stop = threading.Event()
    supervisor = subprocess.Popen(
        [sys.executable, str(PROJECT_ROOT / "worker.py")],
        env=worker_env(database_url, fake, params),
        cwd=PROJECT_ROOT,
    )
    bursts = threading.Thread(target=_429_bursts, args=(fake, stop), daemon=True)
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


def _429_bursts(fake: FakeLLM, stop: threading.Event) -> None:
    """Every 5 seconds, the next 20 answers are 429 with Retry-After: 1."""
    while not stop.wait(5):
        fake.script([("429", 1)] * 20)


def write_results(report: ChaosReport) -> None:
    """bench/results/chaos.json and chaos.md."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {**asdict(report), "passed": report.passed}
    (RESULTS / "chaos.json").write_text(json.dumps(data, indent=2) + "\n")
    rows = "\n".join(f"| {key} | {value} |" for key, value in data.items() if key != "params")
    (RESULTS / "chaos.md").write_text(
        "# Chaos run\n\n"
        f"Parameters: `{json.dumps(report.params)}`\n\n| figure | value |\n|---|---|\n{rows}\n"
    )


def main() -> int:
    """Run once with the command-line parameters and print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--analyses", type=int, default=ChaosParams.analyses)
    parser.add_argument("--workers", type=int, default=ChaosParams.workers)
    parser.add_argument("--kill-every", type=float, default=ChaosParams.kill_every_seconds)
    parser.add_argument("--no-db-restart", action="store_true")
    args = parser.parse_args()
    params = ChaosParams(
        analyses=args.analyses,
        workers=args.workers,
        kill_every_seconds=args.kill_every,
        restart_database=not args.no_db_restart,
    )
    with tempfile.TemporaryDirectory(prefix="jatify-chaos-") as folder:
        report = run_chaos(params, Path(folder))
    write_results(report)
    print(json.dumps({**asdict(report), "passed": report.passed}, indent=2))
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
