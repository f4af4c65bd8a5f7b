"""API benchmark: gunicorn + PostgreSQL + wrk on one machine (not part of the test suite).

The run in order: seed, EXPLAIN the routes, time them in-process, then under gunicorn:
wrk, exports and imports (`bench/api_bench.py`, the entry point, describes it in full).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from bench.api.bulk import timed_export, timed_import, timed_imports, write_import_file
from bench.api.explain import explain_import_duplicates, explain_routes
from bench.api.instructions import measure
from bench.api.load import load_test, lua_scripts, service_times
from bench.api.report import markdown, setup_description
from bench.api.seed import IMPORTERS, SEEDED, prepare_database
from bench.api.server import Gunicorn, Worker
from bench.common import ROOT, run_sql, write_json_result, write_result


def main() -> None:
    """Run everything and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="jatify_bench")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    url, users = prepare_database(args.admin_url, args.database)
    owner_ids = [r[0] for r in run_sql(url, "SELECT id FROM applications WHERE user_id = %s",
                                       (users[SEEDED[0]],))]  # fmt: skip
    writer_jobs = [r[0] for r in run_sql(url, "SELECT id FROM job_listings WHERE user_id = %s",
                                         (users[SEEDED[1]],))]  # fmt: skip
    explain_routes(url)
    results: dict[str, Any] = {"setup": setup_description(args, url)}
    results["service_ms_in_process"] = service_times(url)
    results["per_request"] = measure(ROOT, url, requests=20)
    # The login row measures a login itself, many a minute for one account: the auth rate
    # limits (whose cost bench/auth_bench.py measures) would answer most of them 429.
    server, worker = Gunicorn(url, args.workers, {"RATELIMIT_ENABLED": "false"}), Worker(url)
    try:
        tokens = {email: server.token(email) for email in SEEDED + IMPORTERS}
        with tempfile.TemporaryDirectory(prefix="jatify-bench-") as folder:
            scripts = lua_scripts(Path(folder), tokens, owner_ids, writer_jobs)
            results["endpoints"] = load_test(
                server.base, scripts, args.connections, args.seconds, args.rounds
            )
            results["export_10k"] = timed_export(server, tokens[SEEDED[0]])
            small, large = Path(folder) / "import-10k.csv", Path(folder) / "import-100k.csv"
            write_import_file(small, 10_000, "Small")
            write_import_file(large, 100_000, "Large")
            imports = results["imports"] = {}
            imports["10k"] = timed_import(server, worker, tokens[IMPORTERS[0]], small)
            imports["100k"] = timed_import(server, worker, tokens[IMPORTERS[1]], large)
            imports["100k_again"] = timed_import(server, worker, tokens[IMPORTERS[1]], large)
            results["export_100k"] = timed_export(server, tokens[IMPORTERS[1]])
            explain_import_duplicates(url, users[IMPORTERS[1]])
            two = [(tokens[IMPORTERS[2]], large), (tokens[SEEDED[2]], large)]
            first, second = timed_imports(server, worker, two)
            imports["100k_two_at_once_a"], imports["100k_two_at_once_b"] = first, second
    finally:
        worker.stop()
        server.stop()
    write_json_result("api.json", results)
    table = markdown(results)
    write_result("api.md", table)
    print(table)
