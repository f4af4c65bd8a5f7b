"""API benchmark: gunicorn + PostgreSQL + wrk on one machine (not part of the test suite).

Seeds three accounts with 1,000 job listings and 10,000 applications each (their rows
interleaved on disk, in plain SQL), serves the app with gunicorn as the Procfile does,
and drives it with wrk for /healthz (the ceiling of this stack here), list applications,
get one application, create an application, stats and login, plus /api/statuses (the
floor of an authenticated route that reads the database). Then times the export of
10,000 rows and a 100,000-row CSV import (sampling the gunicorn workers' RSS), before and
after the index proposed for the import's duplicate check, and records
EXPLAIN (ANALYZE, BUFFERS) of the list, stats and duplicate-check queries (the latter
also with the statistics the imports planned with, before an ANALYZE).

    python bench/api_bench.py [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]

Writes bench/results/api.json, bench/results/api.md and bench/results/explain_*.txt.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import psycopg2
import requests
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
PASSWORD = "bench password 123"
SEEDED = ("owner@bench.example", "writer@bench.example", "other@bench.example")
IMPORTERS = ("import-small@bench.example", "import@bench.example", "import-idx@bench.example")
LIST_PATH = "/api/applications?page_size=50&status_id=2&sort=-created_at"
# Proposed for the import's duplicate check (job, status, applied date): a superset of
# ix_applications_user_job. Not in the migrations: the timed imports show no gain from it.
PROPOSED_INDEX = (
    "CREATE INDEX ix_applications_user_job_status_applied ON applications "
    "(user_id, job_id, status_id, applied_at) WHERE deleted_at IS NULL"
)

SEED_SQL = """
INSERT INTO job_listings (user_id, company, position, description, url, location, salary,
                          created_at, updated_at)
SELECT u.id, 'Company ' || n, 'Position ' || (n %% 37),
       'Description of job ' || n || repeat(' lorem ipsum', 40),
       'https://jobs.example/' || u.id || '/' || n, 'City ' || (n %% 20), (n %% 90) || 'k',
       now() - make_interval(days => n %% 365), now() - make_interval(days => n %% 365)
FROM generate_series(1, 1000) AS n CROSS JOIN unnest(%(users)s::bigint[]) AS u(id)
ORDER BY n, u.id;

INSERT INTO applications (user_id, job_id, status_id, notes, applied_at, created_at, updated_at)
SELECT u.id, j.ids[1 + n %% 1000],
       (ARRAY[1, 1, 1, 2, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10])[1 + n %% 14],
       'Application note ' || n, current_date - (n %% 365),
       now() - make_interval(mins => n * 50), now() - make_interval(mins => n * 50 - 7)
FROM generate_series(1, 10000) AS n
CROSS JOIN unnest(%(users)s::bigint[]) AS u(id)
JOIN LATERAL (SELECT array_agg(id ORDER BY id) AS ids FROM job_listings
              WHERE user_id = u.id) AS j ON true
ORDER BY n, u.id;

INSERT INTO application_status_changes (application_id, from_status_id, to_status_id, changed_at)
SELECT id, NULL, CASE WHEN status_id = 9 THEN 9 ELSE 1 END, created_at FROM applications
UNION ALL
SELECT id, 1, status_id, created_at + make_interval(days => 2 + (id %% 20)::int)
FROM applications WHERE status_id NOT IN (1, 9)
ORDER BY 1, 2 NULLS FIRST;
"""

WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nRESULT {"requests": %d, "duration_us": %d, "errors": %d, '
    .. '"non2xx": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d}\\n', summary.requests,
    summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
"""


