"""Queue benchmark: Jatify's workers against procrastinate, pgqueuer and a bare psycopg2 loop.

Same PostgreSQL, same workload, same number of worker processes, in one run:

* throughput: JOBS no-op jobs pre-enqueued, PROCESSES worker processes; jobs/s is JOBS
  divided by (last completion - first claim), both read from the database;
* pickup latency with idle workers: jobs enqueued one at a time (each in its own
  transaction, 20 ms apart), two ways, as the commit's own moment is not recorded:
  "from commit" is the claim's now() minus the moment the enqueue's commit returned to the
  client (same clock; a lower bound, below zero when the woken worker claims before the
  client process runs again); "from enqueue" is the claim's now() minus the enqueue
  transaction's now() (an upper bound: it adds the INSERT and the fsync of the commit;
  Jatify's enqueue pays one more round trip there, its explicit COMMIT).

Runs are interleaved (every system once per round) and medians are reported.

Set-up (peers live in their own virtualenv, never in requirements):

    python -m venv /tmp/benchvenv
    /tmp/benchvenv/bin/pip install "procrastinate==3.10.*" "pgqueuer==1.6.*"
    . /tmp/venv/bin/activate   # the project's environment
    python bench/queue_bench.py --url postgresql://postgres@127.0.0.1:5432

A peer whose package is missing is skipped with a message. The script creates the
databases jatify_queue_bench, jatify_queue_bench_procrastinate and
jatify_queue_bench_pgqueuer (the server must be reachable with rights to create them),
and writes bench/results/queue.json and bench/results/queue.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORKER_LOG = Path(tempfile.gettempdir()) / "jatify-queue-bench-worker.log"
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


# --- peer side: runs under the peer virtualenv's python ------------------------------


def peer_main(system: str, role: str, dsn: str, count: int) -> None:
    """One role of a peer system (setup, bulk enqueue, worker, latency enqueuer)."""
    if system == "procrastinate":
        asyncio.run(procrastinate_role(role, dsn, count))
    else:
        asyncio.run(pgqueuer_role(role, dsn, count))


async def procrastinate_role(role: str, dsn: str, count: int) -> None:
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=dsn))

    @app.task(name="noop")
    async def noop() -> None:
        return None

    async with app.open_async():
        if role == "setup":
            connector = app.connector
            tables = await connector.execute_query_one_async(
                "SELECT to_regclass('procrastinate_jobs') IS NOT NULL AS present"
            )
            if not tables["present"]:
                await app.schema_manager.apply_schema_async()
            await connector.execute_query_async(
                "TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_workers CASCADE"
            )
            if count:
                for start in range(0, count, 1000):
                    await noop.batch_defer_async(*[{}] * min(1000, count - start))
        elif role == "latency":
            await enqueue_one_at_a_time(noop.defer_async, count)
        else:
            await app.run_worker_async(concurrency=1, wait=role == "worker", delete_jobs=None)


async def pgqueuer_role(role: str, dsn: str, count: int) -> None:
    import psycopg
    from pgqueuer import QueueManager
    from pgqueuer.db import PsycopgDriver
    from pgqueuer.queries import Queries
    from pgqueuer.types import QueueExecutionMode

    connection = await psycopg.AsyncConnection.connect(dsn, autocommit=True)
    driver = PsycopgDriver(connection)
    queries = Queries(driver)
    if role == "setup":
        installed = await connection.execute("SELECT to_regclass('pgqueuer') IS NOT NULL")
        if not (await installed.fetchone())[0]:
            await queries.install()
        await connection.execute("TRUNCATE pgqueuer, pgqueuer_log, pgqueuer_statistics")
        for start in range(0, count, 1000):
            size = min(1000, count - start)
            await queries.enqueue(["noop"] * size, [None] * size, [0] * size)
        return
    if role == "latency":

        async def enqueue_one() -> int:
            return (await queries.enqueue("noop", None))[0]

        await enqueue_one_at_a_time(enqueue_one, count)
        return
    manager = QueueManager(queries)

    @manager.entrypoint("noop")
    async def noop(_job: object) -> None:
        return None

    batch = 10 if role.endswith("batched") else 1
    mode = QueueExecutionMode.drain if role.startswith("drain") else QueueExecutionMode.continuous
    await manager.run(batch_size=batch, mode=mode)


async def enqueue_one_at_a_time(enqueue_one: object, count: int) -> None:
    """Enqueue `count` jobs 20 ms apart (idle workers each time); print [id, committed]."""
    samples = []
    for _ in range(count):
        job_id = await enqueue_one()
        samples.append([str(job_id), time.time()])
        await asyncio.sleep(0.02)
    print(json.dumps(samples))


# --- driver side: runs under the project's python -----------------------------------


def connect(dsn: str):
    import psycopg2

    connection = psycopg2.connect(dsn)
    connection.autocommit = True
    return connection


def scalar_rows(dsn: str, statement: str) -> list[tuple]:
    connection = connect(dsn)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


class System:
    """How to enqueue, run and read back one queue implementation."""

    enqueued: str
    claims: str
    completions: str
    tables: str

    def __init__(self, name: str, dsn: str, args: argparse.Namespace) -> None:
        self.name, self.dsn, self.args = name, dsn, args

    def times(self, statement: str) -> dict[str, float]:
        return {str(key): float(value) for key, value in scalar_rows(self.dsn, statement)}

    def throughput(self) -> float:
        self.prepare(self.args.jobs)
        scalar_rows(self.dsn, f"VACUUM ANALYZE {self.tables}")
        workers = self.start_workers(drain=True)
        wait_for(lambda: len(scalar_rows(self.dsn, self.completions)) >= self.args.jobs, 600)
        stop(workers)
        finished = self.times(self.completions).values()
        return self.args.jobs / (max(finished) - min(self.times(self.claims).values()))

    def latency(self) -> tuple[list[float], list[float]]:
        self.prepare(0)
        workers = self.start_workers(drain=False)
        time.sleep(2)  # let every worker reach its idle wait
        committed = self.enqueue_samples(self.args.samples)
        wait_for(lambda: len(scalar_rows(self.dsn, self.completions)) >= self.args.samples, 60)
        stop(workers)
        enqueued, claims = self.times(self.enqueued), self.times(self.claims)
        return (
            [(claims[job_id] - at) * 1000 for job_id, at in committed.items()],
            [(claims[job_id] - at) * 1000 for job_id, at in enqueued.items()],
        )


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
        script = str(Path(__file__).resolve())
        return [self.args.peer_python, script, "peer", self.system, role, self.dsn, str(count)]

    def prepare(self, count: int) -> None:
        subprocess.run(self.command("setup", count), check=True, capture_output=True)

    def start_workers(self, drain: bool) -> list[subprocess.Popen]:
        role = ("drain" if drain else "worker") + self.role
        return [
            subprocess.Popen(
                self.command(role), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            for _ in range(self.args.processes)
        ]

    def enqueue_samples(self, count: int) -> dict[str, float]:
        result = subprocess.run(self.command("latency", count), check=True, capture_output=True)
        return dict(json.loads(result.stdout))


class JatifyTables(System):
    """Jatify's queue_jobs table, shared by the real workers and the bare loop."""

    enqueued = "SELECT id::text, extract(epoch FROM created_at) FROM queue_jobs"
    claims = "SELECT id::text, extract(epoch FROM started_at) FROM queue_jobs WHERE attempts > 0"
    completions = (
        "SELECT id::text, extract(epoch FROM finished_at) FROM queue_jobs WHERE status = 'done'"
    )
    tables = "queue_jobs"

    def prepare(self, count: int) -> None:
        scalar_rows(self.dsn, "TRUNCATE queue_jobs CASCADE")
        scalar_rows(
            self.dsn,
            "INSERT INTO queue_jobs (kind, payload, max_attempts) "
            f"SELECT 'test.noop', '{{}}', 5 FROM generate_series(1, {count})",
        )

    def enqueue_samples(self, count: int) -> dict[str, float]:
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
        env = {
            **os.environ,
            "DATABASE_URL": self.dsn,
            "JATIFY_ENV": "production",
            "JWT_SECRET_KEY": "bench-" + "k" * 40,
            "LOG_LEVEL": "info",
        }
        with WORKER_LOG.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "worker.py", "--processes", str(self.args.processes)],
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
        command = [sys.executable, str(Path(__file__).resolve()), "bare", self.dsn, str(int(drain))]
        return [subprocess.Popen(command) for _ in range(self.args.processes)]


