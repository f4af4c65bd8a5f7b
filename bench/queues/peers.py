"""procrastinate and pgqueuer, driven from here through the peer virtualenv's python."""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

from bench.common import ROOT
from bench.queues.systems import System

PEERS = ("procrastinate", "pgqueuer")
# Where each peer records a job's enqueue, claim and completion: table, time column,
# state column, the three states, the queue table itself.
PEER_EVENTS = {
    "procrastinate": (
        "procrastinate_events",
        "at",
        "type",
        ("deferred", "started", "succeeded"),
        "procrastinate_jobs",
    ),
    "pgqueuer": (
        "pgqueuer_log",
        "created",
        "status",
        ("queued", "picked", "successful"),
        "pgqueuer",
    ),
}


class Peer(System):
    """procrastinate or pgqueuer, driven through the peer virtualenv's python."""

    def __init__(self, name: str, dsn: str, args: argparse.Namespace, role: str = "") -> None:
        super().__init__(name, dsn, args)
        self.system = name.split(" ")[0]
        self.role = role
        table, at, state, states, self.tables = PEER_EVENTS[self.system]
        read = f"SELECT job_id, extract(epoch FROM {at}) FROM {table} WHERE {state} = "
        self.enqueued, self.claims, self.completions = (f"{read}'{name}'" for name in states)

    def command(self, role: str, count: int = 0) -> list[str]:
        """The peer python running `role` (bench/queues/peer_roles.py); run it in ROOT."""
        module = "bench.queues.peer_roles"
        return [self.args.peer_python, "-m", module, self.system, role, self.dsn, str(count)]

    def prepare(self, count: int) -> None:
        """Install the peer's schema if missing, empty its tables, enqueue `count` jobs."""
        subprocess.run(self.command("setup", count), check=True, capture_output=True, cwd=ROOT)

    def start_workers(self, drain: bool) -> list[subprocess.Popen]:
        """`args.processes` peer workers, each claiming one job at a time (or its batch)."""
        role = ("drain" if drain else "worker") + self.role
        return [
            subprocess.Popen(
                self.command(role), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            for _ in range(self.args.processes)
        ]

    def enqueue_samples(self, count: int) -> dict[str, float]:
        """Enqueue `count` jobs one at a time; when each enqueue returned, by job id."""
        result = subprocess.run(
            self.command("latency", count), check=True, capture_output=True, cwd=ROOT
        )
        return dict(json.loads(result.stdout))


def peer_available(python: str, system: str) -> str | None:
    """None if `system` imports under `python`, else why not."""
    if not Path(python).exists():
        return f"{python} does not exist"
    check = subprocess.run([python, "-c", f"import {system}, psycopg"], capture_output=True)
    return None if check.returncode == 0 else check.stderr.decode().strip().splitlines()[-1]
