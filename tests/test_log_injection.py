"""Log injection: what a request carries cannot add a line to the log or recolour a terminal.

Issue #11, defect 7: `GET /api/%0A<forged line>` wrote a forged line into the text log.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import request

from jatify import create_app
from jatify.logs import configure

FORGED = "2026-01-01 00:00:00,000 INFO [1] - jatify.requests: GET /api/admin 200 1.0ms"
# URL-encoded control characters and what the text log shows instead of each.
CONTROLS = {
    "%0A": "\\n",
    "%0D": "\\r",
    "%1B%5B31m": "\\x1b[31m",  # an ANSI colour sequence
    "%C2%85": "\\x85",  # NEL, a C1 line break
    "%E2%80%A8": "\\u2028",  # the Unicode line separator
    "%7F": "\\x7f",
}


@contextmanager
def captured_log(app_config: dict[str, Any], fmt: str) -> Iterator[tuple[Any, io.StringIO]]:
    """An app logging in `fmt` at info level, and the stream its log lines go to."""
    app = create_app({**app_config, "LOG_FORMAT": fmt, "LOG_LEVEL": "info"})
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_jatify", False))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield app, stream
    finally:
        handler.setStream(previous)
        configure("warning", "text")


def test_a_newline_in_the_path_cannot_forge_a_log_line(app_config):
    with captured_log(app_config, "text") as (app, stream):
        app.test_client().get("/api/%0A" + FORGED.replace(" ", "%20"))
    lines = stream.getvalue().splitlines()
    assert not [line for line in lines if line.startswith(FORGED[:23])]
    [logged] = [line for line in lines if "jatify.requests" in line and "admin" in line]
    assert "GET /api/\\n2026-01-01" in logged


def test_control_characters_in_the_path_are_escaped(app_config):
    for encoded, shown in CONTROLS.items():
        with captured_log(app_config, "text") as (app, stream):
            app.test_client().get(f"/api/x{encoded}y")
        [logged] = [line for line in stream.getvalue().splitlines() if "GET /api/x" in line]
        assert f"GET /api/x{shown}y 404" in logged, encoded
        assert "\x1b" not in stream.getvalue()


def test_a_logged_header_or_message_is_escaped_too(app_config):
    # A header cannot hold CR or LF, but it can hold ESC and C1 controls such as NEL.
    agent = "curl\x1b[2J\x85" + FORGED
    with (
        captured_log(app_config, "text") as (app, stream),
        app.test_request_context("/api/jobs", headers={"User-Agent": agent}),
    ):
        logging.getLogger("jatify.test").warning("agent %s", request.user_agent.string)
        logging.getLogger("jatify.test").warning("note %s", "one\r\n" + FORGED)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert "agent curl\\x1b[2J\\x852026-01-01" in lines[0]
    assert "note one\\r\\n2026-01-01" in lines[1]


def test_a_traceback_cannot_forge_a_line_either(app_config):
    with captured_log(app_config, "text") as (_app, stream):
        try:
            raise ValueError("bad value\n" + FORGED)
        except ValueError:
            logging.getLogger("jatify.test").exception("failed on %s", "input\nforged")
    lines = stream.getvalue().splitlines()
    assert "failed on input\\nforged" in lines[0]
    assert all(line.startswith("    ") for line in lines[1:])
    assert any("Traceback (most recent call last):" in line for line in lines[1:])
    assert any(FORGED in line for line in lines[1:])


def test_json_log_lines_stay_one_record_each(app_config):
    with captured_log(app_config, "json") as (app, stream):
        app.test_client().get("/api/%0A%1B%5B31m" + FORGED.replace(" ", "%20"))
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    [logged] = [record for record in records if "admin" in record["message"]]
    assert logged["message"].startswith("GET /api/\n\x1b[31m2026-01-01")
    assert "\x1b" not in stream.getvalue()
