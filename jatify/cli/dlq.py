"""`flask dlq`: list, requeue, delete and purge dead letters (every user's)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import click

from jatify.cli.errors import DomainGroup
from jatify.cli.queue import Duration, delete_in_batches
from jatify.services import dead_letters, queue_admin

group = DomainGroup("dlq", help="Inspect and act on the dead-letter queue.")

REQUEUE_BATCH = 500


@group.command("list")
@click.option("--kind", help="Only entries of this job kind.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
def list_entries(kind: str | None, limit: int) -> None:
    """Open dead letters, newest first."""
    entries, total = dead_letters.list_open(visible_to=None, kind=kind, page=1, page_size=limit)
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
    """Put the failed jobs of the given entries (or --all) back in the queue.

    One job per dedupe key can be queued: entries whose equivalent job is in the queue
    already (or goes back with them) are skipped and stay open.
    """
    if bool(ids) == requeue_all:
        raise click.UsageError("give entry IDS or --all, not both")
    entry_ids = list(ids) or dead_letters.open_ids()
    requeued = skipped = 0
    with click.progressbar(length=len(entry_ids), label="requeueing") as bar:
        for start in range(0, len(entry_ids), REQUEUE_BATCH):
            batch = entry_ids[start : start + REQUEUE_BATCH]
            result = dead_letters.requeue(visible_to=None, ids=batch)
            requeued, skipped = requeued + result.requeued, skipped + result.skipped
            bar.update(len(batch))
    summary = f"requeued {requeued} of {len(entry_ids)}"
    if skipped:
        summary += f"; skipped {skipped}: an equivalent job (same dedupe key) is in the queue"
    click.echo(summary)


@group.command("delete")
@click.argument("entry_id", metavar="ID", type=click.UUID)
def delete_entry(entry_id: uuid.UUID) -> None:
    """Delete an open dead letter and its failed job for good."""
    dead_letters.delete(visible_to=None, entry_id=entry_id)
    click.echo(f"deleted {entry_id}")


@group.command("purge")
@click.option(
    "--older-than", type=Duration(), required=True, help="Age of entries to delete, e.g. 30d."
)
def purge_entries(older_than: timedelta) -> None:
    """Delete dead letters (and their failed jobs) that failed longer ago than --older-than."""
    cutoff = datetime.now(UTC) - older_than
    total = queue_admin.count_purgeable_dead_letters(cutoff)
    batch = queue_admin.purge_dead_letters_batch
    deleted = delete_in_batches(total, batch, cutoff, "purging")
    click.echo(f"deleted {deleted} dead letters that failed before {cutoff.isoformat()}")
