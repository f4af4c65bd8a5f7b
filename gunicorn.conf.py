"""gunicorn settings for the web process (read automatically from the working directory)."""

import os
import shutil
import tempfile

# Metrics from every gunicorn worker are aggregated through files in this folder; it must
# be set before prometheus_client is imported anywhere in this process. A folder given by
# the caller (bin/dev shares one with worker.py) is the caller's to empty.
os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", os.path.join(tempfile.gettempdir(), "jatify-web-metrics")
)

from prometheus_client import multiprocess

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# The app writes one line per request with its request id; gunicorn's own would repeat it.
accesslog = None
# A sync worker busy on one request for longer than this is killed. A 100,000-row CSV
# import takes about 20 s on the benchmark machine (bench/results/api.md) and several
# times that under load; killed midway, it would leave the chunks already committed.
timeout = 120


def on_starting(server):  # noqa: ANN001, ANN201 - gunicorn hook
    """Start every run with an empty metrics folder."""
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    if folder == os.path.join(tempfile.gettempdir(), "jatify-web-metrics"):
        shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)


def child_exit(server, worker):  # noqa: ANN001, ANN201 - gunicorn hook
    """Drop the live gauges of a gunicorn worker that exited."""
    multiprocess.mark_process_dead(worker.pid)
