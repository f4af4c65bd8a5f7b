"""Queue worker entry point (`python worker.py`): runs jatify.queue's supervisor."""

from __future__ import annotations

import argparse
import importlib
import sys


def _positive(parse: type) -> object:
    def check(raw: str) -> int | float:
        value = parse(raw)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"expected a positive number, got {raw!r}")
        return value

    return check


def main(argv: list[str] | None = None) -> int:
    """Parse the options, build the app from the environment, run the supervisor."""
    parser = argparse.ArgumentParser(
        description="Run Jatify's queue workers: a supervisor forking worker processes."
    )
    parser.add_argument(
        "--processes", type=_positive(int), help="worker processes (default: WORKER_PROCESSES)"
    )
    parser.add_argument(
        "--poll-seconds",
        type=_positive(float),
        help="idle wait before polling without a notification (default: WORKER_POLL_SECONDS)",
    )
    parser.add_argument(
        "--kinds",
        metavar="MODULE",
        action="append",
        default=[],
        help="also import this module of job kinds (the test suite's and benchmarks' own)",
    )
    args = parser.parse_args(argv)

    from jatify import create_app
    from jatify.config import ConfigError
    from jatify.queue.supervisor import run_supervisor

    overrides: dict[str, object] = {}
    if args.processes is not None:
        overrides["WORKER_PROCESSES"] = args.processes
    if args.poll_seconds is not None:
        overrides["WORKER_POLL_SECONDS"] = args.poll_seconds
    try:
        app = create_app(overrides)
    except ConfigError as exc:
        parser.exit(2, f"worker.py: {exc}\n")
    for module in args.kinds:
        importlib.import_module(module)
    return run_supervisor(app)


if __name__ == "__main__":
    sys.exit(main())
