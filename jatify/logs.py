"""Logging for the web and worker processes: text or JSON lines, with a request id.

Every request gets an id (the caller's `X-Request-ID` when it is a sane token, else a
new one); it is on every log line written while the request runs and is returned in
the `X-Request-ID` header of the answer.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(request_id)s %(name)s: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(process)d %(request_id)s %(name)s %(message)s"

log = logging.getLogger("jatify.requests")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ('-' outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def configure(level: str = "info", fmt: str = "text") -> None:
    """Send log lines to stderr in `fmt` ("text" or "json"), once per process."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "_jatify", False)), None)
    if handler is None:
        handler = logging.StreamHandler()
        handler._jatify = True  # type: ignore[attr-defined]
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
    if fmt == "json":
        handler.setFormatter(
            JsonFormatter(JSON_FIELDS, rename_fields={"levelname": "level", "asctime": "time"})
        )
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root.setLevel(level.upper())


def init_app(app: Flask) -> None:
    """Apply LOG_LEVEL/LOG_FORMAT and give every request an id and one summary line."""
    configure(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])

    @app.before_request
    def assign_request_id() -> None:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if SANE_REQUEST_ID.match(given) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def return_request_id(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id:
            response.headers[REQUEST_ID_HEADER] = request_id
            elapsed_ms = (time.perf_counter() - g.request_started) * 1000
            log.info(
                "%s %s %s %.1fms",
                request.method,
                g.get("log_path") or request.path,  # a view hides a secret in its path
                response.status_code,
                elapsed_ms,
            )
        return response
