"""`flask schedule` and `flask digest`: the periodic jobs, and what a digest would say."""

from __future__ import annotations

from datetime import datetime

import click

from jatify.cli.errors import DomainGroup
from jatify.services import accounts, digests, queue_admin

group = DomainGroup("schedule", help="The periodic jobs worker.py enqueues.")
digest_group = DomainGroup("digest", help="The daily digest emails.")


@group.command("list")
def list_schedule() -> None:
    """Each periodic job: how often, its newest period, and how that period's job is doing."""
    click.echo(f"{'kind':<20} {'every':<16} {'newest period':<27} job")
    for entry in queue_admin.schedule_status():
        period = entry["period_start"].isoformat() if entry["period_start"] else "never run"
        job = entry["job_status"] or ("pruned" if entry["period_start"] else "-")
        click.echo(f"{entry['kind']:<20} {entry['every']!s:<16} {period:<27} {job}")


@digest_group.command("preview")
@click.argument("email")
@click.option(
    "--day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day (YYYY-MM-DD); default: today in the account's time zone.",
)
def preview_digest(email: str, day: datetime | None) -> None:
    """Print the digest an account would get (nothing is sent)."""
    user = accounts.get_user_by_email(email)
    chosen, found = digests.preview_digest(user.id, day.date() if day else None)
    if found is None:
        click.echo(f"nothing to say on {chosen.isoformat()}: no digest would be sent")
        return
    subject, text = found
    click.echo(f"To: {user.email}\nSubject: {subject}\n\n{text}", nl=False)
