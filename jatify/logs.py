"""Logging for the web and worker processes: text or JSON lines, with a request id.

Every request gets an id (the caller's `X-Request-ID` when it is a sane token, else a
new one); it is on every log line written while the request runs and is returned in
the `X-Request-ID` header of the answer. A text line never holds a raw control
character (see `TextFormatter`); JSON lines escape them by their format.
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

# What could end a text log line early or rewrite a terminal: C0 and C1 controls (CR, LF,
# the ESC of ANSI sequences), DEL, the Unicode line separators and lone surrogates.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str) -> str:
    """`text` with each control character written as an escape (`\\n`, `\\x1b`, `\\u2028`)."""
    return CONTROL_CHARACTERS.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return SHORT_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


class TextFormatter(logging.Formatter):
    """One record, one line, whatever a request put in it (a path, a header, a message).

    Control characters anywhere in the line are escaped, so `GET /api/%0A<forged line>`
    cannot write a second record; a traceback keeps its lines, each escaped and indented
    so that none can pass for a record of its own.
    """

    def format(self, record: logging.LogRecord) -> str:
        """The record's line, then its traceback and stack, if any, indented."""
        # Like logging.Formatter.format, but the traceback is formatted here every time:
        # the text another handler's formatter cached in record.exc_text is not escaped.
        record.message = record.getMessage()
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        parts = [escape_controls(self.formatMessage(record))]
        if record.exc_info:
            parts.append(_indented(self.formatException(record.exc_info)))
        elif record.exc_text:
            parts.append(_indented(record.exc_text))
        if record.stack_info:
            parts.append(_indented(self.formatStack(record.stack_info)))
        return "\n".join(parts)


def _indented(block: str) -> str:
    return "\n".join(f"    {escape_controls(line)}" for line in block.split("\n"))


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
        handler.setFormatter(TextFormatter(TEXT_FORMAT))
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
