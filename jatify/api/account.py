"""The caller's whole account: download everything it holds, or delete it for good."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Any

import marshmallow as ma
from flask import Response, current_app
from flask_jwt_extended import get_jwt_request_location, jwt_required
from flask_smorest import Blueprint

from jatify import throttle
from jatify.api.analyses import AnalysisSchema
from jatify.api.applications import application_item, history_item
from jatify.api.captures import CaptureSchema, SnapshotDetailSchema
from jatify.api.common import BEARER, StrictSchema
from jatify.api.contacts import ContactSchema
from jatify.api.imports import ImportSchema
from jatify.api.interviews import interview_item
from jatify.api.jobs import JobSchema
from jatify.api.notes import NoteSchema
from jatify.api.resumes import ResumeDetailSchema
from jatify.api.todos import task_item
from jatify.api.tokens import clear_token_cookies, current_session_id, current_user_id
from jatify.api.users import UserSchema
from jatify.services import delete_account, export_account

blp = Blueprint(
    "account",
    __name__,
    url_prefix="/api/user",
    description="The caller's whole account: its data export, and its deletion",
)

EXPORT_FORMAT = "jatify-account-export"
EXPORT_VERSION = 1
# The zip is built before the answer starts (the database work ends with the request);
# up to this size it stays in memory, beyond it goes to a temporary file.
SPOOL_BYTES = 32 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
MAX_PASSWORD = 128

EXPORT_DOC = {
    "responses": {
        "200": {
            "description": "A zip attachment (`jatify-export-<date>.zip`): `account.json` "
            "holds the profile, job listings, applications with their status history, "
            "interviews, tasks, contacts and their links to applications, notes, resumes "
            "with their text, analyses with their results, captures, posting snapshots and "
            "import reports (deleted listings and applications too, with `deleted_at`), one "
            "record a line in each list; `resumes/<id>-<filename>` holds each resume's "
            "original file.",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class AccountDeletionSchema(StrictSchema):
    """The account's password, to confirm the deletion."""

    password = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=MAX_PASSWORD),
        metadata={"description": "the account's current password"},
    )


USER, JOB, CONTACT, NOTE = UserSchema(), JobSchema(), ContactSchema(), NoteSchema()
RESUME, ANALYSIS, CAPTURE = ResumeDetailSchema(), AnalysisSchema(), CaptureSchema()
SNAPSHOT, IMPORT = SnapshotDetailSchema(), ImportSchema()


def _deleted_at(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def account_document(user_id: int) -> dict[str, Any]:
    """`account.json`, as the API shows each record; every list is a lazy iterator, read
    from the database only when the zip writer reaches it."""
    history = export_account.status_history(user_id)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "profile": USER.dump(export_account.profile(user_id)),
        "job_listings": (
            {**JOB.dump(job), "deleted_at": _deleted_at(job.deleted_at)}
            for job in export_account.job_listings(user_id)
        ),
        "applications": (
            {
                **application_item(row[:-1]),
                "status_history": [history_item(step) for step in history.get(row.id, ())],
                "deleted_at": _deleted_at(row.deleted_at),
            }
            for row in export_account.applications(user_id)
        ),
        "contacts": (CONTACT.dump(contact) for contact in export_account.contacts(user_id)),
        "application_contacts": (
            {
                "application_id": link.application_id,
                "contact_id": link.contact_id,
                "role": link.role,
                "created_at": link.created_at.isoformat(),
            }
            for link in export_account.contact_links(user_id)
        ),
        "notes": (NOTE.dump(note) for note in export_account.notes(user_id)),
        "interviews": (interview_item(row) for row in export_account.interviews(user_id)),
        "tasks": (task_item(row) for row in export_account.tasks(user_id)),
        "resumes": (
            {
                **RESUME.dump(resume),
                "file": export_account.resume_path(resume.id, resume.filename, resume.content_type),
            }
            for resume in export_account.resumes(user_id)
        ),
        "analyses": (ANALYSIS.dump(analysis) for analysis in export_account.analyses(user_id)),
        "captures": (CAPTURE.dump(capture) for capture in export_account.captures(user_id)),
        "posting_snapshots": (
            {"job_id": snapshot.job_id, **SNAPSHOT.dump(snapshot)}
            for snapshot in export_account.posting_snapshots(user_id)
        ),
        "imports": (IMPORT.dump(run) for run in export_account.imports(user_id)),
    }


def _file_chunks(file: IO[bytes]) -> Iterator[bytes]:
    while chunk := file.read(CHUNK_BYTES):
        yield chunk


def zip_attachment(file: IO[bytes], filename: str) -> Response:
    """Send `file` (read from its start; closed once sent) as a zip attachment."""
    size = file.tell()
    file.seek(0)
    response = Response(_file_chunks(file), mimetype="application/zip")
    response.call_on_close(file.close)
    response.headers["Content-Length"] = str(size)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blp.get("/export")
@jwt_required()
@blp.doc(security=BEARER, **EXPORT_DOC)
def export_data() -> Response:
    """Download everything the account holds: `account.json` and the original resume files,
    in one zip."""
    user_id = current_user_id()
    archive = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed once sent
    try:
        export_account.write_export(
            archive, account_document(user_id), export_account.resume_files(user_id)
        )
    except BaseException:
        archive.close()
        raise
    return zip_attachment(archive, f"jatify-export-{datetime.now(UTC):%Y-%m-%d}.zip")


def _wait_until_ended(session_id: uuid.UUID) -> None:
    """Return once this process's session cache has heard that the session ended."""
    cache = current_app.extensions.get("jatify_session_cache")
    if cache is not None:
        cache.wait_until_ended(session_id)


@blp.delete("")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(AccountDeletionSchema)
@blp.response(204)
@blp.alt_response(403, description="forbidden: the password is wrong (counts as a failed login)")
@blp.alt_response(
    429, description="account_locked, with Retry-After: too many wrong passwords of this email"
)
def delete_user(data: dict) -> None:
    """Delete the account and everything it owns, in one transaction: its records, resume
    files, analyses, queue jobs, dead letters and login sessions. Its tokens stop working
    at once, on every web process."""
    session_id = current_session_id()
    delete_account.delete_own_account(
        current_user_id(), data["password"], throttle.client_address()
    )
    _wait_until_ended(session_id)
    if get_jwt_request_location() == "cookies":
        clear_token_cookies()
