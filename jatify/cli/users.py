"""`flask users`: create accounts and promote admins."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from jatify.api.auth import RegisterSchema
from jatify.extensions import db
from jatify.models import User

group = AppGroup("users", help="Manage accounts.")


@group.command("create")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--admin", is_flag=True, help="Make the account an admin.")
def create_user(email: str, name: str, password: str, admin: bool) -> None:
    """Create an account (prompts for what is not given)."""
    email, name = email.strip(), name.strip()
    problems = RegisterSchema().validate({"email": email, "name": name, "password": password})
    if problems:
        raise click.UsageError(
            "; ".join(f"--{field}: {' '.join(messages)}" for field, messages in problems.items())
        )
    user = User(
        email=email,
        name=name,
        password_hash=generate_password_hash(password),
        is_admin=admin,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise click.ClickException(f"{email} is registered already") from None
    click.echo(f"created user {user.id} <{user.email}>{' (admin)' if admin else ''}")


@group.command("promote")
@click.argument("email")
def promote_user(email: str) -> None:
    """Make an existing account an admin."""
    user = find_user(email)
    user.is_admin = True
    db.session.commit()
    click.echo(f"{user.email} is now an admin")


def find_user(email: str) -> User:
    """The account with this email (any case), or a CLI error."""
    user = db.session.scalar(db.select(User).where(func.lower(User.email) == email.lower()))
    if user is None:
        raise click.ClickException(f"no account with email {email}")
    return user
