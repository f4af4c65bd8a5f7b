"""Importing applications from CSV in chunks, each chunk committed on its own.

Per chunk of `CHUNK_ROWS` rows the database sees a constant number of statements: take
the account's import lock, find the caller's matching job listings, create the missing
ones, find the rows that exist already, insert the new applications, insert their first
history rows, commit.

A row is a duplicate of a live application of the caller with the same natural key:
job listing, applied date, status and notes (compared by MD5), so importing a file
twice creates nothing the second time. Job listings are matched on company, position
and URL among the caller's live listings (the oldest wins); a listing created by an
import without a description column gets an empty description.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import IO, Any

from sqlalchemy import insert, text

from jatify.extensions import db
from jatify.models import Application, JobListing, StatusChange
from jatify.services.statuses import status_ids_by_name
from jatify.services.transfer.reader import ParsedRow, read_rows

CHUNK_ROWS = 1000
# The statistics are refreshed when the import has created this many rows, then each time
# it has multiplied them by ANALYZE_GROWTH (`refresh_statistics`).
FIRST_ANALYZE_ROWS = 1000
ANALYZE_GROWTH = 4
ANALYZE_SQL = text("ANALYZE applications")
MAX_LISTED_FAILURES = 100

JobKey = tuple[str, str, str]
NaturalKey = tuple[int, date | None, int, str]

# Held until the chunk's transaction ends; one key per account.
IMPORT_LOCK_SQL = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")

# The caller's live job listing (the oldest) for each company, position and URL of a chunk.
MATCHING_JOBS_SQL = text(
    """
SELECT DISTINCT ON (k.company, k.position, k.url) j.id, k.company, k.position, k.url
FROM unnest(CAST(:companies AS text[]), CAST(:positions AS text[]), CAST(:urls AS text[]))
     AS k(company, position, url)
JOIN job_listings AS j
  ON j.user_id = :user_id AND j.deleted_at IS NULL
 AND j.company = k.company AND j.position = k.position AND COALESCE(j.url, '') = k.url
ORDER BY k.company, k.position, k.url, j.id
"""
)

# The incoming keys of one chunk that match a live application of the caller. One index
# probe per key (LIMIT 1 keeps it a nested loop that stops at the first match): as a plain
# join, the planner, still believing from statistics taken before the import that the
# account is empty, hashed the whole account for every chunk (~115 ms a chunk at 100,000).
EXISTING_KEYS_SQL = text(
    """
SELECT k.job_id, k.applied_at, k.status_id, k.notes_md5
FROM unnest(CAST(:job_ids AS bigint[]), CAST(:applied AS date[]),
            CAST(:status_ids AS integer[]), CAST(:notes_md5 AS text[]))
     AS k(job_id, applied_at, status_id, notes_md5)
CROSS JOIN LATERAL (
    SELECT 1 FROM applications AS a
    WHERE a.user_id = :user_id AND a.deleted_at IS NULL
      AND a.job_id = k.job_id AND a.status_id = k.status_id
      AND a.applied_at IS NOT DISTINCT FROM k.applied_at
      AND md5(COALESCE(a.notes, '')) = k.notes_md5
    LIMIT 1
) AS existing
"""
)


@dataclass
class ImportReport:
    """What an import did: rows read, created, skipped as duplicates, failed (and why)."""

    rows_read: int = 0
    created: int = 0
    duplicates: int = 0
    failed: int = 0
    jobs_created: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def failures_truncated(self) -> bool:
        """Whether more rows failed than `failures` lists."""
        return self.failed > len(self.failures)

    def fail(self, row: int, error: str) -> None:
        """Count a failed row, listing it while the list is short."""
        self.failed += 1
        if len(self.failures) < MAX_LISTED_FAILURES:
            self.failures.append({"row": row, "error": error})


def import_applications(
    user_id: int,
    binary: IO[bytes],
    *,
    chunk_rows: int = CHUNK_ROWS,
    on_chunk: Callable[[ImportReport], None] | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import a CSV stream into the caller's applications; `CsvFormatError` if unreadable.

    Each chunk commits with what `on_chunk` writes (an import's progress), so progress and
    rows never disagree. Given the `report` of an import interrupted earlier, its first
    `report.rows_read` rows are skipped: they were committed with that report.
    """
    header, rows = read_rows(binary, status_ids_by_name())
    if report is None:
        report = ImportReport()
    # A resumed import refreshes after its first chunk: its account grew since the last one.
    analyzed_at = (report.created or FIRST_ANALYZE_ROWS) // ANALYZE_GROWTH
    report.ignored_columns = header.ignored
    for chunk in _chunks(islice(rows, report.rows_read, None), chunk_rows):
        valid = []
        for row in chunk:
            report.rows_read += 1
            if row.values is not None:
                valid.append(row.values)
            else:
                report.fail(row.number, row.error or "The row cannot be imported.")
        if valid:
            _write_chunk(user_id, valid, report)
        if on_chunk is not None:
            on_chunk(report)
        db.session.commit()
        if report.created >= analyzed_at * ANALYZE_GROWTH:
            refresh_statistics()
            analyzed_at = report.created
    return report


