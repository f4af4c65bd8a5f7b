"""CSV imports on the queue: the file is stored with its job, and a worker reads it in
chunks that each commit with the import's progress, so an import killed midway resumes
where its last chunk ended, creating nothing twice and losing nothing."""

from __future__ import annotations

import io
import uuid
from typing import Any

import psycopg2.errors
from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError

from jatify.errors import Conflict
from jatify.extensions import db
from jatify.models import ImportRun
from jatify.queue import enqueue
from jatify.services import sql
from jatify.services.common import get_owned, violated_constraint
from jatify.services.statuses import status_ids_by_name
from jatify.services.transfer import importer
from jatify.services.transfer.reader import count_data_rows, read_rows
from jatify.vocabulary import IMPORT_IN_FLIGHT, ImportState, JobKindName

IN_FLIGHT_INDEX = "uq_imports_in_flight"


def start_import(user_id: int, data: bytes, filename: str) -> ImportRun:
    """Store a CSV and queue its import; the header is checked now (CsvFormatError).

    Conflict while another import of the caller's is pending or running.
    """
    read_rows(io.BytesIO(data), status_ids_by_name())
    run_id = uuid.uuid4()
    queue_job_id, _ = enqueue(
        db.session,
        JobKindName.APPLICATIONS_IMPORT,
        {"import_id": str(run_id)},
        user_id=user_id,
        dedupe_key=f"import:{run_id}",
    )
    run = ImportRun(
        id=run_id, user_id=user_id, filename=filename[:255], data=data, queue_job_id=queue_job_id
    )
    db.session.add(run)
    try:
        db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()  # the job goes with it
        if violated_constraint(exc) != IN_FLIGHT_INDEX:
            raise
        raise Conflict("An import of yours is still running; wait for it to finish") from None
    db.session.commit()
    return run


def get_import(user_id: int, import_id: uuid.UUID) -> ImportRun:
    """One of the caller's imports, or NotFound."""
    return get_owned(ImportRun, user_id, import_id)


def run_import(import_id: str) -> None:
    """Import the stored file (the queue task), resuming after the rows already committed."""
    run = db.session.get(ImportRun, uuid.UUID(import_id))
    if run is None or run.status not in IMPORT_IN_FLIGHT:
        return  # deleted with its account, or finished by an earlier attempt
    data = run.data
    if run.rows_total is None:
        run.rows_total = count_data_rows(io.BytesIO(data))
    run.status = ImportState.PROCESSING
    db.session.commit()
    report = importer.ImportReport(
        rows_read=run.rows_done,
        created=run.created,
        duplicates=run.skipped,
        failed=run.failed,
        jobs_created=run.jobs_created,
        failures=[{"row": e["row"], "error": e["message"]} for e in run.errors],
    )
    run_id, user_id = run.id, run.user_id
    try:
        importer.import_applications(
            user_id, io.BytesIO(data), report=report, on_chunk=lambda done: _save(run_id, done)
        )
    except BaseException:
        db.session.rollback()  # the chunk in progress; the committed ones stay
        raise
    db.session.execute(
        update(ImportRun)
        .where(ImportRun.id == run_id)
        .values(status=ImportState.DONE, finished_at=func.now())
    )
    db.session.commit()


def _save(run_id: uuid.UUID, report: importer.ImportReport) -> None:
    """Write the progress into the chunk's own transaction."""
    db.session.execute(
        update(ImportRun)
        .where(ImportRun.id == run_id)
        .values(
            rows_done=report.rows_read,
            created=report.created,
            skipped=report.duplicates,
            failed=report.failed,
            jobs_created=report.jobs_created,
            errors=[{"row": f["row"], "message": f["error"]} for f in report.failures],
            ignored_columns=report.ignored_columns,
        )
    )


# --- the import task's hooks (a psycopg2 cursor on the worker's connection) ------------


def fail_import(cursor: Any, import_id: str, message: str) -> None:
    """The job failed for good: so does the import, saying why."""
    params = {
        "import_id": import_id,
        "failed": ImportState.FAILED,
        "pending": ImportState.PENDING,
        "processing": ImportState.PROCESSING,
        "error": message,
    }
    cursor.execute(sql.IMPORT_FAILED, params)


def requeue_import(cursor: Any, import_id: str) -> None:
    """The job was requeued: the import waits again, keeping its progress."""
    params = {"import_id": import_id, "pending": ImportState.PENDING, "failed": ImportState.FAILED}
    cursor.execute("SAVEPOINT requeue_import")
    try:
        cursor.execute(sql.IMPORT_RETRY, params)
    except psycopg2.errors.UniqueViolation:
        # A newer import of the account is in flight: this one stays failed.
        cursor.execute("ROLLBACK TO SAVEPOINT requeue_import")
    else:
        cursor.execute("RELEASE SAVEPOINT requeue_import")
