"""How long each company (and each source) takes to answer, for the dashboard.

Per company (compared without case) and per source: live applications, how many were
sent and answered (the definitions of services/insights.py), the response rate, and the
median wait in days from applying to the first change with how many waits it is over
(the samples of the follow-up clock, services/follow_ups.py). One statement.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from jatify.extensions import db
from jatify.vocabulary import RESPONSE_STATUSES, StatusId

GROUP_LIMIT = 50

WAITS_SQL = text(
    """
WITH account AS (SELECT timezone FROM users WHERE id = :user_id),
facts AS (
    SELECT lower(j.company) AS company_key, min(j.company) AS company,
           lower(btrim(a.source)) AS source_key, min(a.source) AS source,
           a.status_id <> :wishlist OR COALESCE(bool_or(c.to_status_id <> :wishlist), false)
               AS sent,
           a.status_id = ANY(:response_ids)
               OR COALESCE(bool_or(c.to_status_id = ANY(:response_ids)), false) AS responded,
           CASE WHEN a.first_change_at IS NOT NULL THEN GREATEST(
               (a.first_change_at AT TIME ZONE (SELECT timezone FROM account))::date
               - COALESCE(a.applied_at,
                          (a.created_at AT TIME ZONE (SELECT timezone FROM account))::date),
               0) END AS wait
    FROM applications AS a
    JOIN job_listings AS j ON j.id = a.job_id
    LEFT JOIN application_status_changes AS c ON c.application_id = a.id
    WHERE a.user_id = :user_id AND a.deleted_at IS NULL
    GROUP BY a.id, j.id
),
groups AS (
    SELECT 'company' AS grouping, min(company) AS name, count(*) AS applications,
           count(*) FILTER (WHERE sent) AS sent, count(*) FILTER (WHERE responded) AS responded,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) AS median_wait, count(wait) AS waits
    FROM facts GROUP BY company_key
    UNION ALL
    SELECT 'source', min(source), count(*), count(*) FILTER (WHERE sent),
           count(*) FILTER (WHERE responded),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY wait), count(wait)
    FROM facts GROUP BY source_key
)
SELECT * FROM (
    SELECT groups.*, row_number() OVER (
        PARTITION BY grouping ORDER BY applications DESC, name NULLS LAST
    ) AS rank
    FROM groups
) AS ranked
WHERE rank <= :limit
ORDER BY grouping, rank
"""
)


def _group(row: Any, key: str) -> dict[str, Any]:
    return {
        key: row.name,
        "applications": row.applications,
        "sent": row.sent,
        "responded": row.responded,
        "response_rate": round(row.responded / row.sent, 4) if row.sent else None,
        "median_wait_days": None if row.median_wait is None else float(row.median_wait),
        "waits": row.waits,
    }


def wait_stats(user_id: int) -> dict[str, list[dict[str, Any]]]:
    """The `GROUP_LIMIT` companies and sources with the most applications, most first."""
    rows = db.session.execute(
        WAITS_SQL,
        {
            "user_id": user_id,
            "wishlist": int(StatusId.WISHLIST),
            "response_ids": [int(status) for status in RESPONSE_STATUSES],
            "limit": GROUP_LIMIT,
        },
    ).all()
    return {
        "by_company": [_group(row, "company") for row in rows if row.grouping == "company"],
        "by_source": [_group(row, "source") for row in rows if row.grouping == "source"],
    }
