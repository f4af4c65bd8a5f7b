"""The benchmark's job kind (`python worker.py --kinds bench.queues.kinds`)."""

from __future__ import annotations

from typing import Any

from jatify.queue.context import JobContext
from jatify.queue.registry import job_kind


@job_kind("test.noop")
def noop(_ctx: JobContext, _payload: dict[str, Any]) -> None:
    """Do nothing: the queue's own cost is what the benchmark measures."""
