"""Queue statistics, shared by `flask queue stats` and `GET /api/queue/stats`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jatify.queue import sql

# The windows of recent throughput, in minutes.
WINDOWS_MINUTES = (1, 5, 15)


@dataclass(frozen=True)
class JobCount:
    """How many jobs of one kind are in one status."""

    status: str
    kind: str
    jobs: int


@dataclass(frozen=True)
class Finished:
    """How many jobs finished, done or failed, within the last `minutes`."""

    minutes: int
    done: int
    failed: int


@dataclass(frozen=True)
class QueueStats:
    """The queue at a glance: counts, the oldest waiting job and recent throughput."""

    counts: list[JobCount]
    oldest_pending_seconds: float | None
    finished: list[Finished]


def queue_stats(cursor: Any) -> QueueStats:
    """Read the statistics with a psycopg2 cursor in the caller's transaction."""
    cursor.execute(sql.STATS_BY_STATUS_KIND)
    counts = [JobCount(status, kind, jobs) for status, kind, jobs in cursor.fetchall()]
    cursor.execute(sql.STATS_OLDEST_PENDING_SECONDS)
    oldest = cursor.fetchone()[0]
    cursor.execute(sql.STATS_FINISHED_WITHIN, {"windows_minutes": list(WINDOWS_MINUTES)})
    finished = [Finished(minutes, done, failed) for minutes, done, failed in cursor.fetchall()]
    return QueueStats(counts, None if oldest is None else float(oldest), finished)
