"""Queue benchmark: Jatify's workers against procrastinate, pgqueuer and a bare psycopg2 loop.

Same PostgreSQL, same workload, same number of worker processes, in one run:

* throughput: JOBS no-op jobs pre-enqueued, PROCESSES worker processes; jobs/s is JOBS
  divided by (last completion - first claim), both read from the database;
* pickup latency with idle workers: jobs enqueued one at a time (each in its own
  transaction, 20 ms apart), two ways, as the commit's own moment is not recorded:
  "from commit" is the claim's now() minus the moment the enqueue's commit returned to the
  client (same clock; a lower bound, below zero when the woken worker claims before the
  client process runs again); "from enqueue" is the claim's now() minus the enqueue
  transaction's now() (an upper bound: it adds the INSERT and the fsync of the commit;
  Jatify's enqueue pays one more round trip there, its explicit COMMIT).

Runs are interleaved (every system once per round) and medians are reported.

Set-up (peers live in their own virtualenv, never in requirements):

    python -m venv /tmp/benchvenv
    /tmp/benchvenv/bin/pip install "procrastinate==3.10.*" "pgqueuer==1.6.*"
    . /tmp/venv/bin/activate   # the project's environment
    python bench/queue_bench.py --url postgresql://postgres@127.0.0.1:5432

A peer whose package is missing is skipped with a message. The script creates the
databases jatify_queue_bench, jatify_queue_bench_procrastinate and
jatify_queue_bench_pgqueuer (the server must be reachable with rights to create them),
and writes bench/results/queue.json and bench/results/queue.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/queue_bench.py` puts bench/ first on the path; the package needs the root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.queues.run import main

if __name__ == "__main__":
    main()
