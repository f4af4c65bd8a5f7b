"""What a job handler is given besides its payload."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass
class JobContext:
    """The running attempt of a job.

    `connection` is the worker's psycopg2 connection (autocommit off). A handler reads
    through it and commits before long work (an HTTP call) so no transaction idles
    open; the writes it leaves uncommitted at the end are committed by the queue in the
    same transaction that marks the job done, or rolled back if the lease was lost.
    """

    job_id: uuid.UUID
    kind: str
    attempt: int
    user_id: int | None
    connection: Any
    config: Mapping[str, Any]
    max_attempts: int = 0
