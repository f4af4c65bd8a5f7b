"""Jatify's side of the race: its workers as deployed, and a bare loop on the same table."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, connect, run_sql
from bench.queues import kinds  # noqa: F401 - registers test.noop for enqueue
from bench.queues.systems import System, wait_for

WORKER_LOG = Path(tempfile.gettempdir()) / "jatify-queue-bench-worker.log"


class JatifyTables(System):
    """Jatify's queue_jobs table, shared by the real workers and the bare loop."""

    enqueued = "SELECT id::text, extract(epoch FROM created_at) FROM queue_jobs"
    claims = "SELECT id::text, extract(epoch FROM started_at) FROM queue_jobs WHERE attempts > 0"
    completions = (
        "SELECT id::text, extract(epoch FROM finished_at) FROM queue_jobs WHERE status = 'done'"
    )
    tables = "queue_jobs"

    def prepare(self, count: int) -> None:
        """Empty queue_jobs and insert `count` no-op jobs in one statement."""
        run_sql(self.dsn, "TRUNCATE queue_jobs CASCADE")
        run_sql(
            self.dsn,
            "INSERT INTO queue_jobs (kind, payload, max_attempts) "
            f"SELECT 'test.noop', '{{}}', 5 FROM generate_series(1, {count})",
        )

    def enqueue_samples(self, count: int) -> dict[str, float]:
        """Enqueue `count` jobs 20 ms apart, each committed; when each commit returned."""
        from jatify.queue import enqueue_psycopg

        connection = connect(self.dsn)
        connection.autocommit = False
        committed = {}
        with connection.cursor() as cursor:
            for _ in range(count):
                job_id, _ = enqueue_psycopg(cursor, "test.noop", {}, max_attempts=5)
                connection.commit()
                committed[str(job_id)] = time.time()
                time.sleep(0.02)
        connection.close()
        return committed


class Jatify(JatifyTables):
    """`python worker.py --processes N`, exactly as deployed."""

    def start_workers(self, drain: bool) -> list[subprocess.Popen]:
        """The supervisor, once each of its workers logs that it is listening."""
        env = {
            **os.environ,
            "DATABASE_URL": self.dsn,
            "JATIFY_ENV": "production",
            "JWT_SECRET_KEY": "bench-" + "k" * 40,
            "LOG_LEVEL": "info",
        }
        with WORKER_LOG.open("w") as log:
            process = subprocess.Popen(
                [
                    *(sys.executable, "worker.py", "--processes", str(self.args.processes)),
                    *("--kinds", "bench.queues.kinds"),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
            )
        listening = self.args.processes
        wait_for(lambda: WORKER_LOG.read_text().count("listening on") >= listening, 30)
        return [process]


class BareLoop(JatifyTables):
    """The same prepared claim and complete statements in a loop with nothing around them."""

    def start_workers(self, drain: bool) -> list[subprocess.Popen]:
        """`args.processes` bare loops (bench/queues/bare.py)."""
        command = [sys.executable, "-m", "bench.queues.bare", self.dsn, str(int(drain))]
        return [subprocess.Popen(command, cwd=ROOT) for _ in range(self.args.processes)]
