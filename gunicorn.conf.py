"""gunicorn settings for the web process (read automatically from the working directory)."""

import json
import os
import shutil
import sys
import tempfile

# Metrics from every gunicorn worker are aggregated through files in this folder; it must
# be set before prometheus_client is imported anywhere in this process. A folder given by
# the caller (bin/dev shares one with worker.py) is the caller's to empty.
os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", os.path.join(tempfile.gettempdir(), "jatify-web-metrics")
)

from gunicorn import util as gunicorn_util
from prometheus_client import multiprocess

from jatify.config import ConfigError, build_config
from jatify.vocabulary import ErrorCode

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# The app writes one line per request with its request id; gunicorn's own would repeat it.
accesslog = None
# A sync worker busy on one request for longer than this is killed. A 100,000-row CSV
# import takes about 20 s on the benchmark machine (bench/results/api.md) and several
# times that under load; killed midway, it would leave the chunks already committed.
timeout = 120
# What a request may carry before the app sees it (the OpenAPI document's introduction
# states the same limits): gunicorn refuses more itself, in the API's envelope (below).
# 8190 bytes is the longest request line gunicorn can be set to.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# gunicorn answers a request it cannot read itself, before the app sees it: a malformed
# request line or header (400), a request line (414) or headers (431) over the limits.
# Its answer is an HTML page; gunicorn has no hook for it, so its writer is replaced by
# one answering in the API's JSON envelope like every other error.
ERROR_CODES = {
    403: ErrorCode.FORBIDDEN,
    414: ErrorCode.URI_TOO_LONG,
    431: ErrorCode.HEADERS_TOO_LARGE,
}
ERROR_MESSAGES = {
    414: f"The request line (method, path and query) is over {limit_request_line} bytes",
    431: f"A header is over {limit_request_field_size} bytes, "
    f"or there are more than {limit_request_fields} headers",
    500: "Internal server error",
}
MAX_DETAIL_CHARS = 200


def write_json_error(sock, status_int, reason, mesg):  # noqa: ANN001, ANN201 - gunicorn's signature
    """gunicorn's `util.write_error`, answering `{"error": {"code", "message"}}` as JSON."""
    fallback = ErrorCode.BAD_REQUEST if status_int < 500 else ErrorCode.INTERNAL_ERROR
    code = ERROR_CODES.get(status_int, fallback)
    message = ERROR_MESSAGES.get(status_int) or f"{reason}: {mesg}"[:MAX_DETAIL_CHARS]
    body = json.dumps({"error": {"code": str(code), "message": message}}).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        "Content-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    gunicorn_util.write_nonblock(sock, head.encode("latin-1") + body)


gunicorn_util.write_error = write_json_error


def on_starting(server):  # noqa: ANN001, ANN201 - gunicorn hook
    """Refuse to start on a configuration error (one line, before any worker boots and
    fails on it); start every run with an empty metrics folder."""
    try:
        build_config()
    except ConfigError as exc:
        sys.exit(f"gunicorn: {exc}")
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    if folder == os.path.join(tempfile.gettempdir(), "jatify-web-metrics"):
        shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)


def child_exit(server, worker):  # noqa: ANN001, ANN201 - gunicorn hook
    """Drop the live gauges of a gunicorn worker that exited."""
    multiprocess.mark_process_dead(worker.pid)
