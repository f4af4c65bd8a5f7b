"""Periodic jobs: a small table in code, enqueued by worker.py's supervisor once per period.

Every `SCHEDULER_POLL_SECONDS` the supervisor's scheduler computes, for each entry, the
start of the period it is in (e.g. 07:05:00 for a one-minute entry at 07:05:42). Moving
the entry's row in `scheduled_runs` forward to that start and enqueueing the job (with
the dedupe key `schedule:<kind>:<start>`) commit together, and the row only ever moves
forward: with any number of supervisors on any number of hosts, each period's job is
enqueued once; after downtime only the current period runs, once, not every missed one.
The job's payload carries `period_start`, the instant the job stands for.

Adding a periodic job is one line in `SCHEDULE` (plus its kind in `vocabulary.JobKindName`
and a handler in `jatify/tasks/` that takes a `PeriodicPayload`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import marshmallow as ma

from jatify.queue import sql
from jatify.queue.engine import DB_ERRORS
from jatify.queue.enqueue import enqueue_psycopg
from jatify.queue.worker import connect
from jatify.vocabulary import JobKindName

log = logging.getLogger("jatify.queue.schedule")

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
RETRY_MAX_SECONDS = 60.0


@dataclass(frozen=True)
class Every:
    """A job of `kind` once per `period`, periods starting at `offset` past midnight UTC."""

    kind: str
    period: timedelta
    offset: timedelta = timedelta(0)

    def period_start(self, now: datetime) -> datetime:
        """The start of the period `now` falls in."""
        periods = (now - EPOCH - self.offset) // self.period
        return EPOCH + self.offset + periods * self.period


# The periodic jobs. One line per job: its kind, how often, and when in the day (UTC).
SCHEDULE: tuple[Every, ...] = (
    Every(JobKindName.DIGEST_SCAN, timedelta(minutes=1)),
    Every(JobKindName.QUEUE_PRUNE, timedelta(days=1), offset=timedelta(hours=3)),
    Every(JobKindName.DLQ_PURGE, timedelta(days=1), offset=timedelta(hours=3, minutes=30)),
    Every(JobKindName.POSTING_WATCH, timedelta(days=1), offset=timedelta(hours=4)),
)


class PeriodicPayload(ma.Schema):
    """What a scheduled job is given: the start of the period it runs for."""

    period_start = ma.fields.AwareDateTime(required=True)


def utcnow() -> datetime:
    """The scheduler's clock (the test suite's worker hooks replace it)."""
    return datetime.now(UTC)


def scheduler_enabled(config: Mapping[str, Any]) -> bool:
    """SCHEDULER: on, off, or auto (on unless JATIFY_ENV is testing)."""
    if config["SCHEDULER"] == "auto":
        return config["JATIFY_ENV"] != "testing"
    return config["SCHEDULER"] == "on"


def enqueue_due(connection: Any, entries: Sequence[Every], now: datetime) -> list[str]:
    """Enqueue each entry whose current period nobody has enqueued yet; their kinds.

    One transaction per entry: the row lock of `scheduled_runs` makes a concurrent
    supervisor wait, then find the period taken.
    """
    enqueued = []
    with connection.cursor() as cursor:
        for entry in entries:
            start = entry.period_start(now)
            cursor.execute(sql.SCHEDULE_CLAIM_PERIOD, {"name": entry.kind, "period_start": start})
            if cursor.fetchone() is None:
                connection.rollback()
                continue
            job_id, _ = enqueue_psycopg(
                cursor,
                entry.kind,
                {"period_start": start.isoformat()},
                dedupe_key=f"schedule:{entry.kind}:{start.isoformat()}",
            )
            cursor.execute(sql.SCHEDULE_RECORD_JOB, {"name": entry.kind, "job_id": str(job_id)})
            connection.commit()
            enqueued.append(entry.kind)
            log.info("scheduled %s for the period from %s", entry.kind, start.isoformat())
    return enqueued


class Scheduler:
    """The supervisor's scheduler: `tick()` in its loop enqueues what is due."""

    def __init__(
        self,
        dsn: str,
        poll_seconds: float,
        entries: Sequence[Every] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.dsn = dsn
        self.poll_seconds = poll_seconds
        self.entries = tuple(SCHEDULE if entries is None else entries)
        self.clock = clock or utcnow
        self.next_pass = 0.0
        self.backoff = 0.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Scheduler | None:
        """The scheduler of an app's config, or None when SCHEDULER turns it off."""
        if not scheduler_enabled(config):
            return None
        return cls(config["DATABASE_DSN"], config["SCHEDULER_POLL_SECONDS"])

    def tick(self) -> None:
        """Run a pass if one is due; on a database error, try again later with backoff."""
        now = time.monotonic()
        if now < self.next_pass:
            return
        try:
            connection = connect(self.dsn, "jatify-scheduler")
            try:
                connection.autocommit = False
                enqueue_due(connection, self.entries, self.clock())
            finally:
                connection.close()
        except DB_ERRORS as exc:
            self.backoff = min(max(self.backoff * 2, 0.5), RETRY_MAX_SECONDS)
            self.next_pass = now + self.backoff
            log.warning("scheduler pass failed (%s); retrying in %.1f s", exc, self.backoff)
            return
        self.backoff = 0.0
        self.next_pass = now + self.poll_seconds
