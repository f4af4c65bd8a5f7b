"""Every SQL statement of the job queue, named, each with what it guarantees.

Statements use psycopg2's `%(name)s` parameters, except the hot-path ones in `PREPARED`,
which each worker connection prepares once (`PREPARE name (types) AS ...`, `$n`
parameters) and runs with `EXECUTE`, so claiming and finishing a job costs no parsing
or planning. Every write to a running job is conditional on `status = 'processing'`,
`locked_by` and `attempts`: a worker whose lease was taken over matches 0 rows and can
never write twice. NOTIFY is only a wake-up hint; workers also poll.
"""

from __future__ import annotations

CHANNEL = "jatify_jobs"

# Inserts a job in the caller's transaction. A dedupe key already held by a pending or
# processing job inserts nothing and returns no row. The notification is sent only for
# an inserted job, and only when the caller's transaction commits.
ENQUEUE = """
WITH inserted AS (
    INSERT INTO queue_jobs (kind, payload, user_id, dedupe_key, run_at, max_attempts)
    VALUES (%(kind)s, %(payload)s::jsonb, %(user_id)s, %(dedupe_key)s,
            coalesce(%(run_at)s::timestamptz, now()), %(max_attempts)s)
    ON CONFLICT (dedupe_key) WHERE status IN ('pending', 'processing') DO NOTHING
    RETURNING id, kind
)
SELECT id, pg_notify('jatify_jobs', kind) FROM inserted
"""

# The in-flight job holding a dedupe key (none if it finished meanwhile: enqueue retries).
IN_FLIGHT_BY_DEDUPE_KEY = """
SELECT id FROM queue_jobs
WHERE dedupe_key = %(dedupe_key)s AND status IN ('pending', 'processing')
"""

# Claims the oldest available job (by run_at, then id) for one worker and starts its
# lease, counting the attempt. SKIP LOCKED: concurrent claimers never wait for, nor
# get, the same row. A retried job queues by the time it became available again.
CLAIM = """
UPDATE queue_jobs
SET status = 'processing', attempts = attempts + 1, locked_by = $1,
    lease_expires_at = now() + make_interval(secs => $2),
    started_at = now(), updated_at = now()
WHERE id = (
    SELECT id FROM queue_jobs
    WHERE status = 'pending' AND run_at <= now()
    ORDER BY run_at, id
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
RETURNING id, kind, payload, attempts, max_attempts, user_id
"""

# Marks a job done, only if this worker still holds this attempt of it. Runs in the same
# transaction as the handler's own writes; 0 rows means the lease was lost: roll back.
COMPLETE = """
UPDATE queue_jobs
SET status = 'done', finished_at = now(), locked_by = NULL, lease_expires_at = NULL,
    updated_at = now()
WHERE id = $1 AND status = 'processing' AND locked_by = $2 AND attempts = $3
"""

# Extends the lease of a running job by $4 seconds (the heartbeat), only while this
# worker still holds this attempt of it.
EXTEND_LEASE = """
UPDATE queue_jobs
SET lease_expires_at = now() + make_interval(secs => $4)
WHERE id = $1 AND status = 'processing' AND locked_by = $2 AND attempts = $3
"""

PREPARED = {
    "jatify_claim": ("text, float8", CLAIM),
    "jatify_complete": ("uuid, text, int", COMPLETE),
    "jatify_extend_lease": ("uuid, text, int, float8", EXTEND_LEASE),
}

_ERROR_ENTRY = (
    "jsonb_build_array(jsonb_build_object("
    "'attempt', attempts, 'error', %(error)s::text, 'at', now()))"
)

# Returns a failed attempt to pending after `delay` seconds, appending its error to the
# history; only if the worker (or the rescuer holding the row lock) has this attempt.
RETRY = f"""
UPDATE queue_jobs
SET status = 'pending', run_at = now() + make_interval(secs => %(delay)s),
    locked_by = NULL, lease_expires_at = NULL, updated_at = now(),
    errors = errors || {_ERROR_ENTRY}
WHERE id = %(id)s AND status = 'processing' AND locked_by = %(worker)s
  AND attempts = %(attempt)s
"""

# Fails a job for good and writes its dead letter in one statement (so in one
# transaction with the caller's on_failed hook); the dead letter exists iff the job
# moved to failed.
FAIL = f"""
WITH failed AS (
    UPDATE queue_jobs
    SET status = 'failed', finished_at = now(), locked_by = NULL, lease_expires_at = NULL,
        updated_at = now(), errors = errors || {_ERROR_ENTRY}
    WHERE id = %(id)s AND status = 'processing' AND locked_by = %(worker)s
      AND attempts = %(attempt)s
    RETURNING id, kind, user_id, attempts
)
INSERT INTO dead_letters (job_id, kind, user_id, error, attempts)
SELECT id, kind, user_id, %(error)s, attempts FROM failed
RETURNING id
"""

