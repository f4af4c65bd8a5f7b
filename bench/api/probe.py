"""The in-process probe behind `bench/api/instructions.py`, run under callgrind.

    python -m bench.api.probe URL REQUESTS

Builds the app from the tree first on sys.path, logs in as the seeded owner, warms each
route up, then runs REQUESTS requests per route between two `callgrind_control --dump`
calls labelled with the route, so callgrind's dump of that label holds exactly those
requests' instructions. An empty phase measures what a dump itself costs. Prints one JSON
line: SQL round trips per request of each route (statements, commits and rollbacks, the
pool's reset included), counted by SQLAlchemy events.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from sqlalchemy import event

from bench.api.load import LIST_PATH
from bench.api.seed import owner_client
from bench.common import run_sql

WARM_UP = 20
EMPTY_PHASE = "empty"


def dump(label: str) -> None:
    """Ask callgrind to write the counts since the last dump, labelled `label`."""
    command = ["callgrind_control", f"--dump={label}", str(os.getpid())]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def round_trip_counter(app: Any) -> list[int]:
    """A one-element list counting the database round trips of `app`'s engine."""
    count = [0]
    with app.app_context():
        from jatify.extensions import db

        engine = db.engine

    def add(*_args: Any, **_kwargs: Any) -> None:
        count[0] += 1

    for name in ("before_cursor_execute", "commit", "rollback"):
        event.listen(engine, name, add)
    event.listen(engine.pool, "reset", add)
    return count


def main() -> None:
    """Measure each route; print the round trips per request as JSON."""
    url, requests = sys.argv[1], int(sys.argv[2])
    app, client, headers = owner_client(url)
    first = run_sql(url, "SELECT min(id) FROM applications WHERE notes = 'Application note 1'")
    routes = {
        "healthz": "/healthz",
        "statuses": "/api/statuses",
        "list": LIST_PATH,
        "get": f"/api/applications/{first[0][0]}",
        "stats": "/api/applications/stats",
    }
    counter = round_trip_counter(app)
    round_trips = {}
    for path in routes.values():
        for _ in range(WARM_UP):
            assert client.get(path, headers=headers).status_code == 200
    dump("start")
    dump(EMPTY_PHASE)
    for name, path in routes.items():
        counter[0] = 0
        for _ in range(requests):
            client.get(path, headers=headers)
        round_trips[name] = counter[0] / requests
        dump(name)
    print(json.dumps({"round_trips_per_request": round_trips}))


if __name__ == "__main__":
    main()
