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

# The analyzer's result: only the analysis this attempt started is completed.
ANALYSIS_DONE = """
UPDATE analyses SET status = %(done)s, result = %(result)s, provider = %(provider)s,
       model = %(model)s, error = NULL, finished_at = now()
WHERE id = %(analysis_id)s AND status = %(processing)s
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