# Puts a job back to pending after `delay` seconds without spending the attempt
# (Defer); nothing is added to the error history. Matches nothing once the job is
# older than `limit` seconds: the caller then fails it (a cap on deferring).
DEFER = """
UPDATE queue_jobs
SET status = 'pending', attempts = attempts - 1,
    run_at = now() + make_interval(secs => %(delay)s),
    locked_by = NULL, lease_expires_at = NULL, updated_at = now()
WHERE id = %(id)s AND status = 'processing' AND locked_by = %(worker)s
  AND attempts = %(attempt)s AND created_at > now() - make_interval(secs => %(limit)s)
"""

# After a reconnect: claims this worker may have committed without ever seeing the
# answer (the connection dropped) go back to pending; they never ran, so the attempt
# is given back.
RELEASE_UNSEEN_CLAIMS = """
UPDATE queue_jobs
SET status = 'pending', attempts = attempts - 1, locked_by = NULL,
    lease_expires_at = NULL, updated_at = now()
WHERE status = 'processing' AND locked_by = %(worker)s
"""

# The rescuer's candidates: running jobs whose lease expired (a killed or hung worker)
# or whose worker process is known dead; locked, so one rescuer handles each, and
# RETRY/FAIL then apply to them under that lock.
LOST_JOBS = """
SELECT id, kind, payload, attempts, max_attempts, user_id, locked_by
FROM queue_jobs
WHERE status = 'processing'
  AND (lease_expires_at < now() OR locked_by = ANY(%(dead_workers)s::text[]))
ORDER BY lease_expires_at
LIMIT %(limit)s
FOR UPDATE SKIP LOCKED
"""

# --- dead-letter queue -------------------------------------------------------------
# `visible_to` is a user id, or NULL for everything (admins, the CLI).

_VISIBLE = "(%(visible_to)s::bigint IS NULL OR d.user_id = %(visible_to)s)"
_KIND = "(%(kind)s::text IS NULL OR d.kind = %(kind)s)"

# Open entries (not requeued) the caller sees, newest first, with the job's history.
DLQ_COUNT_OPEN = f"""
SELECT count(*) FROM dead_letters d
WHERE d.requeued_at IS NULL AND {_VISIBLE} AND {_KIND}
"""

DLQ_LIST_OPEN = f"""
SELECT d.id, d.job_id, d.kind, d.error, d.attempts, j.errors, d.failed_at, d.user_id
FROM dead_letters d JOIN queue_jobs j ON j.id = d.job_id
WHERE d.requeued_at IS NULL AND {_VISIBLE} AND {_KIND}
ORDER BY d.failed_at DESC, d.id DESC
LIMIT %(limit)s OFFSET %(offset)s
"""

# One entry the caller sees, open or not (to tell 404 from 409).
DLQ_ENTRY = f"""
SELECT d.id, d.requeued_at IS NULL AS open FROM dead_letters d
WHERE d.id = %(id)s AND {_VISIBLE}
"""

# Requeues open entries (all the caller sees, or those in `ids`) in one statement: the
# entry is marked requeued and its job goes back to pending with attempts reset and
# run_at = now, only if the job is `failed` and the entry still open. Row locks make
# a concurrent requeue of the same entry match 0 rows. Only one job per dedupe key may
# be in flight (the unique index), so of several matched entries sharing a key only the
# newest goes back, and none whose key is held by an in-flight job already: those stay
# open. One row per requeued job (or one with a NULL kind when none was); `matched`
# (on every row) counts the open entries asked for. The error history is kept.
DLQ_REQUEUE = f"""
WITH matched AS (
    SELECT d.id, d.failed_at, j.dedupe_key
    FROM dead_letters d JOIN queue_jobs j ON j.id = d.job_id
    WHERE j.status = 'failed' AND d.requeued_at IS NULL
      AND {_VISIBLE}
      AND (%(ids)s::uuid[] IS NULL OR d.id = ANY(%(ids)s::uuid[]))
), chosen AS (
    SELECT DISTINCT ON (coalesce(m.dedupe_key, m.id::text)) m.id
    FROM matched m
    WHERE m.dedupe_key IS NULL OR NOT EXISTS (
        SELECT 1 FROM queue_jobs o
        WHERE o.dedupe_key = m.dedupe_key AND o.status IN ('pending', 'processing'))
    ORDER BY coalesce(m.dedupe_key, m.id::text), m.failed_at DESC, m.id DESC
), entries AS (
    UPDATE dead_letters d SET requeued_at = now()
    FROM chosen, queue_jobs j
    WHERE d.id = chosen.id AND d.requeued_at IS NULL
      AND j.id = d.job_id AND j.status = 'failed'
    RETURNING d.job_id
), jobs AS (
    UPDATE queue_jobs j
    SET status = 'pending', attempts = 0, run_at = now(), started_at = NULL,
        finished_at = NULL, locked_by = NULL, lease_expires_at = NULL, updated_at = now()
    FROM entries
    WHERE j.id = entries.job_id AND j.status = 'failed'
    RETURNING j.kind, j.payload
)
SELECT jobs.kind, jobs.payload,
       CASE WHEN jobs.kind IS NOT NULL THEN pg_notify('jatify_jobs', jobs.kind) END,
       counted.matched
FROM (SELECT count(*) AS matched FROM matched) counted LEFT JOIN jobs ON true
"""

