"""What every queue system in the race does: a throughput run and a pickup-latency run."""

from __future__ import annotations

import argparse
import subprocess
import time
from collections.abc import Callable

from bench.common import run_sql


class System:
    """How to enqueue, run and read back one queue implementation.

    A subclass gives the statements that read (job id, epoch) of each enqueue, claim and
    completion, the tables to vacuum, and prepare, start_workers and enqueue_samples.
    """

    enqueued: str
    claims: str
    completions: str
    tables: str

    def __init__(self, name: str, dsn: str, args: argparse.Namespace) -> None:
        self.name, self.dsn, self.args = name, dsn, args

    def times(self, statement: str) -> dict[str, float]:
        """Epoch seconds by job id, from one of the read statements."""
        return {str(key): float(value) for key, value in run_sql(self.dsn, statement)}

    def throughput(self) -> float:
        """Jobs/s over `args.jobs` pre-enqueued jobs: first claim to last completion."""
        self.prepare(self.args.jobs)
        run_sql(self.dsn, f"VACUUM ANALYZE {self.tables}")
        workers = self.start_workers(drain=True)
        wait_for(lambda: len(run_sql(self.dsn, self.completions)) >= self.args.jobs, 600)
        stop(workers)
        finished = self.times(self.completions).values()
        return self.args.jobs / (max(finished) - min(self.times(self.claims).values()))

    def latency(self) -> tuple[list[float], list[float]]:
        """Pickup in ms of jobs enqueued one at a time to idle workers: from the commit's
        return, and from the enqueue transaction's now()."""
        self.prepare(0)
        workers = self.start_workers(drain=False)
        time.sleep(2)  # let every worker reach its idle wait
        committed = self.enqueue_samples(self.args.samples)
        wait_for(lambda: len(run_sql(self.dsn, self.completions)) >= self.args.samples, 60)
        stop(workers)
        enqueued, claims = self.times(self.enqueued), self.times(self.claims)
        return (
            [(claims[job_id] - at) * 1000 for job_id, at in committed.items()],
            [(claims[job_id] - at) * 1000 for job_id, at in enqueued.items()],
        )


def wait_for(predicate: Callable[[], bool], timeout: float) -> None:
    """Poll `predicate` every 0.25 s; TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark step did not finish in time")
        time.sleep(0.25)


def stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM the processes still running and wait for all of them."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        process.wait(timeout=60)