def prepare_database(admin_url: str, name: str) -> tuple[str, dict[str, int]]:
    """A new migrated database with the seeded accounts; its URL and user ids by email."""
    from flask_migrate import upgrade
    from werkzeug.security import generate_password_hash

    from jatify import create_app

    admin = psycopg2.connect(admin_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        for statement in ("DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}"):
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    admin.close()
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    with create_app({"DATABASE_URL": url, "JWT_SECRET_KEY": "x" * 40}).app_context():
        upgrade()
    started, password_hash = time.perf_counter(), generate_password_hash(PASSWORD)
    connection = psycopg2.connect(url)
    with connection, connection.cursor() as cursor:
        users = {}
        for email in SEEDED + IMPORTERS:
            cursor.execute(
                "INSERT INTO users (email, name, password_hash) VALUES (%s, 'Bench', %s) "
                "RETURNING id",
                (email, password_hash),
            )
            users[email] = cursor.fetchone()[0]
        cursor.execute(SEED_SQL, {"users": [users[email] for email in SEEDED]})
    run_sql(url, "VACUUM ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.1f}s")
    return url, users


def run_sql(url: str, statement: str, params: Any = None) -> list[tuple]:
    """Run one statement outside a transaction; its rows, if any."""
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall() if cursor.description else []
    connection.close()
    return rows


class Gunicorn:
    """`gunicorn wsgi:app` as the Procfile runs it, on a free local port."""

    def __init__(self, url: str, workers: int) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "JATIFY_ENV": "production",
            "JWT_SECRET_KEY": secrets.token_urlsafe(48),
            "JWT_ACCESS_TOKEN_MINUTES": "240",
        }
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "wsgi:app",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/healthz", timeout=5).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def token(self, email: str) -> str:
        """An access token for `email` (through the login route)."""
        body = {"email": email, "password": PASSWORD}
        response = requests.post(self.base + "/api/auth/login", json=body, timeout=30)
        response.raise_for_status()
        return response.json()["access_token"]

    def stop(self) -> None:
        """Stop the master (it stops its workers)."""
        self.process.terminate()
        self.process.wait(timeout=30)


class RssSampler:
    """Samples the RSS of the gunicorn workers every 10 ms in a thread."""

    def __init__(self, server: Gunicorn) -> None:
        self.processes = psutil.Process(server.process.pid).children()
        self.before = {p.pid: p.memory_info().rss for p in self.processes}
        self.peak = dict(self.before)
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while self.running:
            for process in self.processes:
                self.peak[process.pid] = max(self.peak[process.pid], process.memory_info().rss)
            time.sleep(0.01)

    def stop(self) -> dict[str, float]:
        """RSS before and at peak (MB) of the worker whose memory grew the most."""
        self.running = False
        self.thread.join()
        pid = max(self.peak, key=lambda p: self.peak[p] - self.before[p])
        return {"worker_rss_before_mb": round(self.before[pid] / 2**20, 1),
                "worker_rss_peak_mb": round(self.peak[pid] / 2**20, 1)}  # fmt: skip


def lua_scripts(folder: Path, tokens: dict[str, str], ids: list[int], jobs: list[int]) -> dict:
    """A wrk script per endpoint (owner reads, writer creates); each prints a RESULT line."""
    owner = f'wrk.headers["Authorization"] = "Bearer {tokens[SEEDED[0]]}"\n'
    writer = f'wrk.headers["Authorization"] = "Bearer {tokens[SEEDED[1]]}"\n'
    as_json = 'wrk.headers["Content-Type"] = "application/json"\n'
    credentials = json.dumps({"email": SEEDED[0], "password": PASSWORD})
    scripts = {
        "healthz": 'wrk.path = "/healthz"\n',
        "list": owner + f'wrk.path = "{LIST_PATH}"\n',
        "get": owner + f"local ids = {{{','.join(map(str, ids))}}}\n"
        'request = function() return wrk.format("GET", "/api/applications/" '
        ".. ids[math.random(#ids)]) end\n",
        "create": writer + as_json + f"local jobs = {{{','.join(map(str, jobs))}}}\n"
        'request = function() return wrk.format("POST", "/api/applications", nil, '
        '\'{"job_id": \' .. jobs[math.random(#jobs)] .. \', "status_id": 1, '
        '"notes": "bench", "applied_at": "2024-05-06"}\') end\n',
        "stats": owner + 'wrk.path = "/api/applications/stats"\n',
        "statuses": owner + 'wrk.path = "/api/statuses"\n',
        "login": as_json + f'wrk.method = "POST"\nwrk.path = "/api/auth/login"\n'
        f"wrk.body = '{credentials}'\n",
    }
    for name, body in scripts.items():
        (folder / f"{name}.lua").write_text(body + WRK_DONE)
    return {name: folder / f"{name}.lua" for name in scripts}


