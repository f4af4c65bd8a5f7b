"""`applications.import`: read a stored CSV into the account's applications, in chunks."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from jatify.queue import JobContext, job_kind
from jatify.services import imports
from jatify.vocabulary import JobKindName

# A 100,000-row file takes well under a minute; a slow, shared database several times that.
TIMEOUT_SECONDS = 1800


class ImportPayload(ma.Schema):
    """Which import to run."""

    import_id = ma.fields.UUID(required=True)


def mark_failed(cursor: Any, payload: dict[str, Any], message: str) -> None:
    """The job failed for good: so does the import."""
    imports.fail_import(cursor, payload["import_id"], message)


def mark_pending(cursor: Any, payload: dict[str, Any]) -> None:
    """The job was requeued: the import resumes where it stopped."""
    imports.requeue_import(cursor, payload["import_id"])


@job_kind(
    JobKindName.APPLICATIONS_IMPORT,
    timeout_seconds=TIMEOUT_SECONDS,
    payload=ImportPayload,
    on_failed=mark_failed,
    on_requeued=mark_pending,
)
def run_import(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Import the file; each chunk commits on its own with the import's progress."""
    # Nothing of this job's is written on the worker's connection: end its read
    # transaction so none idles open while the chunks run on the app's session.
    ctx.connection.commit()
    imports.run_import(str(payload["import_id"]))
