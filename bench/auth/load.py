"""Login throughput over HTTP: wrk against gunicorn (2 workers), the limiter off and on.

Each request logs in a seeded account of its own from an address of its own (behind
PROXY_FIX_HOPS=1, wrk sets X-Forwarded-For), so no limit is reached and the figures
compare the cost of counting, not the cost of refusing.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from bench.api.load import WRK_DONE, run_wrk
from bench.api.server import Gunicorn
from bench.auth.seed import ACCOUNTS, PASSWORD

LOGIN_SCRIPT = """
wrk.method = "POST"
wrk.path = "/api/auth/login"
wrk.headers["Content-Type"] = "application/json"
local n = {first}
request = function()
  n = n + 1
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d",
    math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  local body = string.format('{{"email": "auth%d@bench.example", "password": "{password}"}}',
    n % {accounts})
  return wrk.format(nil, nil, nil, body)
end
"""


def login_script(folder: Path, run_number: int) -> Path:
    """A wrk script whose requests start at a new account and address in every run."""
    path = folder / f"login-{run_number}.lua"
    first = run_number * 7_000
    path.write_text(
        LOGIN_SCRIPT.format(first=first, password=PASSWORD, accounts=ACCOUNTS) + WRK_DONE
    )
    return path


def login_throughput(
    url: str, folder: Path, connections: int, seconds: int, rounds: int
) -> dict[str, Any]:
    """Rounds of (limiter off, limiter on) runs a moment apart, on two servers; per setting
    the run of median requests/s."""
    servers = {
        label: Gunicorn(url, 2, {"RATELIMIT_ENABLED": enabled, "PROXY_FIX_HOPS": "1"})
        for label, enabled in (("limiter_off", "false"), ("limiter_on", "true"))
    }
    runs: dict[str, list[dict[str, Any]]] = {label: [] for label in servers}
    run_number = 0
    try:
        for server in servers.values():  # warm-up
            run_wrk(server.base, login_script(folder, run_number := run_number + 1), connections, 2)
        for round_number in range(1, rounds + 1):
            for label, server in servers.items():
                script = login_script(folder, run_number := run_number + 1)
                result = run_wrk(server.base, script, connections, seconds)
                runs[label].append(result)
                print(f"round {round_number} {label}: {result}", flush=True)
    finally:
        for server in servers.values():
            server.stop()
    chosen = {}
    for label, results in runs.items():
        median = statistics.median_low(result["rps"] for result in results)
        chosen[label] = next(result for result in results if result["rps"] == median)
        chosen[label]["rps_runs"] = [result["rps"] for result in results]
    return chosen
