"""Swagger UI's assets, served from the installed `swagger-ui-bundle` (no CDN needed).

The page at /api/docs is flask-smorest's route; its template is replaced by the app's own
`jatify/templates/swagger_ui.html` (an app's templates come before a blueprint's), which
gives it a language, a viewport and a main landmark, and starts Swagger UI from a file
(`/app/js/api-docs.js`) instead of an inline script.
"""

from __future__ import annotations

from flask import Blueprint, Response, send_from_directory
from swagger_ui_bundle import swagger_ui_path

SWAGGER_UI_URL = "/api/docs/assets/"

blp = Blueprint("docs_assets", __name__)


@blp.get("/api/docs/assets/<path:filename>")
def swagger_asset(filename: str) -> Response:
    """One static file of Swagger UI."""
    return send_from_directory(swagger_ui_path, filename, max_age=86400)
