"""Benchmark job posting capture: parse time per page, and a capture end to end.

Run from the repository root: `python -m bench.capture_bench [--runs N] [--captures N]`.

Parse: the median and p99 wall time of `jatify.capture.parse_page` on each career page
of tests/capture/pages/, and on two 200 KB pages (a Greenhouse-style page with JSON-LD
and a long body; a page with no metadata, read by trafilatura).

End to end: an embedded PostgreSQL, a real `python worker.py` (one process) and the
career site on 127.0.0.1 serving the 200 KB JSON-LD page; the time from POST
/api/jobs/capture to GET /api/captures/<id> answering `done` with its listing (the queue
pickup, the fetch, the parse and the writes), polled every 5 ms.

Results go to bench/results/capture.json and bench/results/capture.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from bench.common import write_json_result, write_result
from jatify import create_app
from jatify.capture import parse_page
from jatify.config import PROJECT_ROOT
from jatify.development import embedded_db
from tests.capture.career_site import PAGES, CareerSite, page

SECRET = "capture-bench-signing-key-0123456789-0123456789"
TARGET_BYTES = 200 * 1024
PASSWORD = "correct horse battery staple"


def padded(html: str, paragraph: str) -> str:
    """`html` with paragraphs added before </body> until it is about 200 KB."""
    filler = []
    size = len(html.encode())
    while size < TARGET_BYTES:
        filler.append(f"<p>{paragraph}</p>\n")
        size += len(filler[-1].encode())
    return html.replace("</body>", "".join(filler) + "</body>")


def pages() -> dict[str, str]:
    """The pages whose parse is timed, by name."""
    found = {path.stem: path.read_text(encoding="utf-8") for path in sorted(PAGES.glob("*.html"))}
    found["greenhouse-200kb"] = padded(
        page("greenhouse"),
        "Our team ships small changes often, reviews every pull request and writes down "
        "why a design is the way it is. " * 3,
    )
    found["article-200kb"] = padded(
        page("article"),
        "The night shift plans the picking rounds, trains new colleagues and keeps the "
        "loading dock safe and tidy for the morning crew. " * 3,
    )
    return found


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def timed(call: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds of `runs` calls, after one warm-up call."""
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def bench_parse(runs: int) -> list[dict]:
    """Parse time of each page: size, method, p50 and p99 in ms."""
    rows = []
    for name, html in pages().items():
        url = f"https://jobs.example.com/{name}"
        times = timed(lambda html=html, url=url: parse_page(html, url), runs)
        rows.append(
            {
                "page": name,
                "kb": round(len(html.encode()) / 1024, 1),
                "method": str(parse_page(html, url).method),
                "p50_ms": round(statistics.median(times), 2),
                "p99_ms": round(percentile(times, 0.99), 2),
            }
        )
    return rows


def bench_end_to_end(captures: int) -> dict:
    """POST to done through a real worker: p50, p95 and max in ms."""
    with tempfile.TemporaryDirectory(prefix="jatify-capture-bench-") as folder:
        database_url = embedded_db.start(Path(folder) / "data", "capture", delete_on_exit=True)
        config = {
            "JATIFY_ENV": "testing",
            "DATABASE_URL": database_url,
            "JWT_SECRET_KEY": SECRET,
            # One account captures more than a day's quota: the run times the captures.
            "QUOTA_CAPTURES_PER_DAY": 0,
            "LOG_LEVEL": "warning",
        }
        app = create_app(config)
        with app.app_context():
            from flask_migrate import upgrade

            upgrade(revision="heads")
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "JATIFY_ENV": "testing",
            "JWT_SECRET_KEY": SECRET,
            "WORKER_PROCESSES": "1",
            "CAPTURE_ALLOW_PRIVATE_NETWORKS": "true",
            "LOG_LEVEL": "warning",
        }
        worker = subprocess.Popen([sys.executable, "worker.py"], cwd=PROJECT_ROOT, env=env)
        try:
            return _captures(app, captures)
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def _captures(app, captures: int) -> dict:
    client = app.test_client()
    login = {"email": "bench@example.com", "password": PASSWORD}
    client.post("/api/auth/register", json={**login, "name": "Bench"})
    token = client.post("/api/auth/login", json=login).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    html = pages()["greenhouse-200kb"].replace(
        '<link rel="canonical" href="/northwind/jobs/4012345">', ""
    )
    times = []
    with CareerSite() as site:
        for number in range(captures + 1):
            url = site.serve(f"/p/{number}", html)
            started = time.perf_counter()
            capture = client.post(
                "/api/jobs/capture", json={"url": url}, headers=headers
            ).get_json()
            while capture["status"] == "pending":
                time.sleep(0.005)
                capture = client.get(f"/api/captures/{capture['id']}", headers=headers).get_json()
            assert capture["status"] == "done", capture
            if number:  # the first one warms up the worker (imports, connections)
                times.append((time.perf_counter() - started) * 1000)
    return {
        "captures": captures,
        "page_kb": round(len(html.encode()) / 1024, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
    }


def report(parse: list[dict], end_to_end: dict) -> str:
    """The results as Markdown."""
    lines = [
        "# Job posting capture",
        "",
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, extruct {version('extruct')}, trafilatura "
        f"{version('trafilatura')}, lxml {version('lxml')}.",
        "",
        "## Parse time per page (`parse_page`)",
        "",
        "| page | KB | method | p50 ms | p99 ms |",
        "|---|---:|---|---:|---:|",
        *(
            f"| {row['page']} | {row['kb']} | {row['method']} | {row['p50_ms']} | {row['p99_ms']} |"
            for row in parse
        ),
        "",
        "## End to end (POST /api/jobs/capture to the capture done, one worker)",
        "",
        f"{end_to_end['captures']} captures of a {end_to_end['page_kb']} KB JSON-LD page served on "
        f"127.0.0.1: p50 {end_to_end['p50_ms']} ms, p95 {end_to_end['p95_ms']} ms, "
        f"max {end_to_end['max_ms']} ms.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    """Run both benchmarks, print and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=50, help="parses per page")
    parser.add_argument("--captures", type=int, default=30, help="end-to-end captures")
    args = parser.parse_args()
    parse = bench_parse(args.runs)
    end_to_end = bench_end_to_end(args.captures)
    text = report(parse, end_to_end)
    print(text)
    write_result("capture.md", text)
    write_json_result("capture.json", {"parse": parse, "end_to_end": end_to_end})


if __name__ == "__main__":
    main()
