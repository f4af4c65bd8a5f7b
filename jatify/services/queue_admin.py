"""Operating the queue: statistics, retention and the lease sweep, for admins and `flask`.

Each function runs in the session's transaction (psycopg2 statements of `jatify.queue`)
and commits what it deletes, a batch at a time, so no long transaction holds locks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from jatify.extensions import db
from jatify.queue import dlq, sql
from jatify.queue.rescue import Rescued, rescue_lost_jobs
from jatify.queue.schedule import SCHEDULE
from jatify.queue.settings import QueueSettings
from jatify.queue.stats import QueueStats, queue_stats
from jatify.queue.worker import connect

# Rows deleted per transaction by the daily retention jobs.
RETENTION_BATCH = 1000


def _cursor() -> Any:
    """A psycopg2 cursor in the session's transaction."""
    return db.session.connection().connection.cursor()


def read_stats() -> QueueStats:
    """Jobs per status and kind, the oldest pending job's age and recent throughput."""
    stats = queue_stats(_cursor())
    db.session.rollback()
    return stats


def count_done_before(cutoff: datetime) -> int:
    """How many done jobs finished before `cutoff`."""
    return _count(sql.COUNT_DONE_BEFORE, cutoff)


def prune_done_batch(cutoff: datetime, limit: int) -> int:
    """Delete up to `limit` done jobs finished before `cutoff` and commit; how many went."""
    cursor = _cursor()
    cursor.execute(sql.PRUNE_DONE_BATCH, {"cutoff": cutoff, "limit": limit})
    db.session.commit()
    return cursor.rowcount


def count_purgeable_dead_letters(cutoff: datetime) -> int:
    """How many dead letters failed before `cutoff`."""
    return _count(sql.DLQ_COUNT_PURGEABLE, cutoff)


def purge_dead_letters_batch(cutoff: datetime, limit: int) -> int:
    """Delete up to `limit` open and `limit` requeued dead letters failed before `cutoff`."""
    deleted = dlq.purge_batch(_cursor(), cutoff, limit)
    db.session.commit()
    return deleted


def rescue_now(config: Mapping[str, Any]) -> Rescued:
    """Run the lease sweep once, on a connection of its own (as the supervisor does)."""
    settings = QueueSettings.from_config(config)
    connection = connect(settings.dsn, "jatify-cli")
    try:
        connection.autocommit = False
        return rescue_lost_jobs(connection, settings)
    finally:
        connection.close()


def _count(statement: str, cutoff: datetime) -> int:
    cursor = _cursor()
    cursor.execute(statement, {"cutoff": cutoff})
    count = cursor.fetchone()[0]
    db.session.rollback()
    return count


def prune_done_jobs(connection: Any, cutoff: datetime, limit: int = RETENTION_BATCH) -> int:
    """The daily retention job's prune, on its own connection: every done job finished
    before `cutoff`, one committed batch at a time; how many went."""
    return _in_batches(connection, lambda cursor: _prune_batch(cursor, cutoff, limit), limit)


def purge_dead_letters(connection: Any, cutoff: datetime, limit: int = RETENTION_BATCH) -> int:
    """The daily retention job's purge, on its own connection: every dead letter failed
    before `cutoff` (with its failed job), one committed batch at a time; how many went."""
    return _in_batches(connection, lambda cursor: dlq.purge_batch(cursor, cutoff, limit), limit)


def _prune_batch(cursor: Any, cutoff: datetime, limit: int) -> int:
    cursor.execute(sql.PRUNE_DONE_BATCH, {"cutoff": cutoff, "limit": limit})
    return cursor.rowcount


def _in_batches(connection: Any, batch: Callable[[Any], int], limit: int) -> int:
    deleted = 0
    with connection.cursor() as cursor:
        while True:
            count = batch(cursor)
            connection.commit()
            deleted += count
            if count < limit:
                return deleted


def schedule_status() -> list[dict[str, Any]]:
    """Each periodic job of the schedule: its newest period and how its job is doing."""
    cursor = _cursor()
    cursor.execute(sql.SCHEDULE_RUNS)
    runs = {row[0]: row[1:] for row in cursor.fetchall()}
    db.session.rollback()
    status = []
    for entry in SCHEDULE:
        period_start, enqueued_at, job_status, finished_at = runs.get(entry.kind, (None,) * 4)
        status.append(
            {
                "kind": entry.kind,
                "every": entry.period,
                "period_start": period_start,
                "enqueued_at": enqueued_at,
                "job_status": job_status,
                "finished_at": finished_at,
            }
        )
    return status
