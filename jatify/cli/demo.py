"""`flask demo`: fill a demo account so a new user can try the API at once."""

from __future__ import annotations

import click
from marshmallow import ValidationError, validate

from jatify.cli.errors import DomainGroup
from jatify.fields import password_problem
from jatify.services import demo

group = DomainGroup("demo", help="Demo data.")


@group.command("seed")
@click.option("--email", default=demo.DEFAULT_EMAIL, show_default=True, help="The demo account.")
@click.option(
    "--password",
    default=None,
    help="Set this password. Default: a generated one for a new account; "
    "an existing account keeps its own.",
)
def seed_demo(email: str, password: str | None) -> None:
    """Create (or reuse) a demo account and fill it with job listings and applications."""
    email = email.strip()
    try:
        validate.Email()(email)
    except ValidationError:
        raise click.BadParameter("not an email address", param_hint="--email") from None
    problem = password_problem(password) if password is not None else None
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    seeded = demo.seed_demo(email, password)
    click.echo(f"demo account: {seeded.email} ({seeded.password_note})")
    click.echo(
        f"added {seeded.jobs_added} job listings and {seeded.applications_added} applications"
    )
