"""Bulk transfers through the server: CSV imports and exports, timed, with worker memory."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

import requests

from bench.api.server import Gunicorn, RssSampler


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
