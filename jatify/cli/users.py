"""`flask users`: create accounts and promote admins."""

from __future__ import annotations

import click

from jatify.cli.errors import DomainGroup
from jatify.fields import NewAccountSchema
from jatify.services import accounts

group = DomainGroup("users", help="Manage accounts.")


@group.command("create")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--admin", is_flag=True, help="Make the account an admin.")
def create_user(email: str, name: str, password: str, admin: bool) -> None:
    """Create an account (prompts for what is not given)."""
    email, name = email.strip(), name.strip()
    problems = NewAccountSchema().validate({"email": email, "name": name, "password": password})
    if problems:
        raise click.UsageError(
            "; ".join(f"--{field}: {' '.join(messages)}" for field, messages in problems.items())
        )
    user = accounts.register(email, name, password, is_admin=admin)
    click.echo(f"created user {user.id} <{user.email}>{' (admin)' if admin else ''}")


@group.command("promote")
@click.argument("email")
def promote_user(email: str) -> None:
    """Make an existing account an admin."""
    user = accounts.promote(email)
    click.echo(f"{user.email} is now an admin")
