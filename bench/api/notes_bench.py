"""Notes benchmark: the applications list filtered by tags and searched with `q` over notes,
tags and contact names, for an account of 10,000 applications with 50,000 notes and 2,000
contacts (beside two accounts as large), next to the plain list of `bench/api_bench.py`.

    python -m bench.api.notes_bench [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]

Seeds a new database (`seed.prepare_database`, then `notes_seed`), records EXPLAIN
(ANALYZE, BUFFERS) of the tag-filtered and searched lists, times the search's count
statement as the list ran it before notes existed (company, position, summary notes) and
as it runs now, with and without the notes' trigram index, then drives gunicorn with wrk.
Writes bench/results/notes.json, notes.md and explain_notes_*.txt.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.api.explain import explain
from bench.api.load import LIST_PATH, WRK_DONE, load_test
from bench.api.notes_seed import seed_notes
from bench.api.seed import SEEDED, owner_client, prepare_database
from bench.api.server import Gunicorn
from bench.common import connect, run_sql, write_json_result, write_result

PAGE = "/api/applications?page_size=50&sort=-created_at"
PATHS = {
    "list": LIST_PATH,
    "list_all": PAGE,
    "tag": f"{PAGE}&tag=remote",
    "two_tags": f"{PAGE}&tag=remote&tag=python",
    "q_company": f"{PAGE}&q=company%2042",
    "q_notes": f"{PAGE}&q=kubernetes",
    "q_contact": f"{PAGE}&q=hopper%2012",
    "q_nothing": f"{PAGE}&q=zebra",
    "q_short": f"{PAGE}&q=ab",
}
TRGM_INDEX = "ix_application_notes_body_trgm"
TRGM_SQL = f"CREATE INDEX {TRGM_INDEX} ON application_notes USING gin (body gin_trgm_ops)"
# The search as it was before notes, tags and contacts: company, position, summary notes.
OLD_COUNT_SQL = """
SELECT count(*) FROM applications a JOIN job_listings j ON j.id = a.job_id
WHERE a.user_id = %(user)s AND a.deleted_at IS NULL
  AND (j.company ILIKE %(p)s OR j.position ILIKE %(p)s OR a.notes ILIKE %(p)s)
"""
QUERIES = ("kubernetes", "zebra", "company 42", "hopper 12", "remote", "ab")


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 and p99 of millisecond samples."""
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2),
    }


def in_process(url: str, iterations: int) -> dict[str, dict[str, Any]]:
    """Per path: p50/p99 ms of one request at a time through the test client, and the total."""
    _app, client, headers = owner_client(url)
    times = {}
    for name, path in PATHS.items():
        for _ in range(10):
            answer = client.get(path, headers=headers)
            assert answer.status_code == 200, answer.get_json()
        samples = []
        for _ in range(iterations):
            started = time.perf_counter()
            client.get(path, headers=headers)
            samples.append((time.perf_counter() - started) * 1000)
        times[name] = {**percentiles(samples), "total": answer.get_json()["total"]}
        print(f"in-process {name}: {times[name]}", flush=True)
    return times


def count_statements(url: str, user_id: int, iterations: int) -> dict[str, dict[str, float]]:
    """The search's count statement as it was before notes and as the app builds it now,
    timed in the database, the two taking turns so that the machine's load hits both."""
    from sqlalchemy import func, select
    from sqlalchemy.dialects import postgresql

    from jatify.models import Application
    from jatify.services.applications import application_filters

    app, _client, _headers = owner_client(url)
    statements = {}
    with app.app_context():
        for q in QUERIES:
            now = select(func.count()).select_from(Application)
            compiled = now.where(*application_filters(user_id, q=q)).compile(
                dialect=postgresql.dialect()
            )
            statements[f"before q={q}"] = (OLD_COUNT_SQL, {"user": user_id, "p": f"%{q}%"})
            statements[f"now q={q}"] = (str(compiled), compiled.params)
    samples: dict[str, list[float]] = {name: [] for name in statements}
    connection = connect(url)
    with connection.cursor() as cursor:
        for _ in range(iterations):
            for name, (statement, params) in statements.items():
                started = time.perf_counter()
                cursor.execute(statement, params)
                cursor.fetchall()
                samples[name].append((time.perf_counter() - started) * 1000)
    connection.close()
    return {name: percentiles(values) for name, values in samples.items()}


