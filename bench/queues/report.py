"""The queue benchmark's results: bench/results/queue.json and a table in queue.md."""

from __future__ import annotations

from bench.common import write_json_result, write_result


def write_results(results: dict) -> None:
    """Write queue.json and queue.md, and print the table."""
    write_json_result("queue.json", results)
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
    write_result("queue.md", "\n".join(lines) + "\n")
    print("\n".join(lines))
