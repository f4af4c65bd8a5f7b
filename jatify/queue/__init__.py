"""Jatify's PostgreSQL job queue: enqueue, the job-kind registry and what handlers raise.

The worker side lives in engine (claim/finish), attempts (retry or dead letter), rescue
(lost leases), worker (a child process's loop) and supervisor (forks and watches the
children); every statement is in sql.py.
"""

from jatify.queue.context import JobContext
from jatify.queue.enqueue import enqueue, enqueue_psycopg
from jatify.queue.errors import Defer, PermanentError, TransientError
from jatify.queue.registry import JobKind, get_kind, job_kind

__all__ = [
    "Defer",
    "JobContext",
    "JobKind",
    "PermanentError",
    "TransientError",
    "enqueue",
    "enqueue_psycopg",
    "get_kind",
    "job_kind",
]