def bare_loop(dsn: str, drain: bool) -> None:
    """Claim (commit), complete (commit); LISTEN + select() when the queue is empty."""
    from jatify.queue.engine import prepare

    connection = connect(dsn)
    prepare(connection)
    cursor = connection.cursor()
    cursor.execute("LISTEN jatify_jobs")
    worker = f"bare:{os.getpid()}"
    while True:
        cursor.execute("EXECUTE jatify_claim(%s, %s)", (worker, 60.0))
        row = cursor.fetchone()
        if row is None:
            if drain:
                return
            select.select([connection], [], [], 5)
            connection.poll()
            connection.notifies.clear()
            continue
        cursor.execute("EXECUTE jatify_complete(%s, %s, %s)", (row[0], worker, row[3]))


def wait_for(predicate: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark step did not finish in time")
        time.sleep(0.25)


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        process.wait(timeout=60)


def peer_available(python: str, system: str) -> str | None:
    """None if `system` imports under `python`, else why not."""
    if not Path(python).exists():
        return f"{python} does not exist"
    check = subprocess.run([python, "-c", f"import {system}, psycopg"], capture_output=True)
    return None if check.returncode == 0 else check.stderr.decode().strip().splitlines()[-1]


def create_databases(url: str) -> dict[str, str]:
    from flask_migrate import upgrade

    from jatify import create_app, embedded_db

    dsns = {}
    for suffix in ("", "_procrastinate", "_pgqueuer"):
        embedded_db.create_database(f"{url}/postgres", f"jatify_queue_bench{suffix}")
        dsns[suffix.strip("_") or "jatify"] = f"{url}/jatify_queue_bench{suffix}"
    app = create_app({"DATABASE_URL": dsns["jatify"], "JWT_SECRET_KEY": "bench-" + "k" * 40})
    with app.app_context():
        upgrade()
    return dsns


def paired(ours: list[float], theirs: list[list[float]]) -> float:
    """Median over rounds of ours / the best of theirs in the same round."""
    return statistics.median(
        mine / max(other[index] for other in theirs) for index, mine in enumerate(ours)
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(args: argparse.Namespace) -> dict:
    dsns = create_databases(args.url.rstrip("/"))
    systems: list[System] = [
        Jatify("jatify", dsns["jatify"], args),
        BareLoop("bare psycopg2 loop", dsns["jatify"], args),
    ]
    skipped = {}
    for peer in PEERS:
        problem = peer_available(args.peer_python, peer)
        if problem:
            skipped[peer] = (
                f"not installed in {args.peer_python}: {problem} (see this file's docstring)"
            )
            print(f"skipping {peer}: {skipped[peer]}", file=sys.stderr)
            continue
        systems.append(Peer(f"{peer} (1 job per claim)", dsns[peer], args))
        if peer == "pgqueuer":
            systems.append(Peer("pgqueuer (defaults: batch 10)", dsns[peer], args, "-batched"))
    rates: dict[str, list[float]] = {system.name: [] for system in systems}
    for round_number in range(args.runs):
        for system in systems:
            rates[system.name].append(system.throughput())
            print(
                f"round {round_number + 1}: {system.name}: {rates[system.name][-1]:.0f} jobs/s",
                file=sys.stderr,
            )
    latencies = {}
    for system in systems:
        if "batch 10" not in system.name:
            from_commit, from_enqueue = system.latency()
            latencies[system.name] = {
                "from_commit_p50_ms": percentile(from_commit, 0.5),
                "from_commit_p99_ms": percentile(from_commit, 0.99),
                "from_enqueue_p50_ms": percentile(from_enqueue, 0.5),
                "from_enqueue_p99_ms": percentile(from_enqueue, 0.99),
            }
    medians = {name: statistics.median(values) for name, values in rates.items()}
    peers = [name for name in medians if "1 job per claim" in name]
    # Of the medians, and the median of each round's own ratio (rounds share conditions).
    ratios = {
        "vs_bare_loop": medians["jatify"] / medians["bare psycopg2 loop"],
        "vs_bare_loop_paired": paired(rates["jatify"], [rates["bare psycopg2 loop"]]),
    }
    if peers:
        ratios["vs_best_one_per_claim_peer"] = medians["jatify"] / max(medians[p] for p in peers)
        ratios["vs_best_one_per_claim_peer_paired"] = paired(
            rates["jatify"], [rates[name] for name in peers]
        )
    return {
        "setup": {
            "postgresql": scalar_rows(dsns["jatify"], "SELECT version()")[0][0],
            "server": args.url.split("@")[-1],
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "jobs": args.jobs,
            "processes": args.processes,
            "runs": args.runs,
            "latency_samples": args.samples,
        },
        "jobs_per_second": {
            name: {"median": medians[name], "runs": rates[name]} for name in medians
        },
        "pickup_latency": latencies,
        "ratios": ratios,
        "skipped": skipped,
    }


def write_results(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "queue.json").write_text(json.dumps(results, indent=2) + "\n")
    setup = results["setup"]
    lines = [
        "# Queue benchmark",
        "",
        f"{setup['jobs']} no-op jobs pre-enqueued, {setup['processes']} worker processes, "
        f"median of {setup['runs']} interleaved runs; pickup over {setup['latency_samples']} "
        f"jobs enqueued one at a time to idle workers. {setup['postgresql'].split(' on ')[0]} "
        f"at {setup['server']}, {setup['cpus']} CPUs, Python {setup['python']}.",
        "",
        "Pickup is read against the claim's now(): *from commit* subtracts the moment the "
        "enqueue's commit returned to the client (a lower bound, below zero when the woken "
        "worker claims before the client runs again); *from enqueue* subtracts the enqueue "
        "transaction's now() (an upper bound: it adds the INSERT and the fsync'd commit).",
        "",
        "| system | jobs/s (median) | runs | pickup from commit p50 / p99 ms "
        "| from enqueue p50 / p99 ms |",
        "|---|---|---|---|---|",
    ]
    for name, rate in results["jobs_per_second"].items():
        latency = results["pickup_latency"].get(name)
        pickup = " | ".join(
            f"{latency[f'{anchor}_p50_ms']:.2f} / {latency[f'{anchor}_p99_ms']:.2f}"
            if latency
            else "—"
            for anchor in ("from_commit", "from_enqueue")
        )
        runs = ", ".join(f"{value:.0f}" for value in rate["runs"])
        lines.append(f"| {name} | {rate['median']:.0f} | {runs} | {pickup} |")
    lines += ["", "Ratios of Jatify's median:", ""]
    lines += [f"- {name}: {value:.2f}" for name, value in results["ratios"].items()]
    lines += [f"- {peer} skipped: {why}" for peer, why in results["skipped"].items()]
    (RESULTS / "queue.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "peer":
        peer_main(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        return
    sys.path.insert(0, str(ROOT))  # the driver side imports jatify
    if len(sys.argv) > 1 and sys.argv[1] == "bare":
        bare_loop(sys.argv[2], sys.argv[3] == "1")
        return
    parser = argparse.ArgumentParser(description="Jatify's queue against its peers.")
    parser.add_argument(
        "--url", default="postgresql://postgres@127.0.0.1:5432", help="server URL, no database"
    )
    parser.add_argument("--jobs", type=int, default=20_000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--samples", type=int, default=300, help="pickup latency samples")
    parser.add_argument(
        "--peer-python", default=os.environ.get("BENCH_PEER_PYTHON", "/tmp/benchvenv/bin/python")
    )
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    write_results(run(args))


if __name__ == "__main__":
    main()
