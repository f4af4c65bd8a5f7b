"""Bulk transfers: CSV imports on the queue and exports through the server, timed, with
the memory of the processes doing the work."""

from __future__ import annotations

import csv
import threading
import time
from pathlib import Path
from typing import Any

import requests

from bench.api.server import Gunicorn, RssSampler, Worker


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


def timed_import(server: Gunicorn, worker: Worker, token: str, path: Path) -> dict[str, Any]:
    """Queue `path` for import and wait until the worker is done: wall time from the upload to
    the finished import, its counters, and the job workers' memory."""
    [result] = timed_imports(server, worker, [(token, path)])
    return result


def timed_imports(
    server: Gunicorn, worker: Worker, uploads: list[tuple[str, Path]]
) -> list[dict[str, Any]]:
    """Start every upload at once; time each to its end, sampling /healthz meanwhile."""
    sampler, probe = RssSampler(worker), HealthProbe(server)
    started = time.perf_counter()
    queued = []
    for token, path in uploads:
        headers = {"Authorization": f"Bearer {token}"}
        with path.open("rb") as handle:
            response = requests.post(
                server.base + "/api/applications/import",
                files={"file": (path.name, handle, "text/csv")},
                headers=headers,
                timeout=300,
            )
        response.raise_for_status()
        queued.append((headers, response.headers["Location"], time.perf_counter() - started))
    results = []
    for headers, location, upload_seconds in queued:
        while (run := requests.get(server.base + location, headers=headers, timeout=30).json())[
            "status"
        ] not in ("done", "failed"):
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        results.append(
            {
                "status": run["status"],
                "seconds": round(seconds, 2),
                "upload_seconds": round(upload_seconds, 2),
                "rows_per_second": round(run["rows_done"] / seconds),
                "report": {k: run[k] for k in ("rows_done", "created", "skipped", "failed")},
            }
        )
    memory, healthz = sampler.stop(), probe.stop()
    for result in results:
        result.update(memory)
        result["healthz_during"] = healthz
        print(f"import: {result}", flush=True)
    return results


class HealthProbe:
    """GET /healthz every 10 ms in a thread: its latency while the workers import."""

    def __init__(self, server: Gunicorn) -> None:
        self.base, self.latencies_ms, self.running = server.base, [], True
        self.thread = threading.Thread(target=self._probe, daemon=True)
        self.thread.start()

    def _probe(self) -> None:
        with requests.Session() as http:
            while self.running:
                started = time.perf_counter()
                http.get(self.base + "/healthz", timeout=30)
                self.latencies_ms.append((time.perf_counter() - started) * 1000)
                time.sleep(0.01)

    def stop(self) -> dict[str, float]:
        """Stop probing; p50 and p99 latency in ms."""
        self.running = False
        self.thread.join()
        ordered = sorted(self.latencies_ms) or [0.0]

        def pick(quantile: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(quantile * len(ordered)))], 2)

        return {"requests": len(self.latencies_ms), "p50_ms": pick(0.5), "p99_ms": pick(0.99)}


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
