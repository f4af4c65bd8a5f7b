"""The bare loop, one process: `python -m bench.queues.bare DSN DRAIN` (from the root)."""

from __future__ import annotations

import os
import select
import sys

from bench.common import connect


def bare_loop(dsn: str, drain: bool) -> None:
    """Claim (commit), complete (commit); LISTEN + select() when the queue is empty."""
    from jatify.queue.engine import prepare

    connection = connect(dsn)
    prepare(connection)
    cursor = connection.cursor()
    cursor.execute("LISTEN jatify_jobs")
    worker = f"bare:{os.getpid()}"
    while True:
        cursor.execute("EXECUTE jatify_claim(%s, %s)", (worker, 60.0))
        row = cursor.fetchone()
        if row is None:
            if drain:
                return
            select.select([connection], [], [], 5)
            connection.poll()
            connection.notifies.clear()
            continue
        cursor.execute("EXECUTE jatify_complete(%s, %s, %s)", (row[0], worker, row[3]))


if __name__ == "__main__":
    bare_loop(sys.argv[1], sys.argv[2] == "1")
