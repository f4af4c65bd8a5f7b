"""Auth benchmark: what the login rate limits cost (not part of the test suite).

Seeds 20,000 accounts (their passwords hashed with one PBKDF2 round, so the hash check,
identical with and without the limiter, does not drown the difference), then
(a) drives POST /api/auth/login on gunicorn with 2 workers with wrk, RATELIMIT_ENABLED
off and on, each request a new account and client address (no limit is reached); and
(b) counts, under valgrind's callgrind, the CPU instructions the app process spends per
login and per GET /api/statuses (a route without limits) with the limiter off and on,
and the database round trips of each (the app's engine and the throttle's own
connections). The counters live in PostgreSQL's rate_limits table (the default storage).

    python bench/auth_bench.py [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]

Writes bench/results/auth.json and bench/results/auth.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# `python bench/auth_bench.py` puts bench/ first on the path; the package needs the root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api.instructions import measure
from bench.auth.load import login_throughput
from bench.auth.seed import ACCOUNTS, PASSWORD, prepare_database
from bench.common import ROOT, write_json_result, write_result

PHASES = ("login_limiter_off", "login_limiter_on", "statuses_limiter_off", "statuses_limiter_on")
# What GET /api/statuses paid for flask-limiter's hooks with its stock Limiter (this
# benchmark's first run, 2026-12-02), before `throttle.RouteLimiter` skipped the
# before-request pass.
STOCK_LIMITER_HOOK_INSTRUCTIONS = 504_491


def scrypt_check_ms(rounds: int = 10) -> float:
    """Milliseconds of one check of a password against the default (scrypt) hash."""
    from werkzeug.security import check_password_hash, generate_password_hash

    hashed = generate_password_hash(PASSWORD)
    started = time.perf_counter()
    for _ in range(rounds):
        check_password_hash(hashed, PASSWORD)
    return round((time.perf_counter() - started) / rounds * 1000, 1)


def report(results: dict[str, Any]) -> str:
    """bench/results/auth.md from the figures."""
    load, cost = results["login_throughput"], results["per_request"]
    instructions = cost["instructions_per_request"]
    engine, own = cost["round_trips_per_request"], cost["throttle_round_trips_per_request"]
    lines = [
        "# Auth benchmark: the cost of the login rate limits",
        "",
        f"Setup: {results['setup']}",
        "",
        "## Login throughput (gunicorn, 2 workers, wrk; no limit reached)",
        "",
        "| RATELIMIT_ENABLED | requests/s (median run) | runs | p50 ms | p99 ms | failed |",
        "|---|---|---|---|---|---|",
    ]
    for label in ("limiter_off", "limiter_on"):
        run = load[label]
        lines.append(
            f"| {label.removeprefix('limiter_')} | {run['rps']} | "
            f"{', '.join(map(str, run['rps_runs']))} | {run['p50_ms']} | {run['p99_ms']} | "
            f"{run['failed']} |"
        )
    off, on = load["limiter_off"]["rps"], load["limiter_on"]["rps"]
    lines += [
        "",
        f"With the limiter on, login throughput is {on / off:.0%} of that without it. A real "
        f"login's scrypt check alone takes {results['scrypt_check_ms']} ms of CPU here, "
        "so with production hashes the limiter's share is far smaller.",
        "",
        "## Cost per request (callgrind: instructions of the app process; round trips)",
        "",
        "| phase | instructions | engine round trips | throttle round trips |",
        "|---|---|---|---|",
    ]
    for phase in PHASES:
        count = instructions[phase]
        lines.append(f"| {phase} | {count:,} | {engine[phase]:g} | {own[phase]:g} |")
    login_delta = instructions["login_limiter_on"] - instructions["login_limiter_off"]
    other_delta = instructions["statuses_limiter_on"] - instructions["statuses_limiter_off"]
    lines += [
        "",
        f"The two limits (per address, per email) cost {login_delta:,} instructions per login "
        f"({login_delta / instructions['login_limiter_off']:.0%} of a login without them, "
        "cheap hash) and "
        f"{own['login_limiter_on'] - own['login_limiter_off']:g} more round trips (one "
        "INSERT ... ON CONFLICT each); a route without limits pays "
        f"{other_delta:,} instructions for flask-limiter's after-request and teardown hooks "
        f"(with its stock Limiter, whose before-request pass `throttle.RouteLimiter` skips: "
        f"{STOCK_LIMITER_HOOK_INSTRUCTIONS:,}). The login "
        "lockout's own round trips (reading the failure count, clearing it after a right "
        "password) are in both columns: it is on whatever RATELIMIT_ENABLED says.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    """Run everything and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="jatify_auth_bench")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20, help="per phase, under callgrind")
    args = parser.parse_args()
    url = prepare_database(args.admin_url, args.database)
    results: dict[str, Any] = {
        "setup": (
            f"{os.cpu_count()} cores shared with other work, PostgreSQL on the same machine, "
            f"{ACCOUNTS:,} accounts; wrk {args.connections} connections, {args.rounds} rounds "
            f"of {args.seconds} s per setting; callgrind {args.requests} requests per phase"
        ),
        "scrypt_check_ms": scrypt_check_ms(),
    }
    with tempfile.TemporaryDirectory(prefix="jatify-auth-bench-") as folder:
        results["login_throughput"] = login_throughput(
            url, Path(folder), args.connections, args.seconds, args.rounds
        )
    results["per_request"] = measure(ROOT, url, args.requests, probe="bench.auth.probe")
    off = results["login_throughput"]["limiter_off"]["rps"]
    results["login_rps_ratio_on_to_off"] = round(
        results["login_throughput"]["limiter_on"]["rps"] / off, 3
    )
    write_json_result("auth.json", results)
    write_result("auth.md", report(results))
    print(report(results))


if __name__ == "__main__":
    main()
