"""Request rates: wrk against the running server, and service times in-process."""

from __future__ import annotations

import json
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.api.seed import PASSWORD, SEEDED, owner_client
from bench.common import run_sql

LIST_PATH = "/api/applications?page_size=50&status_id=2&sort=-created_at"

WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nRESULT {"requests": %d, "duration_us": %d, "errors": %d, '
    .. '"non2xx": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d}\\n', summary.requests,
    summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
"""


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
    _app, client, headers = owner_client(url)
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
            client.get(path, headers=headers)
        started = time.perf_counter()
        for _ in range(iterations):
            assert client.get(path, headers=headers).status_code == 200
        times[name] = round((time.perf_counter() - started) / iterations * 1000, 2)
    print(f"service times (ms): {times}", flush=True)
    return times
