"""A full export of one account: every record it owns, and its resumes' original files.

Each reader below is one SELECT (rows streamed from a server-side cursor with
`yield_per`), so an export runs the same few statements whatever the account's size.
Soft-deleted job listings and applications are included, with their `deleted_at`: they
are still held. `write_export` puts `account.json` and the files into a zip, writing the
JSON one record at a time so that only one section's rows are in memory at once.
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

import orjson
from flask import current_app
from sqlalchemy import Row, Select, select
from sqlalchemy.orm import aliased

from jatify.extensions import db
from jatify.models import (
    Analysis,
    Application,
    ApplicationContact,
    Capture,
    Contact,
    ImportRun,
    Interview,
    JobListing,
    Note,
    PostingSnapshot,
    Resume,
    ResumeFile,
    Status,
    StatusChange,
    Task,
    User,
)
from jatify.services import follow_ups
from jatify.services.applications import select_applications
from jatify.services.interviews import INTERVIEW_COLUMNS
from jatify.services.resumes import download_name, sanitize_filename
from jatify.services.todos import TASK_COLUMNS

ACCOUNT_JSON = "account.json"
RESUME_FOLDER = "resumes"
YIELD_ROWS = 500
# Resume files are up to MAX_UPLOAD_BYTES each: only a few are fetched at a time.
YIELD_FILES = 4
JSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
# account.json goes to the compressor in pieces of about this size, not a record at a time.
WRITE_BYTES = 256 * 1024

_FromStatus = aliased(Status)
_ToStatus = aliased(Status)


def _stream(query: Select) -> Iterator[Any]:
    """The rows of `query`, fetched in batches from a server-side cursor."""
    yield from db.session.execute(query.execution_options(yield_per=YIELD_ROWS))


def _records(query: Select) -> Iterator[Any]:
    """The ORM records of `query`, fetched in batches from a server-side cursor."""
    yield from db.session.scalars(query.execution_options(yield_per=YIELD_ROWS))


def _owned(model: type, user_id: int, *order_by: Any) -> Iterator[Any]:
    """Every record of `model` whose `user_id` is the account's, in `order_by` order."""
    yield from _records(select(model).where(model.user_id == user_id).order_by(*order_by))


def profile(user_id: int) -> User:
    """The account itself."""
    return db.session.get_one(User, user_id)


def job_listings(user_id: int) -> Iterator[JobListing]:
    """Every job listing of the account, deleted ones included, oldest first."""
    yield from _owned(JobListing, user_id, JobListing.id)


def applications(user_id: int) -> Iterator[Row]:
    """Every application as `APPLICATION_COLUMNS` rows with the follow-up clock's
    `follow_up`, then `deleted_at`; oldest first."""
    query = (
        select_applications(follow_ups.FOLLOW_UP, Application.deleted_at)
        .where(Application.user_id == user_id)
        .order_by(Application.id)
    )
    yield from db.session.execute(
        query.execution_options(yield_per=YIELD_ROWS), follow_ups.clock_params(user_id)
    )


def status_history(user_id: int) -> dict[int, list[Row]]:
    """Every application's history as `HISTORY_COLUMNS` rows, oldest first, by application."""
    rows = db.session.execute(
        select(
            StatusChange.application_id,
            _FromStatus.id,
            _FromStatus.name,
            _ToStatus.id,
            _ToStatus.name,
            StatusChange.note,
            StatusChange.changed_at,
        )
        .join(Application, Application.id == StatusChange.application_id)
        .outerjoin(_FromStatus, _FromStatus.id == StatusChange.from_status_id)
        .join(_ToStatus, _ToStatus.id == StatusChange.to_status_id)
        .where(Application.user_id == user_id)
        .order_by(StatusChange.id)
    )
    history: dict[int, list[Row]] = defaultdict(list)
    for application_id, *step in rows:
        history[application_id].append(step)
    return history


def interviews(user_id: int) -> Iterator[Row]:
    """Every interview as `INTERVIEW_COLUMNS` rows, those of deleted applications too."""
    yield from _stream(
        select(*INTERVIEW_COLUMNS)
        .join(Application, Application.id == Interview.application_id)
        .join(JobListing, JobListing.id == Application.job_id)
        .where(Interview.user_id == user_id)
        .order_by(Interview.scheduled_at, Interview.id)
    )