def explain_paths(url: str, label: str) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the statements the app runs for the tag and q lists."""
    from sqlalchemy import event

    from jatify.extensions import db

    app, client, headers = owner_client(url)
    for name in ("tag", "two_tags", "q_notes", "q_nothing"):
        captured: list[tuple[str, Any]] = []

        def record(_c: Any, _cur: Any, statement: str, params: Any, *_a: Any) -> None:
            captured.append((statement, params))  # noqa: B023 - one listener per path

        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", record)
            assert client.get(PATHS[name], headers=headers).status_code == 200
            event.remove(db.engine, "before_cursor_execute", record)
        plans = [explain(url, statement, params) for statement, params in captured
                 if "FROM applications" in statement]  # fmt: skip
        write_result(f"explain_notes_{name}{label}.txt", "\n".join(plans))


def wrk_scripts(folder: Path, token: str) -> dict[str, Path]:
    """A wrk script per path (and /healthz, the ceiling), as the owner."""
    owner = f'wrk.headers["Authorization"] = "Bearer {token}"\n'
    scripts = {"healthz": 'wrk.path = "/healthz"\n'}
    scripts.update({name: owner + f'wrk.path = "{path}"\n' for name, path in PATHS.items()})
    for name, body in scripts.items():
        (folder / f"{name}.lua").write_text(body + WRK_DONE)
    return {name: folder / f"{name}.lua" for name in scripts}


def markdown(results: dict[str, Any]) -> str:
    """The results as tables."""
    lines = ["# Notes benchmark", "", *(f"- {k}: {v}" for k, v in results["setup"].items()), ""]
    lines += ["| path | req/s | of ceiling | p50 ms | p99 ms | in-process p50 / p99 ms | total |",
              "|---|---|---|---|---|---|---|"]  # fmt: skip
    for name, r in results["endpoints"].items():
        local = results["in_process"].get(name)
        inner = f"{local['p50_ms']} / {local['p99_ms']}" if local else ""
        cells = [PATHS.get(name, "/healthz"), f"{r['rps']:.0f}", f"{r['ratio_of_ceiling']:.1%}",
                 r["p50_ms"], r["p99_ms"], inner, local["total"] if local else ""]  # fmt: skip
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    lines += ["", "The search's count statement in the database, p50 / p99 ms:", "",
              "| statement | with the trigram index | without it |", "|---|---|---|"]  # fmt: skip
    for name, timing in results["count_statements"]["with_trgm"].items():
        without = results["count_statements"]["without_trgm"][name]
        lines.append(f"| {name} | {timing['p50_ms']} / {timing['p99_ms']} | "
                     f"{without['p50_ms']} / {without['p99_ms']} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    """Seed, explain, time in-process and in the database, load-test; write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="jatify_notes_bench")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=100)
    args = parser.parse_args()
    url, users = prepare_database(args.admin_url, args.database)
    owner = users[SEEDED[0]]
    counts = seed_notes(url, [users[email] for email in SEEDED])
    version = run_sql(url, "SHOW server_version")[0][0]
    results: dict[str, Any] = {
        "setup": {
            "postgresql": f"{version}, the machine's server, stock settings",
            "data": f"3 accounts like the measured one: {counts}",
            "load": f"wrk -t1 -c{args.connections}, {args.rounds} rounds of {args.seconds}s per "
            f"path after /healthz; gunicorn --workers {args.workers}",
        }
    }
    explain_paths(url, "")
    results["in_process"] = in_process(url, args.iterations)
    timings = results["count_statements"] = {}
    timings["with_trgm"] = count_statements(url, owner, args.iterations // 4)
    run_sql(url, f"DROP INDEX {TRGM_INDEX}")
    timings["without_trgm"] = count_statements(url, owner, args.iterations // 4)
    explain_paths(url, "_without_trgm")
    results["in_process_without_trgm"] = in_process(url, args.iterations // 2)
    run_sql(url, TRGM_SQL)
    run_sql(url, "ANALYZE application_notes")
    server = Gunicorn(url, args.workers)
    try:
        with tempfile.TemporaryDirectory(prefix="jatify-notes-bench-") as folder:
            scripts = wrk_scripts(Path(folder), server.token(SEEDED[0]))
            results["endpoints"] = load_test(
                server.base, scripts, args.connections, args.seconds, args.rounds
            )
    finally:
        server.stop()
    write_json_result("notes.json", results)
    table = markdown(results)
    write_result("notes.md", table)
    print(table)


if __name__ == "__main__":
    main()