def run_wrk(base: str, script: Path, connections: int, seconds: int) -> dict[str, Any]:
    """One wrk run: requests/s and latency percentiles in ms."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s",
               str(script), base]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    raw = json.loads(next(line for line in output.splitlines() if line.startswith("RESULT "))[7:])
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        **{f"p{p}_ms": round(raw[f"p{p}_us"] / 1000, 2) for p in (50, 90, 99)},
        "requests": raw["requests"],
        "failed": raw["errors"] + raw["non2xx"],
    }


def load_test(base: str, scripts: dict, connections: int, seconds: int, rounds: int) -> dict:
    """Rounds of (healthz, endpoint) pairs, so each ratio compares runs a moment apart on a
    machine whose load moves; per endpoint the run of median requests/s and median ratio."""
    runs: dict[str, list[dict]] = {name: [] for name in scripts}
    for script in scripts.values():
        run_wrk(base, script, connections, 2)  # warm-up
    for round_number in range(1, rounds + 1):
        for name, script in scripts.items():
            if name == "healthz":
                continue
            ceiling = run_wrk(base, scripts["healthz"], connections, max(2, seconds // 2))
            runs["healthz"].append({**ceiling, "ratio": 1.0})
            result = run_wrk(base, script, connections, seconds)
            runs[name].append({**result, "ratio": result["rps"] / ceiling["rps"]})
            print(f"round {round_number} {name}: {result} (healthz {ceiling['rps']})", flush=True)
    chosen = {}
    for name, results in runs.items():
        median = statistics.median_low(r["rps"] for r in results)
        chosen[name] = next(r for r in results if r["rps"] == median)
        chosen[name]["rps_runs"] = [r["rps"] for r in results]
        chosen[name]["ratio_of_ceiling"] = round(statistics.median(r["ratio"] for r in results), 3)
        del chosen[name]["ratio"]
    return chosen


def service_times(url: str, iterations: int = 200) -> dict[str, float]:
    """Mean milliseconds per request in-process (test client, one at a time, no HTTP)."""
    from jatify import create_app

    app = create_app({"DATABASE_URL": url, "JWT_SECRET_KEY": "x" * 40, "LOG_LEVEL": "warning"})
    client = app.test_client()
    body = {"email": SEEDED[0], "password": PASSWORD}
    token = client.post("/api/auth/login", json=body).json["access_token"]
    first = run_sql(
        url,
        "SELECT min(a.id) FROM applications AS a JOIN users AS u ON u.id = a.user_id "
        "WHERE u.email = %s",
        (SEEDED[0],),
    )[0][0]
    paths = {"healthz": "/healthz", "statuses": "/api/statuses", "list": LIST_PATH,
             "get": f"/api/applications/{first}", "stats": "/api/applications/stats"}  # fmt: skip
    times = {}
    for name, path in paths.items():
        for _ in range(20):
            client.get(path, headers={"Authorization": f"Bearer {token}"})
        started = time.perf_counter()
        for _ in range(iterations):
            assert client.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 200
        times[name] = round((time.perf_counter() - started) / iterations * 1000, 2)
    print(f"service times (ms): {times}", flush=True)
    return times


def write_import_file(path: Path, rows: int, prefix: str) -> None:
    """A CSV with common tracker headers: 1,000 distinct job listings, varied statuses."""
    statuses = ("Applied", "HR Interview", "user interview", "Rejected", "Offer", "Wishlist")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Company", "Position", "Status", "Date Applied", "URL", "Notes", "City"])
        for n in range(rows):
            job = n % 1000
            writer.writerow([f"{prefix} Company {job}", f"Engineer {job % 17}",
                             statuses[n % 6], f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
                             f"https://import.example/{job}", f"Application {n}, imported",
                             f"City {job % 30}"])  # fmt: skip


def timed_import(server: Gunicorn, token: str, path: Path) -> dict[str, Any]:
    """Upload `path` to the import route: wall time, report and worker RSS."""
    sampler, started = RssSampler(server), time.perf_counter()
    with path.open("rb") as handle:
        response = requests.post(
            server.base + "/api/applications/import",
            files={"file": (path.name, handle, "text/csv")},
            headers={"Authorization": f"Bearer {token}"},
            timeout=900,
        )
    seconds = time.perf_counter() - started
    result = {"status": response.status_code, "seconds": round(seconds, 2), **sampler.stop()}
    body = response.json()
    if response.ok:
        result["rows_per_second"] = round(body["rows_read"] / seconds)
        result["report"] = {k: body[k] for k in ("rows_read", "created", "duplicates", "failed")}
    else:
        result["error"] = body
    print(f"import {path.name}: {result}", flush=True)
    return result


def timed_export(server: Gunicorn, token: str) -> dict[str, Any]:
    """Download an account's application export: time to last byte, size, worker RSS."""
    sampler, started = RssSampler(server), time.perf_counter()
    response = requests.get(
        server.base + "/api/applications/export.csv",
        headers={"Authorization": f"Bearer {token}"},
        stream=True,
        timeout=300,
    )
    size = lines = 0
    first_byte = None
    for chunk in response.iter_content(chunk_size=65536):
        first_byte = first_byte or time.perf_counter() - started
        size, lines = size + len(chunk), lines + chunk.count(b"\n")
    result = {"status": response.status_code, "seconds": round(time.perf_counter() - started, 3),
              "first_byte_ms": round((first_byte or 0) * 1000, 1), "rows": lines - 1,
              "bytes": size, **sampler.stop()}  # fmt: skip
    print(f"export: {result}", flush=True)
    return result


