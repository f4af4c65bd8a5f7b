"""The browser interface: one HTML page and its static assets, a client of the JSON API.

Not part of the OpenAPI document: it adds no API, it only serves files. Hash routing
happens in the browser, so `/` is the only page the server knows.
"""

from __future__ import annotations

from flask import Blueprint, Response

blp = Blueprint("web", __name__, static_folder="static", static_url_path="/app")


@blp.get("/")
def index() -> Response:
    """The single-page app; revalidated on every load so a deploy shows at once."""
    response = blp.send_static_file("index.html")
    response.headers["Cache-Control"] = "no-cache"
    return response
