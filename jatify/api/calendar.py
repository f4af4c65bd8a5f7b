"""The private calendar feed: its address (`/api/calendar`, with a token) and the feed
itself (`/calendar/<secret>.ics`, without one: calendar apps cannot send tokens)."""

from __future__ import annotations

import re

import marshmallow as ma
from flask import Response, g, request, url_for
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from jatify.api.common import BEARER
from jatify.api.tokens import current_user_id
from jatify.errors import NotFound
from jatify.services import calendar_feed

blp = Blueprint("calendar", __name__, url_prefix="/api", description="Calendar feed")
feed_blp = Blueprint(
    "calendar_feed", __name__, url_prefix="/calendar", description="The calendar feed itself"
)

# A secret is URL-safe base64 (secrets.token_urlsafe); anything else cannot be one.
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,128}")
# Calendar apps poll; five minutes in their (private) cache spares the database, and an
# ETag lets them revalidate for a 304.
FEED_CACHE_CONTROL = "private, max-age=300"
FEED_DOC = {
    "responses": {
        "200": {
            "description": "The account's calendar (RFC 5545): one VEVENT per interview that "
            "is not cancelled (UTC times, UID stable across edits) and one all-day VEVENT per "
            "open task on its due date. Cache-Control private, max-age=300, with an ETag.",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
        "304": {"description": "Not modified since the ETag in If-None-Match"},
    },
    "parameters": [
        {
            "in": "header",
            "name": "If-None-Match",
            "required": False,
            "schema": {"type": "string"},
        }
    ],
}


class CalendarAddressSchema(ma.Schema):
    """The private address to subscribe to; whoever has it can read the calendar."""

    url = ma.fields.String(required=True, metadata={"example": "https://host/calendar/abc.ics"})


def _address(secret: str) -> dict[str, str]:
    return {"url": url_for("calendar_feed.get_calendar_feed", secret=secret, _external=True)}


@blp.get("/calendar")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, CalendarAddressSchema)
def get_calendar_address() -> dict[str, str]:
    """The caller's private feed address (made on the first call)."""
    return _address(calendar_feed.feed_secret(current_user_id()))


@blp.post("/calendar/rotate")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, CalendarAddressSchema)
def rotate_calendar_address() -> dict[str, str]:
    """A new private address; the old one answers 404 from now on."""
    return _address(calendar_feed.rotate_secret(current_user_id()))


@feed_blp.get("/<secret>.ics")
@feed_blp.doc(**FEED_DOC)
@feed_blp.alt_response(404, description="not_found: no calendar at this address (rotated?)")
def get_calendar_feed(secret: str) -> Response:
    """The calendar for calendar apps to subscribe to; no token, the address is the secret."""
    g.log_path = request.url_rule.rule  # the secret stays out of the request log
    if not SECRET_SHAPE.fullmatch(secret):
        raise NotFound("No calendar at this address")
    owner = calendar_feed.feed_owner(secret)
    version = calendar_feed.feed_version(owner)
    if version in request.if_none_match:
        response = Response(status=304)  # a calendar app revalidating: nothing to render
    else:
        response = Response(calendar_feed.calendar_bytes(owner, version), mimetype="text/calendar")
        response.headers["Content-Disposition"] = 'inline; filename="jatify.ics"'
    response.headers["Cache-Control"] = FEED_CACHE_CONTROL
    response.set_etag(version)
    return response
