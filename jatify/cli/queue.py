"""`flask queue`: look at the job queue and keep it tidy."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from jatify.extensions import db
from jatify.queue import sql
from jatify.queue.rescue import rescue_lost_jobs
from jatify.queue.settings import QueueSettings
from jatify.queue.stats import queue_stats
from jatify.queue.worker import connect

group = AppGroup("queue", help="Inspect and maintain the job queue.")

BATCH_SIZE = 1000
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


class Duration(click.ParamType):
    """A duration such as 90s, 15m, 12h, 7d or 2w."""

    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse `value` into a timedelta."""
        if isinstance(value, timedelta):
            return value
        match = re.fullmatch(r"\s*(\d+)\s*([smhdw])\s*", str(value).lower())
        if match is None:
            self.fail(f"{value!r} is not a duration like 90s, 15m, 12h, 7d or 2w", param, ctx)
        return timedelta(seconds=int(match[1]) * UNITS[match[2]])


def raw_cursor() -> Any:
    """A psycopg2 cursor in the CLI's SQLAlchemy transaction (commit with db.session)."""
    return db.session.connection().connection.cursor()


def delete_in_batches(count_sql: str, batch: Any, cutoff: datetime, label: str) -> int:
    """Run `batch(cursor, cutoff, limit)` until it deletes nothing, committing each batch."""
    cursor = raw_cursor()
    cursor.execute(count_sql, {"cutoff": cutoff})
    total = cursor.fetchone()[0]
    deleted = 0
    with click.progressbar(length=total, label=label) as bar:
        while True:
            count = batch(raw_cursor(), cutoff, BATCH_SIZE)
            db.session.commit()
            if count == 0:
                break
            deleted += count
            bar.update(count)
    return deleted


def _prune_batch(cursor: Any, cutoff: datetime, limit: int) -> int:
    cursor.execute(sql.PRUNE_DONE_BATCH, {"cutoff": cutoff, "limit": limit})
    return cursor.rowcount


@group.command("stats")
def print_queue_stats() -> None:
    """Jobs per status and kind, the oldest pending job's age, and recent throughput."""
    stats = queue_stats(raw_cursor())
    db.session.rollback()
    click.echo(f"{'status':<12} {'kind':<32} {'jobs':>8}")
    for count in stats.counts:
        click.echo(f"{count.status:<12} {count.kind:<32} {count.jobs:>8}")
    if not stats.counts:
        click.echo("(no jobs)")
    oldest = stats.oldest_pending_seconds
    age = "none waiting" if oldest is None else f"{oldest:.1f} s"
    click.echo(f"oldest available pending job: {age}")
    windows = " / ".join(str(window.minutes) for window in stats.finished)
    rates = " / ".join(
        f"{window.done} ({window.done / (window.minutes * 60):.2f}/s)" for window in stats.finished
    )
    click.echo(f"done in the last {windows} min: {rates}")


@group.command("prune")
@click.option(
    "--older-than", type=Duration(), required=True, help="Age of done jobs to delete, e.g. 7d."
)
def prune_jobs(older_than: timedelta) -> None:
    """Delete done jobs that finished longer ago than --older-than, in batches."""
    cutoff = datetime.now(UTC) - older_than
    deleted = delete_in_batches(sql.COUNT_DONE_BEFORE, _prune_batch, cutoff, "pruning")
    click.echo(f"deleted {deleted} done jobs finished before {cutoff.isoformat()}")


@group.command("rescue")
def rescue_jobs() -> None:
    """Run the lease sweep now: lost jobs go back to pending, or to the dead-letter queue."""
    settings = QueueSettings.from_config(current_app.config)
    connection = connect(settings.dsn, "jatify-cli")
    try:
        connection.autocommit = False
        rescued = rescue_lost_jobs(connection, settings)
    finally:
        connection.close()
    click.echo(f"rescued {rescued.retried} jobs to retry, failed {rescued.failed}")
