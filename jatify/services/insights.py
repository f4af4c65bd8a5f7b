"""Statistics of a user's applications, computed by one grouped SQL statement.

Definitions (every count covers the user's live applications only; soft-deleted ones
never count):

- an application is *sent* once its history (or its current status) reaches any status
  other than Wishlist; a Wishlist-only entry is a plan, not an application;
- it has a *response* once its history reaches a status the employer caused: HR
  Interview, User Interview, Offer, Rejected, Offer Accepted or Offer Turned Down
  (Ghosted means no answer and Withdrawn is the applicant's own move);
- ``response_rate`` = responded / sent, null while nothing was sent;
- an *offer* is an application whose history reaches Offer, Offer Accepted or Offer
  Turned Down;
- *days to first change*: whole days from the applied date (``applied_at``, else the
  creation date, in UTC) to the first status change after creation that does not leave
  Wishlist (leaving Wishlist is the sending itself); a change dated before the applied
  date counts as 0 days. The median is over applications that had such a change;
- *per week*: sent applications by the ISO week (Monday, UTC) of their applied date,
  for the last ``weeks`` weeks including the current one, oldest first;
- *by score band, resume and source*: sent applications and how many responded, by the
  score of the newest finished analysis of their resume against their job listing (bands
  0-39, 40-69, 70-100; unscored ones count in no band), by the resume sent (null: none)
  and by source (compared ignoring case; null: none given).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text

from jatify.extensions import db
from jatify.vocabulary import OFFER_STATUSES, RESPONSE_STATUSES, AnalysisState, StatusId

# One statement: the user's applications are joined to their history and grouped once
# (`grouped`/`facts`: one row per application); the answer's parts are small aggregates
# of `facts`. Nothing runs per row or per status.
STATS_SQL = text(
    """
