"""`flask queue`: look at the job queue and keep it tidy."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import click
from flask import current_app

from jatify.cli.errors import DomainGroup
from jatify.services import queue_admin

group = DomainGroup("queue", help="Inspect and maintain the job queue.")

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


def delete_in_batches(
    total: int, batch: Callable[[datetime, int], int], cutoff: datetime, label: str
) -> int:
    """Run `batch(cutoff, limit)` (which commits) until it deletes nothing, with progress."""
    deleted = 0
    with click.progressbar(length=total, label=label) as bar:
        while count := batch(cutoff, BATCH_SIZE):
            deleted += count
            bar.update(count)
    return deleted


@group.command("stats")
def print_queue_stats() -> None:
    """Jobs per status and kind, the oldest pending job's age, and recent throughput."""
    stats = queue_admin.read_stats()
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
    total = queue_admin.count_done_before(cutoff)
    deleted = delete_in_batches(total, queue_admin.prune_done_batch, cutoff, "pruning")
    click.echo(f"deleted {deleted} done jobs finished before {cutoff.isoformat()}")


@group.command("rescue")
def rescue_jobs() -> None:
    """Run the lease sweep now: lost jobs go back to pending, or to the dead-letter queue."""
    rescued = queue_admin.rescue_now(current_app.config)
    click.echo(f"rescued {rescued.retried} jobs to retry, failed {rescued.failed}")
