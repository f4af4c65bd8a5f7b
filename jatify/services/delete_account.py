"""Deleting an account and everything it owns, in one transaction.

Every row of every table that names the account (a column referencing `users.id`: its
listings, applications, resumes, analyses, queue jobs, dead letters, login sessions,
imports, captures, invites it used...) is deleted before the account itself; rows that
reach it only through those (history, resume bytes, contact links) go by their ON DELETE
CASCADE. Reading the tables from the models, not a list here, keeps a new table with a
`user_id` from being forgotten. Deleting the login sessions fires their trigger
(migration 0007), which tells every web process's session cache.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table, delete, select
from werkzeug.security import check_password_hash

from jatify.errors import Forbidden
from jatify.extensions import db
from jatify.models import User
from jatify.services import accounts, login_guard


@dataclass(frozen=True)
class DeletedAccount:
    """Who was deleted, and how many rows named the account directly."""

    user_id: int
    email: str
    rows: int


def _owner_columns() -> list[tuple[Table, Column]]:
    """Each (table, column) referencing `users.id`, dependent tables first."""
    users = User.__table__
    return [
        (table, column)
        for table in reversed(db.metadata.sorted_tables)
        if table is not users
        for column in table.columns
        if any(key.column.table is users for key in column.foreign_keys)
    ]


def erase_account(user: User) -> DeletedAccount:
    """Delete the account and everything it owns, and commit; its row is locked first so
    no write of its own can slip in between the statements."""
    user_id, email = user.id, user.email
    db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
    rows = 0
    for table, column in _owner_columns():
        rows += db.session.execute(delete(table).where(column == user_id)).rowcount
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.commit()
    return DeletedAccount(user_id, email, rows)


def delete_own_account(user_id: int, password: str, address: str) -> DeletedAccount:
    """Delete the caller's account after checking its password. A wrong one is Forbidden and
    counts as a failed login of the account's email from `address`; while that email is
    locked there (AccountLocked), no password is tried, so a stolen token cannot guess it."""
    user = accounts.get_user(user_id)
    login_guard.check_not_locked(user.email, address)
    if not check_password_hash(user.password_hash, password):
        db.session.rollback()
        login_guard.count_failure(user.email, address)
        raise Forbidden("The password is wrong")
    return erase_account(user)


def delete_account_by_email(email: str) -> DeletedAccount:
    """Delete the account with this email (operators: `flask users delete`), or NotFound."""
    return erase_account(accounts.get_user_by_email(email))
