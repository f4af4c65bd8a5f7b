"""`flask dlq`: list, requeue, delete and purge dead letters (every user's)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import click
import psycopg2
from flask.cli import AppGroup

from jatify.cli.queue import Duration, delete_in_batches, raw_cursor
from jatify.extensions import db
from jatify.queue import dlq, sql

group = AppGroup("dlq", help="Inspect and act on the dead-letter queue.")

REQUEUE_BATCH = 500


@group.command("list")
@click.option("--kind", help="Only entries of this job kind.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
def list_entries(kind: str | None, limit: int) -> None:
    """Open dead letters, newest first."""
    total, entries = dlq.list_open(raw_cursor(), visible_to=None, kind=kind, limit=limit)
    db.session.rollback()
    for entry in entries:
        error = entry["error"].replace("\n", " ")
        click.echo(
            f"{entry['id']}  {entry['kind']:<24} user={entry['user_id']} "
            f"attempts={entry['attempts']} failed_at={entry['failed_at'].isoformat()}  "
            f"{error[:80]}"
        )
    click.echo(f"{len(entries)} of {total} open dead letters")


@group.command("requeue")
@click.argument("ids", nargs=-1, type=click.UUID)
@click.option("--all", "requeue_all", is_flag=True, help="Requeue every open entry.")
def requeue_entries(ids: tuple[uuid.UUID, ...], requeue_all: bool) -> None:
    """Put the failed jobs of the given entries (or --all) back in the queue."""
    if bool(ids) == requeue_all:
        raise click.UsageError("give entry IDS or --all, not both")
    entry_ids = list(ids) or dlq.open_ids(raw_cursor())
    requeued = 0
    with click.progressbar(length=len(entry_ids), label="requeueing") as bar:
        for start in range(0, len(entry_ids), REQUEUE_BATCH):
            batch = entry_ids[start : start + REQUEUE_BATCH]
            requeued += _requeue_batch(batch)
            bar.update(len(batch))
    click.echo(f"requeued {requeued} of {len(entry_ids)}")


def _requeue_batch(entry_ids: list[uuid.UUID]) -> int:
    """Requeue one batch in its own transaction."""
    try:
        requeued = dlq.requeue(raw_cursor(), visible_to=None, ids=entry_ids)
        db.session.commit()
    except psycopg2.IntegrityError as exc:
        db.session.rollback()
        raise click.ClickException(f"an equivalent job is already in the queue: {exc}") from None
    return requeued


@group.command("delete")
@click.argument("entry_id", metavar="ID", type=click.UUID)
def delete_entry(entry_id: uuid.UUID) -> None:
    """Delete an open dead letter and its failed job for good."""
    if dlq.delete(raw_cursor(), entry_id, visible_to=None):
        db.session.commit()
        click.echo(f"deleted {entry_id}")
        return
    state = dlq.entry_state(raw_cursor(), entry_id, visible_to=None)
    db.session.rollback()
    if state is None:
        raise click.ClickException(f"no dead letter {entry_id}")
    raise click.ClickException(f"dead letter {entry_id} was requeued; its job is in the queue")


@group.command("purge")
@click.option(
    "--older-than", type=Duration(), required=True, help="Age of entries to delete, e.g. 30d."
)
def purge_entries(older_than: timedelta) -> None:
    """Delete dead letters (and their failed jobs) that failed longer ago than --older-than."""
    cutoff = datetime.now(UTC) - older_than
    deleted = delete_in_batches(sql.DLQ_COUNT_PURGEABLE, dlq.purge_batch, cutoff, "purging")
    click.echo(f"deleted {deleted} dead letters that failed before {cutoff.isoformat()}")
