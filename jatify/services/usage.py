"""What an account has used of its quotas, and what the model endpoint cost, per month."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import text

from jatify.analysis import BuiltinAnalyzer
from jatify.errors import NotFound
from jatify.extensions import db
from jatify.services.quotas import DAY_START, QuotaSettings, current_settings
from jatify.vocabulary import AnalysisState

# The account's use in one statement: today's analyses and captures (its own day, as the
# quotas count them), its resumes' bytes, and this calendar month's (UTC) analyses that a
# model answered with their reported tokens and cost.
USAGE_SQL = text(
    f"""
SELECT u.is_admin,
       (SELECT count(*) FROM analyses a
        WHERE a.user_id = u.id AND a.created_at >= {DAY_START.format(zone="u.timezone")})
           AS analyses_today,
       (SELECT coalesce(sum(r.size_bytes), 0) FROM resumes r WHERE r.user_id = u.id)
           AS storage_bytes,
       (SELECT count(*) FROM captures c
        WHERE c.user_id = u.id AND c.created_at >= {DAY_START.format(zone="u.timezone")})
           AS captures_today,
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
       m.analyses, m.prompt_tokens, m.completion_tokens, m.cost_usd
FROM users u
CROSS JOIN LATERAL (
    SELECT count(*) AS analyses,
           coalesce(sum(a.prompt_tokens), 0) AS prompt_tokens,
           coalesce(sum(a.completion_tokens), 0) AS completion_tokens,
           coalesce(sum(a.cost_usd), 0) AS cost_usd
    FROM analyses a
    WHERE a.user_id = u.id AND a.created_at >= date_trunc('month', now(), 'UTC')
      AND a.status = :done AND a.provider <> :builtin
) m
WHERE u.id = :user_id
"""
)

# Each account's model use in the month [:start, :end), biggest spender first.
SPEND_REPORT_SQL = text(
    """
SELECT u.id AS user_id, u.email, count(*) AS analyses,
       coalesce(sum(a.prompt_tokens), 0) AS prompt_tokens,
       coalesce(sum(a.completion_tokens), 0) AS completion_tokens,
       coalesce(sum(a.cost_usd), 0) AS cost_usd
FROM analyses a JOIN users u ON u.id = a.user_id
WHERE a.created_at >= :start AND a.created_at < :end
  AND a.status = :done AND a.provider <> :builtin
GROUP BY u.id, u.email
ORDER BY coalesce(sum(a.cost_usd), 0) DESC, count(*) DESC, u.email
"""
)


class ModelUse(NamedTuple):
    """The analyses a model answered in a month, and what they cost."""

    month: str
    analyses: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: Decimal


class Usage(NamedTuple):
    """An account's use of its quotas (a limit of None: no limit for it) and of the model."""

    analyses_today: int
    analyses_per_day: int | None
    storage_bytes: int
    storage_limit: int | None
    captures_today: int
    captures_per_day: int | None
    model: ModelUse


class AccountSpend(NamedTuple):
    """One account's line of the month's spend report."""

    user_id: int
    email: str
    analyses: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: Decimal


def _model_filter() -> dict[str, str]:
    return {"done": AnalysisState.DONE.value, "builtin": BuiltinAnalyzer.provider}


def read_usage(user_id: int) -> Usage:
    """The caller's usage in one statement; limits are None for an admin or when off."""
    row = db.session.execute(USAGE_SQL, {"user_id": user_id, **_model_filter()}).first()
    if row is None:
        raise NotFound("The account no longer exists")
    limits = QuotaSettings(0, 0, 0) if row.is_admin else current_settings()
    return Usage(
        analyses_today=row.analyses_today,
        analyses_per_day=limits.analyses_per_day or None,
        storage_bytes=row.storage_bytes,
        storage_limit=limits.storage_bytes or None,
        captures_today=row.captures_today,
        captures_per_day=limits.captures_per_day or None,
        model=ModelUse(
            row.month, row.analyses, row.prompt_tokens, row.completion_tokens, row.cost_usd
        ),
    )


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first instant (UTC) of `month`'s calendar month and of the next one."""
    start = datetime(month.year, month.month, 1, tzinfo=UTC)
    following = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=UTC)
    return start, following


def spend_report(month: date) -> list[AccountSpend]:
    """Every account's model use in `month` (UTC), biggest spender first."""
    start, end = month_bounds(month)
    params = {"start": start, "end": end, **_model_filter()}
    return [AccountSpend(*row) for row in db.session.execute(SPEND_REPORT_SQL, params)]
