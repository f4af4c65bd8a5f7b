"""The lease sweep: jobs whose worker was lost go back to pending, or to the DLQ.

A job is lost when its lease expired (its worker was killed, hung, or cut off from the
database) or when the supervisor saw its worker process die. The lost attempt counts:
it is recorded in the job's error history, and a job out of attempts fails with its
dead letter, so a job that kills its worker every time cannot loop forever.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, NamedTuple

from jatify.metrics import RESCUED_LEASES, observe_job
from jatify.queue import sql
from jatify.queue.attempts import Job, settle_failure
from jatify.queue.settings import QueueSettings

log = logging.getLogger("jatify.queue.rescue")

BATCH = 100
LEASE_EXPIRED = "lease expired: the worker was killed, hung or lost its database connection"


class Rescued(NamedTuple):
    """What one sweep did."""

    retried: int
    failed: int


def rescue_lost_jobs(
    connection: Any, settings: QueueSettings, dead_workers: Mapping[str, str] | None = None
) -> Rescued:
    """Settle lost jobs (expired leases, and those of `dead_workers`: id -> reason)."""
    # One transaction per batch: the rows stay locked (SKIP LOCKED) while the batch is
    # settled, so concurrent sweeps never handle a job twice.
    dead_workers = dict(dead_workers or {})
    retried = failed = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql.LOST_JOBS, {"dead_workers": list(dead_workers), "limit": BATCH})
            rows = cursor.fetchall()
            for row in rows:
                job = Job(str(row[0]), row[1], row[2], row[3], row[4], row[5], row[6])
                reason = dead_workers.get(job.worker, LEASE_EXPIRED)
                outcome = settle_failure(cursor, job, reason, settings)
                retried += outcome.status == "retry"
                failed += outcome.status == "failed"
                RESCUED_LEASES.inc()
                observe_job(job.kind, job.attempt, outcome.status)
                log.info(
                    "job rescued kind=%s id=%s attempt=%d/%d outcome=%s reason=%r",
                    job.kind,
                    job.id,
                    job.attempt,
                    job.max_attempts,
                    outcome.status,
                    reason,
                )
        connection.commit()
        if len(rows) < BATCH:
            return Rescued(retried, failed)