WITH grouped AS (
    -- Grouped by the primary key alone (a hash aggregate); a's other columns follow from it.
    SELECT a.id, a.status_id, a.resume_id, a.job_id, a.source,
           COALESCE(a.applied_at, (a.created_at AT TIME ZONE 'UTC')::date) AS applied_on,
           bool_or(c.to_status_id <> :wishlist) AS ever_sent,
           bool_or(c.to_status_id = ANY(:response_ids)) AS ever_responded,
           bool_or(c.to_status_id = ANY(:offer_ids)) AS ever_offered,
           min(c.changed_at) FILTER (
               WHERE c.from_status_id IS NOT NULL AND c.from_status_id <> :wishlist
           ) AS first_change_at
    FROM applications AS a
    LEFT JOIN application_status_changes AS c ON c.application_id = a.id
    WHERE a.user_id = :user_id AND a.deleted_at IS NULL
    GROUP BY a.id
),
facts AS (
    SELECT id, status_id,
           date_trunc('week', applied_on::timestamp) AS applied_week,
           status_id <> :wishlist OR COALESCE(ever_sent, false) AS sent,
           status_id = ANY(:response_ids) OR COALESCE(ever_responded, false) AS responded,
           status_id = ANY(:offer_ids) OR COALESCE(ever_offered, false) AS offered,
           (first_change_at AT TIME ZONE 'UTC')::date - applied_on AS days_to_change,
           resume_id, source, scored.score
    FROM grouped
    -- The newest finished analysis of the pair: one index probe per application with a resume.
    LEFT JOIN LATERAL (
        SELECT (an.result ->> 'score')::int AS score FROM analyses AS an
        WHERE an.resume_id = grouped.resume_id AND an.job_id = grouped.job_id
          AND an.status = :done
        ORDER BY an.created_at DESC LIMIT 1
    ) AS scored ON true
),
by_band AS (
    SELECT b.band, b.low, count(f.id) AS applications,
           count(f.id) FILTER (WHERE f.responded) AS responded
    FROM (VALUES ('0-39', 0, 39), ('40-69', 40, 69), ('70-100', 70, 100)) AS b(band, low, high)
    LEFT JOIN facts AS f ON f.sent AND f.score BETWEEN b.low AND b.high
    GROUP BY b.band, b.low
),
by_resume AS (
    SELECT f.resume_id AS id, r.name, count(*) AS applications,
           count(*) FILTER (WHERE f.responded) AS responded
    FROM facts AS f LEFT JOIN resumes AS r ON r.id = f.resume_id
    WHERE f.sent
    GROUP BY f.resume_id, r.name
),
by_source AS (
    SELECT min(source) AS source, count(*) AS applications,
           count(*) FILTER (WHERE responded) AS responded
    FROM facts WHERE sent GROUP BY lower(source)
),
summary AS (
    SELECT count(*) AS total,
           count(*) FILTER (WHERE sent) AS sent,
           count(*) FILTER (WHERE responded) AS responded,
           count(*) FILTER (WHERE offered) AS offers,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY GREATEST(days_to_change, 0))
               FILTER (WHERE days_to_change IS NOT NULL) AS median_days
    FROM facts
),
by_status AS (
    SELECT s.id, s.name, s.position, COALESCE(n.count, 0) AS count
    FROM statuses AS s
    LEFT JOIN (SELECT status_id, count(*) AS count FROM facts GROUP BY status_id) AS n
           ON n.status_id = s.id
),
per_week AS (
    SELECT w.week_start, COALESCE(n.count, 0) AS count
    FROM generate_series(
        date_trunc('week', now() AT TIME ZONE 'UTC') - make_interval(weeks => :weeks - 1),
        date_trunc('week', now() AT TIME ZONE 'UTC'),
        interval '1 week'
    ) AS w(week_start)
    LEFT JOIN (
        SELECT applied_week, count(*) AS count FROM facts WHERE sent GROUP BY applied_week
    ) AS n ON n.applied_week = w.week_start
)
SELECT summary.*,
       (SELECT json_agg(json_build_object('id', id, 'name', name, 'count', count)
                        ORDER BY position, id)
        FROM by_status) AS by_status,
       (SELECT json_agg(json_build_object('week_start', week_start::date, 'count', count)
                        ORDER BY week_start)
        FROM per_week) AS per_week,
       (SELECT json_agg(json_build_object('band', band, 'applications', applications,
                                          'responded', responded) ORDER BY low)
        FROM by_band) AS by_score_band,
       (SELECT COALESCE(json_agg(json_build_object('id', id, 'name', name,
                                                   'applications', applications,
                                                   'responded', responded)
                                 ORDER BY applications DESC, id NULLS LAST), '[]')
        FROM by_resume) AS by_resume,
       (SELECT COALESCE(json_agg(json_build_object('source', source,
                                                   'applications', applications,
                                                   'responded', responded)
                                 ORDER BY applications DESC, lower(source) NULLS LAST), '[]')
        FROM by_source) AS by_source
FROM summary
"""
)


def application_stats(user_id: int, weeks: int) -> dict[str, Any]:
    """Counts per status, sent per week, response rate, offers and median days to a change."""
    row = (
        db.session.execute(
            STATS_SQL,
            {
                "user_id": user_id,
                "weeks": weeks,
                "wishlist": int(StatusId.WISHLIST),
                "response_ids": [int(status) for status in RESPONSE_STATUSES],
                "offer_ids": [int(status) for status in OFFER_STATUSES],
                "done": AnalysisState.DONE.value,
            },
        )
        .mappings()
        .one()
    )
    sent, responded = row["sent"], row["responded"]
    median = row["median_days"]
    return {
        "total": row["total"],
        "by_status": row["by_status"],
        "per_week": [
            {"week_start": date.fromisoformat(week["week_start"]), "count": week["count"]}
            for week in row["per_week"]
        ],
        "sent": sent,
        "responded": responded,
        "response_rate": round(responded / sent, 4) if sent else None,
        "offers": row["offers"],
        "median_days_to_first_change": None if median is None else float(median),
        "by_score_band": [_with_rate(group) for group in row["by_score_band"]],
        "by_resume": [_with_rate(group) for group in row["by_resume"]],
        "by_source": [_with_rate(group) for group in row["by_source"]],
    }


def _with_rate(group: dict[str, Any]) -> dict[str, Any]:
    """A group of sent applications with its response rate (null when it has none)."""
    sent, responded = group["applications"], group["responded"]
    return {**group, "response_rate": round(responded / sent, 4) if sent else None}
