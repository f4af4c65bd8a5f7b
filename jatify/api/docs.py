"""Swagger UI's assets, served from the installed `swagger-ui-bundle` (no CDN needed)."""

from __future__ import annotations

from flask import Blueprint, Response, send_from_directory
from swagger_ui_bundle import swagger_ui_path

SWAGGER_UI_URL = "/api/docs/assets/"

blp = Blueprint("docs_assets", __name__)


@blp.get("/api/docs/assets/<path:filename>")
def swagger_asset(filename: str) -> Response:
    """One static file of Swagger UI."""
    return send_from_directory(swagger_ui_path, filename, max_age=86400)