def tasks(user_id: int) -> Iterator[Row]:
    """Every task as `TASK_COLUMNS` rows, those of deleted applications too."""
    yield from _stream(
        select(*TASK_COLUMNS)
        .join(Application, Application.id == Task.application_id)
        .join(JobListing, JobListing.id == Application.job_id)
        .where(Task.user_id == user_id)
        .order_by(Task.due_at, Task.id)
    )


def contacts(user_id: int) -> Iterator[Contact]:
    """Every contact of the account, by id."""
    yield from _owned(Contact, user_id, Contact.id)


def contact_links(user_id: int) -> Iterator[ApplicationContact]:
    """Every link of a contact to an application, with its role."""
    yield from _records(
        select(ApplicationContact)
        .join(Contact, Contact.id == ApplicationContact.contact_id)
        .where(Contact.user_id == user_id)
        .order_by(ApplicationContact.application_id, ApplicationContact.contact_id)
    )


def notes(user_id: int) -> Iterator[Note]:
    """Every note of the account, oldest first."""
    yield from _owned(Note, user_id, Note.id)


def resumes(user_id: int) -> Iterator[Resume]:
    """Every resume with its extracted text, oldest first."""
    yield from _owned(Resume, user_id, Resume.id)


def analyses(user_id: int) -> Iterator[Analysis]:
    """Every analysis with its result, oldest first."""
    yield from _owned(Analysis, user_id, Analysis.created_at, Analysis.id)


def captures(user_id: int) -> Iterator[Capture]:
    """Every capture of a job posting, oldest first."""
    yield from _owned(Capture, user_id, Capture.created_at, Capture.id)


def posting_snapshots(user_id: int) -> Iterator[PostingSnapshot]:
    """Every snapshot of a posting's text, oldest first."""
    yield from _owned(PostingSnapshot, user_id, PostingSnapshot.id)


def imports(user_id: int) -> Iterator[ImportRun]:
    """Every CSV import's report (not its stored file), oldest first."""
    yield from _owned(ImportRun, user_id, ImportRun.created_at, ImportRun.id)


def resume_path(resume_id: int, filename: str, content_type: str) -> str:
    """Where a resume's file goes in the zip: `resumes/<id>-<name>`, a name that cannot
    climb out of the folder (no separator, no `..`, no control character)."""
    name = download_name(sanitize_filename(filename), content_type)
    return f"{RESUME_FOLDER}/{resume_id}-{name}"


def resume_files(user_id: int) -> Iterator[tuple[str, bytes]]:
    """(path in the zip, original bytes) of each resume, a few fetched at a time."""
    rows = db.session.execute(
        select(Resume.id, Resume.filename, Resume.content_type, ResumeFile.data)
        .join(ResumeFile, ResumeFile.resume_id == Resume.id)
        .where(Resume.user_id == user_id)
        .order_by(Resume.id)
        .execution_options(yield_per=YIELD_FILES)
    )
    for resume_id, filename, content_type, data in rows:
        yield resume_path(resume_id, filename, content_type), bytes(data)


def _encode(value: Any) -> bytes:
    """One value as the API's JSON encodes it (keys sorted, its `default` for the rest)."""
    return orjson.dumps(value, default=current_app.json.default, option=JSON_OPTIONS)


def _json_chunks(document: Mapping[str, Any]) -> Iterator[bytes]:
    """`document` as JSON, in order; a section that is an iterator becomes an array written
    one item a line, consumed (and its query run) only when its turn comes."""
    yield b"{"
    for index, (key, value) in enumerate(document.items()):
        yield (b",\n" if index else b"\n") + _encode(key) + b": "
        if not isinstance(value, Iterator):
            yield _encode(value)
            continue
        yield b"["
        for position, item in enumerate(value):
            yield (b",\n" if position else b"\n") + _encode(item)
        yield b"\n]"
    yield b"\n}\n"


def write_export(
    target: IO[bytes], document: Mapping[str, Any], files: Iterable[tuple[str, bytes]]
) -> None:
    """Write the export zip to `target`: `account.json` (`document`), then `files`."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(ACCOUNT_JSON, "w") as member:
            buffered: list[bytes] = []
            size = 0
            for chunk in _json_chunks(document):
                buffered.append(chunk)
                size += len(chunk)
                if size >= WRITE_BYTES:
                    member.write(b"".join(buffered))
                    buffered, size = [], 0
            member.write(b"".join(buffered))
        for path, data in files:
            archive.writestr(path, data)
