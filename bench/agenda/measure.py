"""The agenda benchmark's measurements: routes timed in process with their SQL statements
counted, and a whole digest run through real workers and a real SMTP server."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import event

from bench.agenda.seed import EMPTY, OWNER, PASSWORD
from bench.common import ROOT, run_sql
from tests.fakes.smtp_server import smtp_server


def _client(url: str) -> tuple[Any, Any]:
    from jatify import create_app

    app = create_app({"DATABASE_URL": url, "JWT_SECRET_KEY": "x" * 40, "LOG_LEVEL": "warning"})
    return app, app.test_client()


def _headers(client: Any, email: str) -> dict[str, str]:
    body = {"email": email, "password": PASSWORD}
    return {
        "Authorization": f"Bearer {client.post('/api/auth/login', json=body).json['access_token']}"
    }


def _timed(client: Any, path: str, headers: dict[str, str], requests: int) -> dict[str, float]:
    for _ in range(10):
        assert client.get(path, headers=headers).status_code == 200, path
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
        "bytes": len(response.data),
    }


def _statements(app: Any, client: Any, path: str, headers: dict[str, str]) -> int:
    from jatify.extensions import db

    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(*args: Any) -> None:
        seen.append(args[2])

    client.get(path, headers=headers)  # as the timed requests: the feed rendered already
    event.listen(engine, "before_cursor_execute", record)
    try:
        client.get(path, headers=headers)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(seen)


def routes(url: str, requests: int) -> dict[str, Any]:
    """p50/p99 and SQL statements per request of the agenda, the feed and the list."""
    app, client = _client(url)
    results: dict[str, Any] = {}
    for label, email in (("owner", OWNER), ("empty", EMPTY)):
        headers = _headers(client, email)
        feed = urlsplit(client.get("/api/calendar", headers=headers).json["url"]).path
        for route, path in (
            ("agenda", "/api/agenda"),
            ("feed", feed),
            ("applications_page_50", "/api/applications?page_size=50"),
            ("applications_one", "/api/applications/1"),
        ):
            if label == "empty" and route == "applications_one":
                continue
            figures = _timed(client, path, headers, requests) if label == "owner" else {}
            figures["statements"] = _statements(app, client, path, headers)
            results.setdefault(route, {})[label] = figures
    return results


def _wait_for_workers(url: str, processes: int) -> None:
    """Until every worker process listens for jobs."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        [[listening]] = run_sql(
            url,
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'jatify-worker' "
            "AND datname = current_database()",
        )
        if listening >= processes:
            return
        time.sleep(0.2)
    raise RuntimeError("worker.py did not start its workers")


def digest_run(url: str, at: datetime, processes: int) -> dict[str, Any]:
    """Enqueue the digest pass at `at` and time it until every digest was taken by SMTP."""
    accounts = run_sql(url, "SELECT count(*) FROM users WHERE email_digest")[0][0]
    with smtp_server() as (inbox, port):
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "JATIFY_ENV": "production",
            "JWT_SECRET_KEY": "x" * 48,
            "SMTP_URL": f"smtp://127.0.0.1:{port}",
            "SCHEDULER": "off",
            "WORKER_PROCESSES": str(processes),
            "LOG_LEVEL": "warning",
        }
        worker = subprocess.Popen(
            [sys.executable, "worker.py"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait_for_workers(url, processes)
            started = time.perf_counter()
            run_sql(
                url,
                "INSERT INTO queue_jobs (kind, payload) VALUES ('digest.scan', "
                "jsonb_build_object('period_start', %s::text))",
                (at.isoformat(),),
            )
            inbox.wait_for(accounts, timeout=1800)
            total = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    # now() is a transaction's start: the scan ran from its claim until the first send
    # job it enqueued could be claimed.
    [[scan_seconds]] = run_sql(
        url,
        "SELECT extract(epoch FROM (SELECT min(started_at) FROM queue_jobs "
        "WHERE kind = 'digest.send') - started_at) FROM queue_jobs WHERE kind = 'digest.scan'",
    )
    states = dict(run_sql(url, "SELECT state, count(*) FROM digest_deliveries GROUP BY state"))
    return {
        "accounts": accounts,
        "worker_processes": processes,
        "total_seconds": round(total, 1),
        "digests_per_second": round(accounts / total, 1),
        "scan_job_seconds": round(float(scan_seconds), 2),
        "messages_received": len(inbox.messages),
        "states": states,
    }