def refresh_statistics() -> None:
    """ANALYZE applications in a transaction of its own (about 0.1 s whatever the size).

    The duplicate check's plan depends on how many applications the statistics say the
    account has. Planned from statistics taken before the import, when the account was
    small, a probe walked an index of the account's rows of one status: 3 s a chunk at
    80,000 rows instead of 30 ms. Refreshed each time the import has grown the account
    ANALYZE_GROWTH-fold, the statistics keep up at a handful of ANALYZEs per import.
    """
    db.session.execute(ANALYZE_SQL)
    db.session.commit()


def _chunks(rows: Iterable[ParsedRow], size: int) -> Iterator[list[ParsedRow]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _write_chunk(user_id: int, rows: list[dict[str, Any]], report: ImportReport) -> None:
    # Two imports for the same account (a double-clicked upload) take turns chunk by chunk,
    # so each one's duplicate check sees the other's committed rows and listings.
    db.session.execute(IMPORT_LOCK_SQL, {"key": f"jatify.import:{user_id}"})
    job_ids = _job_ids(user_id, rows, report)
    keys = [_natural_key(job_ids, values) for values in rows]
    seen = _existing_keys(user_id, keys)
    new_rows = []
    for values, key in zip(rows, keys, strict=True):
        if key in seen:
            report.duplicates += 1
            continue
        seen.add(key)
        new_rows.append(
            {
                "user_id": user_id,
                "job_id": key[0],
                "status_id": key[2],
                "notes": values.get("notes"),
                "applied_at": values.get("applied_at"),
                "tags": values.get("tags") or [],
                "source": values.get("source"),
            }
        )
    if not new_rows:
        return
    created = db.session.execute(
        insert(Application.__table__).returning(
            Application.__table__.c.id, sort_by_parameter_order=True
        ),
        new_rows,
    )
    history = [
        {"application_id": application_id, "from_status_id": None, "to_status_id": row["status_id"]}
        for application_id, row in zip(created.scalars(), new_rows, strict=True)
    ]
    db.session.execute(insert(StatusChange.__table__), history)
    report.created += len(new_rows)


def _job_key(values: dict[str, Any]) -> JobKey:
    return values["company"], values["position"], values.get("url") or ""


def _job_ids(user_id: int, rows: list[dict[str, Any]], report: ImportReport) -> dict[JobKey, int]:
    """The job listing of every row's key: the caller's live one, else a new one."""
    wanted: dict[JobKey, dict[str, Any]] = {}
    for values in rows:
        wanted.setdefault(_job_key(values), values)
    companies, positions, urls = (list(column) for column in zip(*wanted, strict=True))
    matches = db.session.execute(
        MATCHING_JOBS_SQL,
        {"user_id": user_id, "companies": companies, "positions": positions, "urls": urls},
    )
    found: dict[JobKey, int] = {(m.company, m.position, m.url): m.id for m in matches}
    missing = [key for key in wanted if key not in found]
    if missing:
        new_jobs = [_new_job(user_id, wanted[key]) for key in missing]
        ids = db.session.execute(
            insert(JobListing.__table__).returning(
                JobListing.__table__.c.id, sort_by_parameter_order=True
            ),
            new_jobs,
        ).scalars()
        found.update(zip(missing, ids, strict=True))
        report.jobs_created += len(missing)
    return found


def _new_job(user_id: int, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "company": values["company"],
        "position": values["position"],
        "url": values.get("url"),
        "description": values.get("description") or "",
        "location": values.get("location"),
        "salary": values.get("salary"),
    }


def _natural_key(job_ids: dict[JobKey, int], values: dict[str, Any]) -> NaturalKey:
    notes = values.get("notes") or ""
    digest = hashlib.md5(notes.encode("utf-8"), usedforsecurity=False).hexdigest()
    return job_ids[_job_key(values)], values.get("applied_at"), values["status_id"], digest


def _existing_keys(user_id: int, keys: list[NaturalKey]) -> set[NaturalKey]:
    """The keys among `keys` that a live application of the caller already has (one query)."""
    if not keys:
        return set()
    job_ids, applied, status_ids, digests = (list(column) for column in zip(*keys, strict=True))
    result = db.session.execute(
        EXISTING_KEYS_SQL,
        {
            "user_id": user_id,
            "job_ids": job_ids,
            "applied": applied,
            "status_ids": status_ids,
            "notes_md5": digests,
        },
    )
    return {tuple(row) for row in result}