# Open entry ids the caller sees, oldest first (the CLI's batches).
DLQ_OPEN_IDS = f"""
SELECT d.id FROM dead_letters d
WHERE d.requeued_at IS NULL AND {_VISIBLE}
ORDER BY d.failed_at, d.id
"""

# Deletes an open entry's failed job; the entry (and older, requeued entries of the same
# job) go with it by ON DELETE CASCADE. A requeued entry's job is never deleted. The
# entry is locked first, in the same order as DLQ_REQUEUE, so the two cannot deadlock.
DLQ_DELETE = f"""
WITH entry AS (
    SELECT d.job_id FROM dead_letters d
    WHERE d.id = %(id)s AND d.requeued_at IS NULL AND {_VISIBLE}
    FOR UPDATE
)
DELETE FROM queue_jobs j USING entry WHERE j.id = entry.job_id AND j.status = 'failed'
"""

# Purge, one batch: failed jobs whose open dead letter is older than the cutoff (the
# entries cascade), then requeued entries older than the cutoff (history only).
DLQ_PURGE_FAILED_BATCH = """
DELETE FROM queue_jobs WHERE id IN (
    SELECT j.id FROM queue_jobs j JOIN dead_letters d ON d.job_id = j.id
    WHERE j.status = 'failed' AND d.requeued_at IS NULL AND d.failed_at < %(cutoff)s
    LIMIT %(limit)s
    FOR UPDATE OF d SKIP LOCKED
)
"""

DLQ_PURGE_REQUEUED_BATCH = """
DELETE FROM dead_letters WHERE id IN (
    SELECT id FROM dead_letters
    WHERE requeued_at IS NOT NULL AND failed_at < %(cutoff)s
    LIMIT %(limit)s
)
"""

DLQ_COUNT_PURGEABLE = """
SELECT count(*) FROM dead_letters WHERE failed_at < %(cutoff)s
"""

# --- operations (flask queue ..., GET /api/queue/stats) ----------------------------

STATS_BY_STATUS_KIND = """
SELECT status, kind, count(*) FROM queue_jobs GROUP BY status, kind ORDER BY status, kind
"""

# Age in seconds of the oldest job that is pending and available now.
STATS_OLDEST_PENDING_SECONDS = """
SELECT extract(epoch FROM now() - min(run_at)) FROM queue_jobs
WHERE status = 'pending' AND run_at <= now()
"""

# Jobs done and failed within each window (minutes), shortest window first. The
# (status, finished_at) index keeps the join to the recently finished rows.
STATS_FINISHED_WITHIN = """
SELECT w.minutes,
       count(j.id) FILTER (WHERE j.status = 'done'),
       count(j.id) FILTER (WHERE j.status = 'failed')
FROM unnest(%(windows_minutes)s::int[]) AS w(minutes)
LEFT JOIN queue_jobs j
    ON j.status IN ('done', 'failed') AND j.finished_at > now() - make_interval(mins => w.minutes)
GROUP BY w.minutes ORDER BY w.minutes
"""

COUNT_DONE_BEFORE = """
SELECT count(*) FROM queue_jobs WHERE status = 'done' AND finished_at < %(cutoff)s
"""

# Deletes one batch of done jobs finished before the cutoff.
PRUNE_DONE_BATCH = """
DELETE FROM queue_jobs WHERE id IN (
    SELECT id FROM queue_jobs WHERE status = 'done' AND finished_at < %(cutoff)s
    LIMIT %(limit)s
)
"""

# /metrics at scrape time: jobs per kind and status (done jobs left out, so the scrape stays
# cheap however long the history), with the oldest due pending job's age.
METRICS_QUEUE_DEPTH = """
SELECT kind, status, count(*) AS jobs,
       coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE run_at <= now())), 0)
           AS oldest_seconds
FROM queue_jobs
WHERE status IN ('pending', 'processing', 'failed')
GROUP BY kind, status
"""

# --- the periodic scheduler (queue/schedule.py) -------------------------------------

# Moves an entry's period forward to %(period_start)s, or inserts it; returns no row when
# that period (or a later one) was enqueued already. The row lock makes a concurrent
# supervisor wait for this transaction, then match nothing: each period is enqueued once.
SCHEDULE_CLAIM_PERIOD = """
INSERT INTO scheduled_runs (name, period_start, enqueued_at)
VALUES (%(name)s, %(period_start)s, now())
ON CONFLICT (name) DO UPDATE
SET period_start = EXCLUDED.period_start, enqueued_at = now(), job_id = NULL
WHERE scheduled_runs.period_start < EXCLUDED.period_start
RETURNING name
"""

# The job enqueued for the entry's current period, for `flask schedule list`.
SCHEDULE_RECORD_JOB = """
UPDATE scheduled_runs SET job_id = %(job_id)s WHERE name = %(name)s
"""

# Every entry's newest period and the state of the job enqueued for it.
SCHEDULE_RUNS = """
SELECT r.name, r.period_start, r.enqueued_at, j.status, j.finished_at
FROM scheduled_runs r LEFT JOIN queue_jobs j ON j.id = r.job_id
ORDER BY r.name
"""
