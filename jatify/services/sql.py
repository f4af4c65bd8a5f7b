"""The domain's statements for queue tasks, which run on the worker's psycopg2 connection.

The web writes these tables through the ORM; a task writes them only through these
named statements (called by `services.resumes` and `services.analyses`), each guarded
by the state it expects, so a late or repeated job changes nothing it should not. State
values come in as parameters from `jatify.vocabulary`.
"""

from __future__ import annotations

# --- resumes ------------------------------------------------------------------------

# A resume's content type and bytes, for extraction; no row once the resume is deleted.
RESUME_FILE = """
SELECT r.content_type, f.data FROM resumes r
JOIN resume_files f ON f.resume_id = r.id
WHERE r.id = %(resume_id)s
"""

# The extracted text: the resume is ready for analyses.
RESUME_TEXT_READY = """
UPDATE resumes SET text_status = %(ready)s, text_error = NULL, text = %(text)s,
       page_count = %(page_count)s, updated_at = now()
WHERE id = %(resume_id)s
"""

# No text can be read (the extractor's verdict): analyses stop waiting for it.
RESUME_TEXT_FAILED = """
UPDATE resumes SET text_status = %(failed)s, text_error = %(error)s, text = NULL,
       page_count = NULL, updated_at = now()
WHERE id = %(resume_id)s
"""

# The extraction job failed for good: only a resume still waiting becomes unreadable.
RESUME_TEXT_GAVE_UP = """
UPDATE resumes SET text_status = %(failed)s, text_error = %(error)s, text = NULL,
       updated_at = now()
WHERE id = %(resume_id)s AND text_status = %(pending)s
"""

# The extraction job was requeued: a failed resume waits for its text again.
RESUME_TEXT_RETRY = """
UPDATE resumes SET text_status = %(pending)s, text_error = NULL, updated_at = now()
WHERE id = %(resume_id)s AND text_status = %(failed)s
"""

# --- analyses -----------------------------------------------------------------------

# What an analysis needs: its state, the resume's text state and text, and the job.
ANALYSIS_INPUT = """
SELECT a.status, r.text_status, r.text_error, r.text, j.company, j.position, j.description
FROM analyses a
JOIN resumes r ON r.id = a.resume_id
JOIN job_listings j ON j.id = a.job_id
WHERE a.id = %(analysis_id)s
"""

# The analyzer is about to run: only a pending analysis starts.
ANALYSIS_START = """
UPDATE analyses SET status = %(processing)s
WHERE id = %(analysis_id)s AND status = %(pending)s
"""

# The analyzer's result and the model's usage (NULLs from the builtin analyzer): only the
# analysis this attempt started is completed.
ANALYSIS_DONE = """
UPDATE analyses SET status = %(done)s, result = %(result)s, provider = %(provider)s,
       model = %(model)s, error = NULL, finished_at = now(),
       prompt_tokens = %(prompt_tokens)s, completion_tokens = %(completion_tokens)s,
       cost_usd = %(cost_usd)s
WHERE id = %(analysis_id)s AND status = %(processing)s
"""

# Whether this calendar month's (UTC) model spend, across accounts, has reached
# %(budget)s US dollars; reads ix_analyses_spend only.
MODEL_BUDGET_SPENT = """
SELECT coalesce(sum(cost_usd), 0) >= %(budget)s FROM analyses
WHERE cost_usd IS NOT NULL AND created_at >= date_trunc('month', now(), 'UTC')
"""

# The job failed for good: an analysis still in flight fails with the reason in words.
ANALYSIS_FAILED = """
UPDATE analyses SET status = %(failed)s, error = %(error)s, finished_at = now()
WHERE id = %(analysis_id)s AND status IN (%(pending)s, %(processing)s)
"""

# The job was requeued: a failed analysis is pending again. A newer analysis of the same
# pair in flight makes the in-flight unique index refuse this (see `requeue_analysis`).
ANALYSIS_RETRY = """
UPDATE analyses SET status = %(pending)s, error = NULL, finished_at = NULL
WHERE id = %(analysis_id)s AND status = %(failed)s
"""

# --- daily digests (services/digests.py) --------------------------------------------

# The pass at %(at)s: each account that opted in, whose local time then is %(send_at)s or
# later, gets a pending digest of that local day, unless it has one (sent or not): the
# primary key (user_id, day) is what makes a digest once per account and day.
DIGEST_QUEUE = """
INSERT INTO digest_deliveries (user_id, day)
SELECT u.id, (%(at)s::timestamptz AT TIME ZONE u.timezone)::date
FROM users u
WHERE u.email_digest
  AND (%(at)s::timestamptz AT TIME ZONE u.timezone)::time >= %(send_at)s::time
  AND NOT EXISTS (
      SELECT 1 FROM digest_deliveries d
      WHERE d.user_id = u.id AND d.day = (%(at)s::timestamptz AT TIME ZONE u.timezone)::date
  )
ON CONFLICT (user_id, day) DO NOTHING
RETURNING user_id, day
"""

# One digest and its account, locked: a second attempt of the same digest waits here.
DIGEST_LOCK = """
SELECT d.state, u.email, u.name, u.timezone, u.email_digest
FROM digest_deliveries d JOIN users u ON u.id = d.user_id
WHERE d.user_id = %(user_id)s AND d.day = %(day)s
FOR UPDATE OF d
"""

# Moves a digest to %(state)s (with an error, or none) from one of %(from_states)s.
DIGEST_SET_STATE = """
UPDATE digest_deliveries
SET state = %(state)s, error = %(error)s, updated_at = now(),
    sending_at = CASE WHEN %(state)s = %(sending)s THEN now() ELSE sending_at END,
    sent_at = CASE WHEN %(state)s = %(sent)s THEN now() ELSE sent_at END
WHERE user_id = %(user_id)s AND day = %(day)s AND state = ANY(%(from_states)s)
"""

# --- imports ------------------------------------------------------------------------

# The import job failed for good: an import still in flight fails with the reason.
IMPORT_FAILED = """
UPDATE imports SET status = %(failed)s, error = %(error)s, finished_at = now()
WHERE id = %(import_id)s AND status IN (%(pending)s, %(processing)s)
"""

# The import job was requeued: a failed import waits again and resumes where it stopped.
# Another import of the account in flight makes the in-flight unique index refuse this one.
IMPORT_RETRY = """
UPDATE imports SET status = %(pending)s, error = NULL, finished_at = NULL
WHERE id = %(import_id)s AND status = %(failed)s
"""
