"""`flask usage`: what the model endpoint cost, per account."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import click

from jatify.cli.errors import DomainGroup
from jatify.services import usage

group = DomainGroup("usage", help="Look at model spend and quota use.")


class Month(click.ParamType):
    """A calendar month written YYYY-MM."""

    name = "YYYY-MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse `value` into the first day of its month."""
        if isinstance(value, date):
            return value
        match = re.fullmatch(r"\s*(\d{4})-(\d{2})\s*", str(value))
        if match is None or not 1 <= int(match[2]) <= 12:
            self.fail(f"{value!r} is not a month like 2026-12", param, ctx)
        return date(int(match[1]), int(match[2]), 1)


@group.command("report")
@click.option("--month", type=Month(), help="The month (UTC) to report; default: this one.")
def report_spend(month: date | None) -> None:
    """Model analyses, tokens and reported cost (US dollars) per account for a month."""
    month = month or datetime.now(UTC).date().replace(day=1)
    rows = usage.spend_report(month)
    click.echo(f"model spend in {month:%Y-%m} (UTC)")
    click.echo(f"{'account':<40} {'analyses':>9} {'prompt':>12} {'completion':>12} {'USD':>12}")
    for row in rows:
        click.echo(
            f"{row.email[:40]:<40} {row.analyses:>9} {row.prompt_tokens:>12} "
            f"{row.completion_tokens:>12} {row.cost_usd:>12.6f}"
        )
    if not rows:
        click.echo("(no analyses answered by a model)")
        return
    total = sum(row.cost_usd for row in rows)
    analyses = sum(row.analyses for row in rows)
    click.echo(f"{'total':<40} {analyses:>9} {'':>12} {'':>12} {total:>12.6f}")
