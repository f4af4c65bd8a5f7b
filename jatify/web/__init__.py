"""The browser interface: one HTML page and its static assets, a client of the JSON API.

Not part of the OpenAPI document: it adds no API, it only serves files. Hash routing
happens in the browser, so `/` is the only page the server knows, with one exception:
`/reset?token=...`, the link of a password reset email, serves the same page (the app
moves it into its hash route).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, make_response, render_template

blp = Blueprint(
    "web", __name__, static_folder="static", static_url_path="/app", template_folder="templates"
)


@blp.get("/")
@blp.get("/reset")
def index() -> Response:
    """The single-page app, revalidated on every load so a deploy shows at once.

    It carries the request size limit, so the upload form refuses a larger file before
    sending it.
    """
    page = render_template(
        "web/index.html", max_upload_bytes=current_app.config["MAX_CONTENT_LENGTH"]
    )
    response = make_response(page)
    response.headers["Cache-Control"] = "no-cache"
    return response
