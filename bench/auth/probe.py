"""The in-process probe of `bench/auth_bench.py`, run under callgrind by
`bench.api.instructions.measure(..., probe="bench.auth.probe")`.

    python -m bench.auth.probe URL REQUESTS

Builds two apps on the seeded database, one with RATELIMIT_ENABLED off and one with it
on, warms both up, then runs REQUESTS logins (each a seeded account of its own, from an
address of its own, so no limit is reached) and REQUESTS GET /api/statuses (a route
without limits) on each, between labelled `callgrind_control --dump` calls. Prints one
JSON line: the database round trips per request of each phase, through the app's engine
(SQLAlchemy events, as bench/api/probe.py counts them) and through the throttle's own
connections (its counters: rate limits and login failures).
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

from bench.api.probe import EMPTY_PHASE, WARM_UP, dump, round_trip_counter
from bench.auth.seed import PASSWORD, account_email


def throttle_statement_counter() -> list[int]:
    """A one-element list counting the statements the throttle's PostgreSQL storage runs."""
    from jatify.throttle import postgres

    count = [0]
    run = postgres.ConnectionPool.run

    def counted(pool: Any, statement: str, params: Any) -> Any:
        count[0] += 1
        return run(pool, statement, params)

    postgres.ConnectionPool.run = counted  # type: ignore[method-assign]
    return count


def address(number: int) -> str:
    """A client address of its own for request `number`."""
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


def phases(url: str, numbers: Iterator[int]) -> dict[str, tuple[Callable[[], None], list[int]]]:
    """Each phase's one request (asserting its answer) and its app's round-trip counter."""
    from jatify import create_app

    found = {}
    for enabled, label in ((False, "off"), (True, "on")):
        app = create_app(
            {
                "DATABASE_URL": url,
                "JWT_SECRET_KEY": "x" * 40,
                "LOG_LEVEL": "warning",
                "RATELIMIT_ENABLED": enabled,
            }
        )
        client = app.test_client()

        def login(client: Any = client) -> Any:
            number = next(numbers)
            body = {"email": account_email(number), "password": PASSWORD}
            response = client.post(
                "/api/auth/login", json=body, environ_base={"REMOTE_ADDR": address(number)}
            )
            assert response.status_code == 200, response.get_json()
            return response

        headers = {"Authorization": f"Bearer {login().get_json()['access_token']}"}

        def statuses(client: Any = client, headers: dict = headers) -> None:
            assert client.get("/api/statuses", headers=headers).status_code == 200

        counter = round_trip_counter(app)
        found[f"login_limiter_{label}"] = (login, counter)
        found[f"statuses_limiter_{label}"] = (statuses, counter)
    return found


def main() -> None:
    """Measure each phase; print the round trips per request as JSON."""
    url, requests = sys.argv[1], int(sys.argv[2])
    statements = throttle_statement_counter()
    measured = phases(url, itertools.count(1))
    for run, _ in measured.values():
        for _ in range(WARM_UP):
            run()
    engine_trips, throttle_trips = {}, {}
    dump("start")
    dump(EMPTY_PHASE)
    for name, (run, counter) in measured.items():
        counter[0] = statements[0] = 0
        for _ in range(requests):
            run()
        engine_trips[name] = counter[0] / requests
        throttle_trips[name] = statements[0] / requests
        dump(name)
    print(
        json.dumps(
            {
                "round_trips_per_request": engine_trips,
                "throttle_round_trips_per_request": throttle_trips,
            }
        )
    )


if __name__ == "__main__":
    main()
