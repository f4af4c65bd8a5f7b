"""The statements of the capture and posting-watch tasks (the worker's psycopg2 connection).

Like `services/sql.py`: each statement is guarded by the state it expects, so a late or
repeated job changes nothing it should not; state values come in as parameters from
`jatify.vocabulary`. Called by `services.captures` and `services.postings` only.
"""

from __future__ import annotations

# --- captures -----------------------------------------------------------------------

# What a capture task needs: the capture's state, owner and input.
CAPTURE_INPUT = """
SELECT status, user_id, source, url, input FROM captures WHERE id = %(capture_id)s
"""

# An attempt failed for a passing reason: remember why while the queue retries.
CAPTURE_ATTEMPT_FAILED = """
UPDATE captures SET error = %(error)s WHERE id = %(capture_id)s AND status = %(pending)s
"""

# The page is the answer (blocked, 404, too large, no posting): the capture failed.
CAPTURE_FAILED = """
UPDATE captures SET status = %(failed)s, error = %(error)s, finished_at = now()
WHERE id = %(capture_id)s AND status = %(pending)s
"""

# The job failed for good: a capture still pending fails with its last attempt's reason.
CAPTURE_GAVE_UP = """
UPDATE captures SET status = %(failed)s, error = COALESCE(error, %(error)s), finished_at = now()
WHERE id = %(capture_id)s AND status = %(pending)s
"""

# The job was requeued: a failed capture is pending again.
CAPTURE_RETRY = """
UPDATE captures SET status = %(pending)s, error = NULL, finished_at = NULL
WHERE id = %(capture_id)s AND status = %(failed)s
"""

# The posting is a listing now: the capture is done and lets go of its input.
CAPTURE_DONE = """
UPDATE captures SET status = %(done)s, error = NULL, method = %(method)s, job_id = %(job_id)s,
       input = NULL, finished_at = now()
WHERE id = %(capture_id)s AND status = %(pending)s
"""

# --- the listing a capture makes or updates ----------------------------------------

# The owner's live listing of a canonical URL, locked until the capture commits.
LISTING_BY_CANONICAL_URL = """
SELECT id FROM job_listings
WHERE user_id = %(user_id)s AND canonical_url = %(canonical_url)s AND deleted_at IS NULL
FOR UPDATE
"""

# Listings saved by hand with a link on the same host (their canonical URL is unknown).
LISTINGS_LINKED_ON_HOST = """
SELECT id, url FROM job_listings
WHERE user_id = %(user_id)s AND deleted_at IS NULL AND canonical_url IS NULL
  AND url ILIKE %(pattern)s ESCAPE '\\'
ORDER BY id
FOR UPDATE
"""

LISTING_INSERT = """
INSERT INTO job_listings (user_id, company, position, description, url, location, salary,
                          posted_at, valid_through, employment_type, posting_status,
                          posting_checked_at, canonical_url)
VALUES (%(user_id)s, %(company)s, %(position)s, %(description)s, %(url)s, %(location)s,
        %(salary)s, %(posted_at)s, %(valid_through)s, %(employment_type)s,
        %(posting_status)s, now(), %(canonical_url)s)
RETURNING id
"""

# Capturing a posting again refreshes its listing; facts the page no longer gives stay.
LISTING_UPDATE = """
UPDATE job_listings
SET company = %(company)s, position = %(position)s, description = %(description)s,
    url = COALESCE(%(url)s, url), location = COALESCE(%(location)s, location),
    salary = COALESCE(%(salary)s, salary), posted_at = COALESCE(%(posted_at)s, posted_at),
    valid_through = COALESCE(%(valid_through)s, valid_through),
    employment_type = COALESCE(%(employment_type)s, employment_type),
    posting_status = %(posting_status)s, posting_checked_at = now(),
    canonical_url = %(canonical_url)s, updated_at = now()
WHERE id = %(job_id)s
"""

# --- snapshots ----------------------------------------------------------------------

# The hash of a posting's newest snapshot (none before its first capture).
NEWEST_SNAPSHOT_HASH = """
SELECT text_sha256 FROM posting_snapshots WHERE job_id = %(job_id)s ORDER BY id DESC LIMIT 1
"""

SNAPSHOT_INSERT = """
INSERT INTO posting_snapshots (user_id, job_id, http_status, text_sha256, changed, text)
VALUES (%(user_id)s, %(job_id)s, %(http_status)s, %(text_sha256)s, %(changed)s, %(text)s)
"""

# --- the posting watch --------------------------------------------------------------

# Open postings with a link not checked for `min_age_seconds`, least recently checked first.
WATCH_DUE = """
SELECT id, user_id, url FROM job_listings
WHERE posting_status = %(open)s AND deleted_at IS NULL AND url IS NOT NULL
  AND (posting_checked_at IS NULL
       OR posting_checked_at < now() - make_interval(secs => %(min_age_seconds)s))
ORDER BY posting_checked_at NULLS FIRST, id
LIMIT %(limit)s
"""

# What a check needs: the listing's state, link, end date and how it was last captured.
CHECK_INPUT = """
SELECT j.posting_status, j.url, j.valid_through, j.user_id,
       (SELECT c.method FROM captures c
        WHERE c.job_id = j.id AND c.status = %(done)s
        ORDER BY c.finished_at DESC LIMIT 1)
FROM job_listings j
WHERE j.id = %(job_id)s AND j.deleted_at IS NULL
"""

# An open posting, locked while its check is recorded (a capture may be writing it).
OPEN_POSTING_LOCK = """
SELECT user_id FROM job_listings
WHERE id = %(job_id)s AND posting_status = %(open)s AND deleted_at IS NULL
FOR UPDATE
"""

POSTING_CLOSED = """
UPDATE job_listings SET posting_status = %(closed)s, posting_checked_at = now()
WHERE id = %(job_id)s AND posting_status = %(open)s
"""

POSTING_CHECKED = """
UPDATE job_listings
SET posting_checked_at = now(), valid_through = COALESCE(%(valid_through)s, valid_through)
WHERE id = %(job_id)s AND posting_status = %(open)s
"""
