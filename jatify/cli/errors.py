"""The CLI's one mapping of domain errors: a single `Error: ...` line and exit status 1."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import AppGroup

from jatify.errors import DomainError


class DomainGroup(AppGroup):
    """A command group whose commands' domain errors end as `Error: ...` lines."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a DomainError becomes a ClickException."""
        try:
            return super().invoke(ctx)
        except DomainError as error:
            raise click.ClickException(error.message) from None
