"""The API benchmark's results: what ran where, and the tables with the targets checked."""

from __future__ import annotations

import argparse
import os
import subprocess
from typing import Any

from bench.api.load import LIST_PATH
from bench.common import run_sql


def setup_description(args: argparse.Namespace, url: str) -> dict[str, Any]:
    """What ran where, for the results."""
    version = run_sql(url, "SHOW server_version")[0][0]
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[:2]
    return {
        "machine": f"{os.cpu_count()} CPUs, shared with other work (load average "
        f"{os.getloadavg()[0]:.1f} at start)",
        "postgresql": f"{version}, the machine's server ({args.admin_url.rsplit('/', 1)[0]}), "
        f"stock settings, database {args.database}",
        "data": "3 accounts x (1,000 job listings, 10,000 applications, ~17,000 history rows)",
        "gunicorn": f"gunicorn wsgi:app --workers {args.workers} --access-logfile - "
        "(sync workers, as the Procfile), JATIFY_ENV=production",
        "load": f"{' '.join(wrk)} -t1 -c{args.connections}; {args.rounds} rounds, each endpoint "
        f"run {args.seconds}s right after {max(2, args.seconds // 2)}s of /healthz; median "
        "requests/s (with that run's latencies) and median ratio to the paired /healthz run",
        "list": LIST_PATH,
        "create": "as a second seeded account, so the measured account stays at 10,000",
    }


def markdown(results: dict[str, Any]) -> str:
    """The results as tables, with the issue's targets checked."""
    lines = ["# API benchmark", "", *(f"- {k}: {v}" for k, v in results["setup"].items()), ""]
    lines.append("| endpoint | req/s | of ceiling | p50 ms | p90 ms | p99 ms | failed | range |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for name, r in results["endpoints"].items():
        spread = f"{min(r['rps_runs']):.0f}-{max(r['rps_runs']):.0f} ({len(r['rps_runs'])} runs)"
        cells = [name, f"{r['rps']:.0f}", f"{r['ratio_of_ceiling']:.1%}", r["p50_ms"],
                 r["p90_ms"], r["p99_ms"], r["failed"], spread]  # fmt: skip
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    service = ", ".join(f"{k} {v}" for k, v in results["service_ms_in_process"].items())
    lines += ["", f"In-process service time (test client, one at a time, no HTTP), ms: {service}"]
    per_request = results["per_request"]
    lines += [
        "",
        "Per request, in-process under callgrind (the app process only; stable whatever the load):",
        "",
        "| route | CPU instructions | SQL round trips |",
        "|---|---|---|",
    ]
    for route, count in per_request["instructions_per_request"].items():
        trips = per_request["round_trips_per_request"][route]
        lines.append(f"| {route} | {count:,} | {trips:g} |")
    lines += [
        "",
        "| bulk | status | seconds | rows/s | created / skipped | RSS MB (before -> peak) "
        "| /healthz meanwhile p50 / p99 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    bulk = {"export 10k": results["export_10k"], "export 100k": results["export_100k"]}
    bulk.update({f"import {k}": v for k, v in results["imports"].items()})
    for name, r in bulk.items():
        report = r.get("report")
        counts = f"{report['created']} / {report['skipped']}" if report else ""
        rate = r.get("rows_per_second") or round(r.get("rows", 0) / r["seconds"])
        memory = f"{r['worker_rss_before_mb']} -> {r['worker_rss_peak_mb']}"
        health = r.get("healthz_during")
        during = f"{health['p50_ms']} / {health['p99_ms']}" if health else ""
        cells = [name, r["status"], r["seconds"], rate, counts, memory, during]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    endpoints, imports = results["endpoints"], results["imports"]
    concurrent = imports["100k_two_at_once_a"]["healthz_during"]
    checks = {
        "list >= 30% of the ceiling": endpoints["list"]["ratio_of_ceiling"] >= 0.30,
        "get >= 35% of the ceiling": endpoints["get"]["ratio_of_ceiling"] >= 0.35,
        "statuses >= 60% of the ceiling": endpoints["statuses"]["ratio_of_ceiling"] >= 0.60,
        "stats p99 < 20 ms": endpoints["stats"]["p99_ms"] < 20,
        "/healthz p99 < 50 ms during two 100,000-row imports": concurrent["p99_ms"] < 50,
        "import of 100,000 rows < 30 s": imports["100k"]["status"] == "done"
        and imports["100k"]["seconds"] < 30,
    }
    lines += ["", "Targets:", ""]
    lines += [f"- {name}: {'met' if ok else 'MISSED'}" for name, ok in checks.items()]
    return "\n".join(lines) + "\n"
