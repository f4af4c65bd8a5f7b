"""`flask applications`: bulk work on a user's applications."""

from __future__ import annotations

from pathlib import Path

import click

from jatify.cli.errors import DomainGroup
from jatify.services import accounts
from jatify.services.transfer import importer

group = DomainGroup("applications", help="Bulk work on applications.")


@group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "email", required=True, help="Email of the account to import into.")
def import_applications(file: Path, email: str) -> None:
    """Import applications from a CSV file (the export's columns or common aliases)."""
    user = accounts.get_user_by_email(email)
    size = file.stat().st_size
    with file.open("rb") as binary, click.progressbar(length=size, label="Importing") as bar:

        def advance(_report: importer.ImportReport) -> None:
            bar.update(binary.tell() - bar.pos)

        report = importer.import_applications(user.id, binary, on_chunk=advance)
        bar.update(size - bar.pos)
    click.echo(
        f"rows read: {report.rows_read}, created: {report.created}, "
        f"duplicates skipped: {report.duplicates}, failed: {report.failed}, "
        f"job listings created: {report.jobs_created}"
    )
    if report.ignored_columns:
        click.echo(f"ignored columns: {', '.join(report.ignored_columns)}")
    for failure in report.failures:
        click.echo(f"row {failure['row']}: {failure['error']}", err=True)
    if report.failures_truncated:
        click.echo(f"... and {report.failed - len(report.failures)} more failed rows", err=True)
