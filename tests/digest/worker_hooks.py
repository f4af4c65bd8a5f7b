"""Imported by `worker.py --kinds tests.digest.worker_hooks` in the digest tests: the
scheduler reads the time from the file JATIFY_TEST_CLOCK_FILE names, which the test sets."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from jatify.queue import schedule

CLOCK_FILE = Path(os.environ["JATIFY_TEST_CLOCK_FILE"])


def file_clock() -> datetime:
    """The instant the test last wrote."""
    return datetime.fromisoformat(CLOCK_FILE.read_text().strip())


schedule.utcnow = file_clock
