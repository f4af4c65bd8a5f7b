"""Per-account quotas: analyses and job captures a day, and the bytes of stored resumes.

A day is the account's own: it starts at midnight in its time zone (`users.timezone`), and
an answer over a daily quota says in Retry-After how long until the next midnight there.
Admins are exempt; a limit of 0 switches a quota off (QUOTA_* settings).

Why the lock: two requests at the limit minus one must not both pass. A check first locks
the account's row, then counts in a second statement, whose snapshot (READ COMMITTED) is
taken once the lock is granted, so it sees what the request holding the lock committed.
FOR NO KEY UPDATE rather than FOR UPDATE: inserting a row that refers to the account (an
application, a resume) takes FOR KEY SHARE on it, which FOR UPDATE waits on; two requests
that each inserted before checking would deadlock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import TextClause, text

from jatify.errors import QuotaExceeded
from jatify.extensions import db
from jatify.vocabulary import QuotaName

# The midnight that started the account's current day, and the next one, as timestamptz,
# in the zone `{zone}` names (an SQL expression of an IANA name): midnight to midnight in
# local time, so a day across a DST change is 23 or 25 hours long.
DAY_START = "(date_trunc('day', now() AT TIME ZONE {zone}) AT TIME ZONE {zone})"
DAY_END = "((date_trunc('day', now() AT TIME ZONE {zone}) + interval '1 day') AT TIME ZONE {zone})"

LOCK_ACCOUNT = text("SELECT is_admin, timezone FROM users WHERE id = :user_id FOR NO KEY UPDATE")
STORAGE_USED = text("SELECT coalesce(sum(size_bytes), 0) FROM resumes WHERE user_id = :user_id")


def _today(table: str) -> TextClause:
    """The account's rows of `table` since its midnight (ix_<table>_user_created), and
    the whole seconds until its next one."""
    return text(
        f"SELECT count(*), ceil(extract(epoch FROM {DAY_END.format(zone=':zone')} - now()))"
        f" FROM {table} WHERE user_id = :user_id"
        f" AND created_at >= {DAY_START.format(zone=':zone')}"
    )


class Daily(NamedTuple):
    """A daily quota: how to count the day's use, and what a person calls it."""

    statement: TextClause
    noun: str


DAILY = {
    QuotaName.ANALYSES_PER_DAY: Daily(_today("analyses"), "analyses"),
    QuotaName.CAPTURES_PER_DAY: Daily(_today("captures"), "job captures"),
}


@dataclass(frozen=True)
class QuotaSettings:
    """The limits of every account but an admin's; 0 means no limit."""

    analyses_per_day: int = 50
    storage_bytes: int = 50 * 1024 * 1024
    captures_per_day: int = 100

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> QuotaSettings:
        """Limits from a Flask config built by jatify.config.build_config()."""
        return cls(
            analyses_per_day=config["QUOTA_ANALYSES_PER_DAY"],
            storage_bytes=config["QUOTA_STORAGE_BYTES"],
            captures_per_day=config["QUOTA_CAPTURES_PER_DAY"],
        )

    def limit(self, quota: QuotaName) -> int:
        """The limit of `quota` (0: none)."""
        return getattr(self, quota.value)


def current_settings() -> QuotaSettings:
    """The quotas of the running app."""
    return QuotaSettings.from_config(current_app.config)


def _locked_account(user_id: int) -> Any:
    """(is_admin, timezone) of the account, its row locked until the transaction ends."""
    return db.session.execute(LOCK_ACCOUNT, {"user_id": user_id}).first()


def check_daily(user_id: int, quota: QuotaName) -> None:
    """In the caller's transaction: one more of today's analyses or captures fits the
    account's quota, else QuotaExceeded with Retry-After until its midnight."""
    limit = current_settings().limit(quota)
    if not limit:
        return
    account = _locked_account(user_id)
    if account is None or account.is_admin:
        return
    daily = DAILY[quota]
    used, reset_seconds = db.session.execute(
        daily.statement, {"user_id": user_id, "zone": account.timezone}
    ).one()
    if used < limit:
        return
    raise QuotaExceeded(
        f"You have used all {limit} {daily.noun} of today; more are available after "
        f"midnight ({account.timezone})",
        details={"quota": quota.value, "limit": limit, "used": used},
        retry_after_seconds=max(1, int(reset_seconds)),
    )


def megabytes(size_bytes: int) -> str:
    """A byte count as a person reads it: "12.5 MB"."""
    return f"{size_bytes / (1024 * 1024):.1f} MB"


def check_storage(user_id: int, adding_bytes: int) -> None:
    """In the caller's transaction: a file of `adding_bytes` fits the account's storage
    quota, else QuotaExceeded (no Retry-After: only deleting a resume makes room)."""
    limit = current_settings().storage_bytes
    if not limit:
        return
    account = _locked_account(user_id)
    if account is None or account.is_admin:
        return
    used = db.session.scalar(STORAGE_USED, {"user_id": user_id})
    if used + adding_bytes <= limit:
        return
    raise QuotaExceeded(
        f"This file does not fit: your resumes use {megabytes(used)} of your "
        f"{megabytes(limit)}; delete a resume to make room",
        details={"quota": QuotaName.STORAGE_BYTES.value, "limit": limit, "used": used},
    )
