"""Resumes: storing an upload with its extraction job, reading, renaming and deleting."""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import defer
from werkzeug.utils import secure_filename

from jatify.documents import DOCX, PDF, TEXT, sniff_content_type
from jatify.errors import APIError, NotFound, ValidationFailed
from jatify.extensions import db
from jatify.models import Resume, ResumeFile
from jatify.queue import enqueue

EXTRACT_KIND = "resume.extract"
FALLBACK_STEM = "resume"
MAX_STEM_CHARS = 120
# Extensions a download keeps for each content type; any other gets the first one.
EXTENSIONS = {PDF: ("pdf",), DOCX: ("docx",), TEXT: ("txt", "text", "md")}

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,10}")


class UnsupportedMediaType(APIError):
    """The upload is not a PDF, a DOCX or plain text, whatever its name says."""

    status = 415
    code = "unsupported_media_type"
    message = "Upload a PDF, a DOCX or a plain-text file"


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
    """Save an upload, its bytes and its text-extraction job in one transaction."""
    if not data:
        raise ValidationFailed("The file is empty", details={"file": ["The file is empty."]})
    content_type = sniff_content_type(data)
    if content_type is None:
        raise UnsupportedMediaType()
    safe_filename = sanitize_filename(filename)
    resume = Resume(
        user_id=user_id,
        name=name or safe_filename,
        filename=safe_filename,
        content_type=content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text_status="pending",
    )
    db.session.add(resume)
    db.session.flush()
    db.session.add(ResumeFile(resume_id=resume.id, data=data))
    enqueue(db.session, EXTRACT_KIND, {"resume_id": resume.id}, user_id=user_id)
    db.session.commit()
    return resume


def resumes_query(user_id: int) -> Select:
    """The caller's resumes, newest first, without their text."""
    return (
        select(Resume)
        .options(defer(Resume.text))
        .where(Resume.user_id == user_id)
        .order_by(Resume.created_at.desc(), Resume.id.desc())
    )


def get_resume(user_id: int, resume_id: int) -> Resume:
    """One of the caller's resumes, or NotFound."""
    resume = db.session.scalar(
        select(Resume).where(Resume.id == resume_id, Resume.user_id == user_id)
    )
    if resume is None:
        raise NotFound(f"Resume {resume_id} not found")
    return resume


def get_resume_download(user_id: int, resume_id: int) -> ResumeDownload:
    """The original bytes of one of the caller's resumes, in one query."""
    row = db.session.execute(
        select(ResumeFile.data, Resume.content_type, Resume.filename)
        .join(Resume, Resume.id == ResumeFile.resume_id)
        .where(Resume.id == resume_id, Resume.user_id == user_id)
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
        delete(Resume).where(Resume.id == resume_id, Resume.user_id == user_id).returning(Resume.id)
    )
    if deleted is None:
        raise NotFound(f"Resume {resume_id} not found")
    db.session.commit()
