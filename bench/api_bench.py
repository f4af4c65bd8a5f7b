"""API benchmark: gunicorn + PostgreSQL + wrk on one machine (not part of the test suite).

Seeds three accounts with 1,000 job listings and 10,000 applications each (their rows
interleaved on disk, in plain SQL), serves the app with gunicorn as the Procfile does,
and drives it with wrk for /healthz (the ceiling of this stack here), list applications,
get one application, create an application, stats and login, plus /api/statuses (the
floor of an authenticated route that reads the database). Then times the export of
10,000 rows and a 100,000-row CSV import (sampling the gunicorn workers' RSS), before and
after the index proposed for the import's duplicate check, and records
EXPLAIN (ANALYZE, BUFFERS) of the list, stats and duplicate-check queries (the latter
also with the statistics the imports planned with, before an ANALYZE).

    python bench/api_bench.py [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]

Writes bench/results/api.json, bench/results/api.md and bench/results/explain_*.txt.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `python bench/api_bench.py` puts bench/ first on the path; the package needs the root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api.run import main

if __name__ == "__main__":
    main()
