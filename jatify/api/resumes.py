"""Resumes: multipart upload, list, read, download, rename and delete."""

from __future__ import annotations

import io
from typing import Any

import marshmallow as ma
from flask import Request, Response, send_file
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import validate
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict, FileStorage

from jatify.api.common import BEARER, PaginationArgs, StrictSchema, page_schema, paginate
from jatify.api.tokens import current_user_id
from jatify.api.usage import QUOTA_EXCEEDED_DOC
from jatify.fields import MAX_ID
from jatify.models import Resume
from jatify.services import resumes
from jatify.vocabulary import TextError, TextState

RESUME_PATH = f"/<int(max={MAX_ID}):resume_id>"


class MultipartParser(FlaskParser):
    """webargs' Flask parser with a `multipart` location: form fields and files together."""

    __location_map__ = {**FlaskParser.__location_map__, "multipart": "load_multipart"}

    def load_multipart(self, req: Request, schema: ma.Schema) -> MultiDictProxy:
        """The form fields and the files of a multipart body as one mapping."""
        return MultiDictProxy(CombinedMultiDict([req.form, req.files]), schema)


class ResumeBlueprint(Blueprint):
    """A blueprint whose arguments may come from a whole multipart body."""

    ARGUMENTS_PARSER = MultipartParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
    }


blp = ResumeBlueprint(
    "resumes", __name__, url_prefix="/api/resumes", description="Uploaded resumes"
)


class FileField(Upload):
    """A multipart file part (a plain form value is refused)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> FileStorage:
        if not isinstance(value, FileStorage):
            raise ma.ValidationError("Send the resume as a file part.")
        return value


def _name_field(**kwargs: Any) -> ma.fields.String:
    return ma.fields.String(validate=validate.Length(min=1, max=200), **kwargs)


class ResumeUploadSchema(StrictSchema):
    """A resume file (PDF, DOCX or plain text) and an optional display name."""

    file = FileField(required=True, metadata={"description": "PDF, DOCX or plain text"})
    name = _name_field(metadata={"description": "defaults to the file name"})

    @ma.pre_load
    def strip_name(self, data: Any, **_kwargs: Any) -> Any:
        """Ignore blanks around the name (a blank name means the default)."""
        if "name" in data and isinstance(data["name"], str):
            name = data["name"].strip()
            data = {key: data[key] for key in data if key != "name"}
            if name:
                data["name"] = name
        return data


class ResumeRenameSchema(StrictSchema):
    """The only field of a resume a person changes."""

    name = _name_field()

    @ma.pre_load
    def strip_name(self, data: Any, **_kwargs: Any) -> Any:
        """Ignore blanks around the name."""
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            return {**data, "name": data["name"].strip()}
        return data


class ResumeSchema(ma.Schema):
    """A resume as lists show it (no text)."""

    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    filename = ma.fields.String(required=True)
    content_type = ma.fields.String(required=True)
    size_bytes = ma.fields.Integer(required=True)
    page_count = ma.fields.Integer(allow_none=True)
    text_status = ma.fields.String(required=True, metadata={"enum": list(TextState)})
    text_error = ma.fields.String(allow_none=True, metadata={"enum": list(TextError)})
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


class ResumeDetailSchema(ResumeSchema):
    """One resume, with its extracted text once text_status is ready."""

    text = ma.fields.String(allow_none=True, metadata={"description": "null until ready"})


ResumePageSchema = page_schema(ResumeSchema, "ResumePage")
NOT_FOUND = "not_found: no such resume of the caller's"

DOWNLOAD_DOC = {
    "responses": {
        "200": {
            "description": "The original bytes, as an attachment",
            "content": {
                content_type: {"schema": {"type": "string", "format": "binary"}}
                for content_type in resumes.EXTENSIONS
            },
        }
    }
}


@blp.post("")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(ResumeUploadSchema, location="multipart")
@blp.response(201, ResumeDetailSchema)
@blp.alt_response(413, description="file_too_large: the body is over MAX_UPLOAD_BYTES")
@blp.alt_response(415, description="unsupported_media_type: not a PDF, DOCX or plain text")
@blp.alt_response(429, **QUOTA_EXCEEDED_DOC)
def create_resume(data: dict) -> Resume:
    """Upload a resume; its text is extracted in the background (text_status pending)."""
    upload: FileStorage = data["file"]
    return resumes.store_resume(current_user_id(), upload.read(), upload.filename, data.get("name"))


@blp.get("")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(PaginationArgs, location="query")
@blp.response(200, ResumePageSchema)
def list_resumes(args: dict) -> dict:
    """The caller's resumes, newest first, without their text."""
    return paginate(resumes.resumes_query(current_user_id()), args["page"], args["page_size"])


@blp.get(RESUME_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, ResumeDetailSchema)
@blp.alt_response(404, description=NOT_FOUND)
def get_resume(resume_id: int) -> Resume:
    """One resume, with its text once extracted."""
    return resumes.get_resume(current_user_id(), resume_id)


@blp.get(f"{RESUME_PATH}/file")
@jwt_required()
@blp.doc(security=BEARER, **DOWNLOAD_DOC)
@blp.alt_response(404, description=NOT_FOUND)
def download_resume(resume_id: int) -> Response:
    """The original file, as an attachment of its real content type."""
    download = resumes.get_resume_download(current_user_id(), resume_id)
    response = send_file(
        io.BytesIO(download.data),
        mimetype=download.content_type,
        as_attachment=True,
        download_name=resumes.download_name(download.filename, download.content_type),
        etag=False,
        max_age=0,
    )
    # Exactly the sniffed type: no charset is claimed for text whose encoding was guessed.
    response.headers["Content-Type"] = download.content_type
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blp.route(RESUME_PATH, methods=["PUT", "PATCH"])
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(ResumeRenameSchema)
@blp.response(200, ResumeDetailSchema)
@blp.alt_response(404, description=NOT_FOUND)
def rename_resume(data: dict, resume_id: int) -> Resume:
    """Rename a resume (PATCH is the same partial update)."""
    return resumes.rename_resume(current_user_id(), resume_id, data.get("name"))


@blp.delete(RESUME_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
@blp.alt_response(404, description=NOT_FOUND)
def delete_resume(resume_id: int) -> None:
    """Delete a resume, its file, text and analyses for good."""
    resumes.delete_resume(current_user_id(), resume_id)
