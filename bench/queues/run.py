"""The queue race: create the databases, interleave throughput rounds, measure pickup."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys

from bench.common import run_sql
from bench.queues.jatify_runner import BareLoop, Jatify
from bench.queues.peers import PEERS, Peer, peer_available
from bench.queues.report import write_results
from bench.queues.systems import System


def create_databases(url: str) -> dict[str, str]:
    """One database per system under the server `url` (Jatify's migrated); DSNs by system."""
    from flask_migrate import upgrade

    from jatify import create_app
    from jatify.development import embedded_db

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
    """The value at `fraction` (0 to 1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(args: argparse.Namespace) -> dict:
    """Every available system, `args.runs` interleaved rounds, then pickup; the results."""
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
                f"not installed in {args.peer_python}: {problem} "
                "(see bench/queue_bench.py's docstring)"
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
            "postgresql": run_sql(dsns["jatify"], "SELECT version()")[0][0],
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


def main() -> None:
    """Parse the command line, run the race and write the results."""
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
    write_results(run(parser.parse_args()))