def explain_routes(url: str) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the statements the app runs for list and stats."""
    from sqlalchemy import event

    from jatify import create_app
    from jatify.extensions import db

    app = create_app({"DATABASE_URL": url, "JWT_SECRET_KEY": "x" * 40, "LOG_LEVEL": "warning"})
    client = app.test_client()
    body = {"email": SEEDED[0], "password": PASSWORD}
    headers = {"Authorization": "Bearer " + client.post("/api/auth/login", json=body).json[
        "access_token"]}  # fmt: skip
    for name, path in (("list", LIST_PATH), ("stats", "/api/applications/stats")):
        captured: list[tuple[str, Any]] = []

        def record(_c: Any, _cur: Any, statement: str, params: Any, *_a: Any) -> None:
            captured.append((statement, params))  # noqa: B023 - one listener per route

        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", record)
            assert client.get(path, headers=headers).status_code == 200
            event.remove(db.engine, "before_cursor_execute", record)
        plans = [explain(url, statement, params) for statement, params in captured
                 if "FROM applications" in statement or "FROM (SELECT" in statement]  # fmt: skip
        (RESULTS / f"explain_{name}.txt").write_text("\n".join(plans))


def explain(url: str, statement: str, params: Any) -> str:
    """The statement, its parameters and its EXPLAIN (ANALYZE, BUFFERS)."""
    rows = run_sql(url, "EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
    plan = "\n".join(row[0] for row in rows)
    shown = {k: f"<{len(v)} values>" if isinstance(v, list) and len(v) > 10 else v
             for k, v in (params or {}).items()}  # fmt: skip
    return f"-- statement\n{statement.strip()}\n-- parameters: {shown}\n{plan}\n"


def explain_duplicate_check(url: str, user_id: int, label: str) -> str:
    """EXPLAIN of the import's duplicate check for 1,000 keys of a 100,000-row account."""
    from sqlalchemy.dialects import postgresql

    from jatify.transfer.importer import EXISTING_KEYS_SQL

    rows = run_sql(url, "SELECT job_id, applied_at, status_id, md5(COALESCE(notes, '')) "
                   "FROM applications WHERE user_id = %s ORDER BY id LIMIT 1000 OFFSET 50000",
                   (user_id,))  # fmt: skip
    columns = list(zip(*rows, strict=True))
    params = {"user_id": user_id, "job_ids": list(columns[0]), "applied": list(columns[1]),
              "status_ids": list(columns[2]), "notes_md5": list(columns[3])}  # fmt: skip
    statement = str(EXISTING_KEYS_SQL.compile(dialect=postgresql.dialect()))
    return f"-- {label}\n" + explain(url, statement, params)


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
    RESULTS.mkdir(parents=True, exist_ok=True)
    url, users = prepare_database(args.admin_url, args.database)
    owner_ids = [r[0] for r in run_sql(url, "SELECT id FROM applications WHERE user_id = %s",
                                       (users[SEEDED[0]],))]  # fmt: skip
    writer_jobs = [r[0] for r in run_sql(url, "SELECT id FROM job_listings WHERE user_id = %s",
                                         (users[SEEDED[1]],))]  # fmt: skip
    explain_routes(url)
    results: dict[str, Any] = {"setup": setup_description(args, url)}
    results["service_ms_in_process"] = service_times(url)
    server = Gunicorn(url, args.workers)
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
            imports["10k"] = timed_import(server, tokens[IMPORTERS[0]], small)
            imports["100k"] = timed_import(server, tokens[IMPORTERS[1]], large)
            imports["100k_again"] = timed_import(server, tokens[IMPORTERS[1]], large)
            results["export_100k"] = timed_export(server, tokens[IMPORTERS[1]])
            # First with the statistics the imports planned with (taken before they ran).
            label = "before ANALYZE: statistics from before the imports"
            plans = [explain_duplicate_check(url, users[IMPORTERS[1]], label)]
            run_sql(url, "ANALYZE applications")
            plans.append(explain_duplicate_check(url, users[IMPORTERS[1]], "current indexes"))
            run_sql(url, PROPOSED_INDEX)
            run_sql(url, "ANALYZE applications")
            plans.append(explain_duplicate_check(url, users[IMPORTERS[1]], PROPOSED_INDEX))
            (RESULTS / "explain_import_duplicates.txt").write_text("\n".join(plans))
            imports["100k_indexed"] = timed_import(server, tokens[IMPORTERS[2]], large)
            imports["100k_indexed_again"] = timed_import(server, tokens[IMPORTERS[2]], large)
    finally:
        server.stop()
    (RESULTS / "api.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "api.md").write_text(markdown(results))
    print((RESULTS / "api.md").read_text())


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
    lines += ["", "| bulk | status | seconds | rows/s | created / duplicates | worker RSS MB |"]
    lines.append("|---|---|---|---|---|---|")
    bulk = {"export 10k": results["export_10k"], "export 100k": results["export_100k"]}
    bulk.update({f"import {k}": v for k, v in results["imports"].items()})
    for name, r in bulk.items():
        report = r.get("report")
        counts = f"{report['created']} / {report['duplicates']}" if report else ""
        rate = r.get("rows_per_second") or round(r.get("rows", 0) / r["seconds"])
        memory = f"{r['worker_rss_before_mb']} -> {r['worker_rss_peak_mb']}"
        cells = [name, r["status"], r["seconds"], rate, counts, memory]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    listing, imported = results["endpoints"]["list"], results["imports"]["100k"]
    checks = {
        "list >= 40% of the ceiling": listing["ratio_of_ceiling"] >= 0.40,
        "list p99 < 50 ms": listing["p99_ms"] < 50,
        "import of 100,000 rows < 60 s": imported["status"] == 200 and imported["seconds"] < 60,
    }
    lines += ["", "Targets:", ""]
    lines += [f"- {name}: {'met' if ok else 'MISSED'}" for name, ok in checks.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
