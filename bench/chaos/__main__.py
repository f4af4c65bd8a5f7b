"""`python -m bench.chaos`: one chaos run with the command-line parameters."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import bench.chaos
from bench.chaos.environment import ChaosParams
from bench.chaos.report import write_results
from bench.chaos.run import run_chaos


def main() -> int:
    """Run once with the command-line parameters and print the summary."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.chaos", description=bench.chaos.__doc__.split("\n\n")[0]
    )
    parser.add_argument("--analyses", type=int, default=ChaosParams.analyses)
    parser.add_argument("--workers", type=int, default=ChaosParams.workers)
    parser.add_argument("--kill-every", type=float, default=ChaosParams.kill_every_seconds)
    parser.add_argument("--no-db-restart", action="store_true")
    args = parser.parse_args()
    params = ChaosParams(
        analyses=args.analyses,
        workers=args.workers,
        kill_every_seconds=args.kill_every,
        restart_database=not args.no_db_restart,
    )
    with tempfile.TemporaryDirectory(prefix="jatify-chaos-") as folder:
        report = run_chaos(params, Path(folder))
    write_results(report)
    print(json.dumps(report.figures(), indent=2))
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
