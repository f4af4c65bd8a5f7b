"""`queue.prune` and `dlq.purge`: the daily retention of the queue's tables (periodic jobs).

They do what `flask queue prune` and `flask dlq purge` do, with QUEUE_RETENTION_DAYS and
DLQ_RETENTION_DAYS, counted back from the period the scheduler enqueued them for.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from jatify.queue import JobContext, job_kind
from jatify.queue.schedule import PeriodicPayload
from jatify.services import queue_admin
from jatify.vocabulary import JobKindName

log = logging.getLogger("jatify.tasks.retention")


def _cutoff(payload: dict[str, Any], days: int) -> datetime:
    return datetime.fromisoformat(payload["period_start"]) - timedelta(days=days)


@job_kind(JobKindName.QUEUE_PRUNE, payload=PeriodicPayload, max_attempts=3)
def prune_queue(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Delete done jobs older than QUEUE_RETENTION_DAYS."""
    cutoff = _cutoff(payload, ctx.config["QUEUE_RETENTION_DAYS"])
    deleted = queue_admin.prune_done_jobs(ctx.connection, cutoff)
    log.info("pruned %d done jobs finished before %s", deleted, cutoff.isoformat())


@job_kind(JobKindName.DLQ_PURGE, payload=PeriodicPayload, max_attempts=3)
def purge_dead_letters(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Delete dead letters (and their failed jobs) older than DLQ_RETENTION_DAYS."""
    cutoff = _cutoff(payload, ctx.config["DLQ_RETENTION_DAYS"])
    deleted = queue_admin.purge_dead_letters(ctx.connection, cutoff)
    log.info("purged %d dead letters that failed before %s", deleted, cutoff.isoformat())
