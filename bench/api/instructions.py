"""CPU instructions per request, counted by callgrind: a measure that does not move with
the machine's load (the wrk figures do), for comparing two versions of Jatify.

    python -m bench.api.instructions --url URL [--tree DIR ...] [--requests N]

For each tree (a checkout of Jatify; default: this one), runs `bench.api.probe` from this
checkout with the tree's `jatify` package under `valgrind --tool=callgrind` and reports
the instructions the app process spends per request of each route (the database server's
own work is not counted) and the SQL round trips per request. The database at URL must
hold the benchmark's seeded accounts (`bench/api_bench.py` makes them).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.api.probe import EMPTY_PHASE
from bench.common import ROOT

TRIGGER = re.compile(r"^desc: Trigger: dump (\S+)$", re.MULTILINE)
TOTALS = re.compile(r"^totals: (\d+)$", re.MULTILINE)


def dumped_totals(folder: Path) -> dict[str, int]:
    """The instruction total of each labelled dump callgrind wrote in `folder`."""
    totals = {}
    for path in folder.glob("callgrind.out.*"):
        text = path.read_text(errors="replace")
        label, total = TRIGGER.search(text), TOTALS.search(text)
        if label and total:
            totals[label[1]] = int(total[1])
    return totals


def measure(tree: Path, url: str, requests: int, probe: str = "bench.api.probe") -> dict[str, Any]:
    """Instructions and round trips per request of each route, for the code in `tree`
    (`probe`: another module that dumps labelled phases the same way)."""
    python = sys.executable  # the virtualenv's, a symlink valgrind follows
    with tempfile.TemporaryDirectory(prefix="jatify-callgrind-") as folder:
        # The tree's jatify package, this checkout's bench package.
        (Path(folder) / "jatify").symlink_to(tree / "jatify")
        env = {**os.environ, "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}", "PYTHONHASHSEED": "0"}
        command = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/callgrind.out.%p",
            python, "-m", probe, url, str(requests),
        ]  # fmt: skip
        done = subprocess.run(command, env=env, cwd=folder, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"the probe failed on {tree}:\n{done.stderr[-3000:]}")
        totals = dumped_totals(Path(folder))
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    overhead = totals.pop(EMPTY_PHASE)
    totals.pop("start", None)
    instructions = {route: round((total - overhead) / requests) for route, total in totals.items()}
    return {"instructions_per_request": instructions, **probe}


def main() -> None:
    """Measure every tree given and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the seeded benchmark database")
    parser.add_argument("--tree", action="append", type=Path, help="a Jatify checkout")
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    results = {
        str(tree): measure(tree.resolve(), args.url, args.requests) for tree in args.tree or [ROOT]
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
