"""Agenda benchmark (not part of the test suite): `/api/agenda`, the calendar feed and the
applications list (with its follow-up clock) for an account of 10,000 applications, 2,000
interviews and 5,000 tasks, timed in process with their SQL statements counted (and
those of an empty account beside them: the count must not grow); then one whole digest
run for 10,000 opted-in accounts, through real `python worker.py` processes and a real
SMTP server on 127.0.0.1, from the scan's enqueue to the last message taken.

    python bench/agenda_bench.py [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]

Writes bench/results/agenda.json and bench/results/agenda.md.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path

# `python bench/agenda_bench.py` puts bench/ first on the path; the package needs the root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.agenda.measure import digest_run, routes
from bench.agenda.seed import prepare_database
from bench.common import write_json_result, write_result

DAY = date(2031, 1, 15)


def markdown(results: dict) -> str:
    """The results as a short report."""
    lines = ["# Agenda benchmark", "", "| route | p50 ms | p99 ms | statements | (empty account) |"]
    lines.append("|---|---|---|---|---|")
    for route, figures in results["routes"].items():
        owner, empty = figures["owner"], figures.get("empty", {})
        lines.append(
            f"| {route} | {owner['p50_ms']} | {owner['p99_ms']} | {owner['statements']} "
            f"| {empty.get('statements', '-')} |"
        )
    digest = results["digest"]
    lines += [
        "",
        f"Digest run: {digest['accounts']} accounts in {digest['total_seconds']} s "
        f"({digest['digests_per_second']}/s) with {digest['worker_processes']} worker "
        f"processes; the scan job took {digest['scan_job_seconds']} s; states {digest['states']}.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Seed, measure, write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="jatify_agenda_bench")
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--processes", type=int, default=4)
    args = parser.parse_args()
    url, _owner = prepare_database(args.admin_url, args.database, args.accounts, DAY)
    results = {"routes": routes(url, args.requests)}
    at = datetime(DAY.year, DAY.month, DAY.day, 7, 0, 30, tzinfo=UTC)
    results["digest"] = digest_run(url, at, args.processes)
    write_json_result("agenda.json", results)
    write_result("agenda.md", markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
