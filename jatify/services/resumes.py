"""Resumes: storing an upload with its extraction job, reading, renaming and deleting."""

from __future__ import annotations

import hashlib
import re
from typing import Any, NamedTuple

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import defer
from werkzeug.utils import secure_filename

from jatify.documents import DOCX, PDF, TEXT, Extraction, ExtractionError, sniff_content_type
from jatify.errors import InvalidInput, NotFound, UnsupportedMediaType
from jatify.extensions import db
from jatify.models import Resume, ResumeFile
from jatify.queue import enqueue
from jatify.services import quotas, sql
from jatify.services.common import get_owned, of_user, owned
from jatify.vocabulary import JobKindName, TextError, TextState

FALLBACK_STEM = "resume"
MAX_STEM_CHARS = 120
# Extensions a download keeps for each content type; any other gets the first one.
EXTENSIONS = {PDF: ("pdf",), DOCX: ("docx",), TEXT: ("txt", "text", "md")}

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,10}")


class ResumeDownload(NamedTuple):
    """The original bytes of a resume and how to name them."""

    data: bytes
    content_type: str
    filename: str


def sanitize_filename(raw: str | None) -> str:
    """A file name safe to store and send back: no path, ASCII, bounded, extension kept."""
    name = _CONTROL_CHARACTERS.sub("", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    stem = secure_filename(stem)[:MAX_STEM_CHARS].strip("._") or FALLBACK_STEM
    if not _EXTENSION.fullmatch(extension):
        return stem
    return f"{stem}.{extension.lower()}"


def download_name(filename: str, content_type: str) -> str:
    """The stored name, with the extension its real content type calls for."""
    stem, dot, extension = filename.rpartition(".")
    allowed = EXTENSIONS[content_type]
    if dot and extension in allowed:
        return filename
    return f"{stem if dot else filename}.{allowed[0]}"


def store_resume(user_id: int, data: bytes, filename: str | None, name: str | None) -> Resume:
    """Save an upload, its bytes and its text-extraction job in one transaction, within
    the account's storage quota."""
    if not data:
        raise InvalidInput("The file is empty", details={"file": ["The file is empty."]})
    content_type = sniff_content_type(data)
    if content_type is None:
        raise UnsupportedMediaType()
    quotas.check_storage(user_id, len(data))
    safe_filename = sanitize_filename(filename)
    resume = Resume(
        user_id=user_id,
        name=name or safe_filename,
        filename=safe_filename,
        content_type=content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text_status=TextState.PENDING,
    )
    db.session.add(resume)
    db.session.flush()
    db.session.add(ResumeFile(resume_id=resume.id, data=data))
    enqueue(db.session, JobKindName.RESUME_EXTRACT, {"resume_id": resume.id}, user_id=user_id)
    db.session.commit()
    return resume


def resumes_query(user_id: int) -> Select:
    """The caller's resumes, newest first, without their text."""
    return (
        select(Resume)
        .options(defer(Resume.text))
        .where(*of_user(Resume, user_id))
        .order_by(Resume.created_at.desc(), Resume.id.desc())
    )


def get_resume(user_id: int, resume_id: int) -> Resume:
    """One of the caller's resumes, or NotFound."""
    return get_owned(Resume, user_id, resume_id)


def get_resume_download(user_id: int, resume_id: int) -> ResumeDownload:
    """The original bytes of one of the caller's resumes, in one query."""
    row = db.session.execute(
        select(ResumeFile.data, Resume.content_type, Resume.filename)
        .join(Resume, Resume.id == ResumeFile.resume_id)
        .where(*owned(Resume, user_id, resume_id))
    ).first()
    if row is None:
        raise NotFound(f"Resume {resume_id} not found")
    return ResumeDownload(bytes(row.data), row.content_type, row.filename)


def rename_resume(user_id: int, resume_id: int, name: str | None) -> Resume:
    """Change a resume's name (a partial update: no name sent, nothing changes)."""
    resume = get_resume(user_id, resume_id)
    if name is not None and name != resume.name:
        resume.name = name
        db.session.commit()
    return resume


def delete_resume(user_id: int, resume_id: int) -> None:
    """Delete a resume for good; its bytes and analyses go with it, applications keep null."""
    deleted = db.session.scalar(
        delete(Resume).where(*owned(Resume, user_id, resume_id)).returning(Resume.id)
    )
    if deleted is None:
        raise NotFound(f"Resume {resume_id} not found")
    db.session.commit()


# --- the extraction task's side (a psycopg2 cursor on the worker's connection) ---------


def read_resume_file(cursor: Any, resume_id: int) -> tuple[str, bytes] | None:
    """A resume's content type and bytes, or None once it is deleted."""
    cursor.execute(sql.RESUME_FILE, {"resume_id": resume_id})
    row = cursor.fetchone()
    return None if row is None else (row[0], bytes(row[1]))


def record_extraction(cursor: Any, resume_id: int, outcome: Extraction | ExtractionError) -> None:
    """Store the extracted text, or the extractor's reason why there is none."""
    if isinstance(outcome, ExtractionError):
        params = {"resume_id": resume_id, "failed": TextState.FAILED, "error": outcome.code}
        cursor.execute(sql.RESUME_TEXT_FAILED, params)
        return
    params = {
        "resume_id": resume_id,
        "ready": TextState.READY,
        "text": outcome.text,
        "page_count": outcome.page_count,
    }
    cursor.execute(sql.RESUME_TEXT_READY, params)


def give_up_extraction(cursor: Any, resume_id: int) -> None:
    """The extraction failed for good: a waiting resume is unreadable (`corrupt`)."""
    params = {
        "resume_id": resume_id,
        "failed": TextState.FAILED,
        "pending": TextState.PENDING,
        "error": TextError.CORRUPT,
    }
    cursor.execute(sql.RESUME_TEXT_GAVE_UP, params)


def retry_extraction(cursor: Any, resume_id: int) -> None:
    """The extraction job was requeued: the resume waits for its text again."""
    params = {"resume_id": resume_id, "failed": TextState.FAILED, "pending": TextState.PENDING}
    cursor.execute(sql.RESUME_TEXT_RETRY, params)
