"""`flask users`: create accounts, invite people, reset passwords and promote admins."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

import click
from flask import current_app
from marshmallow import ValidationError, validate

from jatify.cli.errors import DomainGroup
from jatify.fields import NewAccountSchema, password_problem
from jatify.services import accounts, delete_account, invites, password_resets

group = DomainGroup("users", help="Manage accounts.")


@group.command("create")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--admin", is_flag=True, help="Make the account an admin.")
def create_user(email: str, name: str, password: str, admin: bool) -> None:
    """Create an account (prompts for what is not given), whatever REGISTRATION says."""
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


@group.command("invite")
@click.argument("email")
def invite_user(email: str) -> None:
    """Make an invite code for EMAIL (REGISTRATION=invite): it works once, for that email,
    for INVITE_DAYS days. Give the printed code or link to the person."""
    email = email.strip()
    try:
        validate.Email()(email)
    except ValidationError:
        raise click.BadParameter("not an email address", param_hint="EMAIL") from None
    code, expires_at = invites.create_invite(email, current_app.config["INVITE_DAYS"])
    click.echo(f"invite code for {email}: {code}")
    click.echo(f"valid until {expires_at:%Y-%m-%d %H:%M} UTC, once")
    base_url = password_resets.public_url(current_app.config)
    if base_url:
        click.echo(
            f"register at {base_url}/#/register?{urlencode({'email': email, 'invite': code})}"
        )


@group.command("reset-password")
@click.argument("email")
@click.option(
    "--password",
    default=None,
    help="The new password. Default: prompt for it; --generate makes one instead.",
)
@click.option("--generate", is_flag=True, help="Generate a new password and print it.")
def reset_password(email: str, password: str | None, generate: bool) -> None:
    """Give the account of EMAIL a new password and end all its login sessions."""
    if generate:
        password = secrets.token_urlsafe(12)
    elif password is None:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    user, ended = accounts.reset_password_of(email, password)
    click.echo(f"password of {user.email} changed; {len(ended)} login sessions ended")
    if generate:
        click.echo(f"new password: {password}")


@group.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_user(email: str, yes: bool) -> None:
    """Delete an account and everything it owns, for good (its tokens stop working)."""
    if not yes:
        click.confirm(f"Delete {email} and everything it owns? There is no undo", abort=True)
    deleted = delete_account.delete_account_by_email(email)
    click.echo(f"deleted user {deleted.user_id} <{deleted.email}> and {deleted.rows} records")
