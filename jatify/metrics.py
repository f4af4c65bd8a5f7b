"""Prometheus metrics: HTTP traffic, queue work, and queue depth read from the database.

Counters and histograms are multiprocess-safe: when PROMETHEUS_MULTIPROC_DIR is set
(bin/dev and gunicorn.conf.py set it), every gunicorn worker and queue worker process
writes its samples there and `/metrics` aggregates them. Queue depth is not a sample of
one process but a fact of the database, so it is read with one grouped query per scrape.

With `METRICS_TOKEN` set, a scrape must send `Authorization: Bearer <token>`; in
production without one, `/metrics` is not served at all (404), so an unprotected
deployment does not publish its traffic to the internet. Development stays open.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterator

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from jatify.errors import NotAuthenticated, NotFound
from jatify.extensions import db
from jatify.queue import sql
from jatify.vocabulary import JobState

HTTP_REQUESTS = Counter(
    "jatify_http_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "jatify_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
JOBS_FINISHED = Counter(
    "jatify_queue_jobs_finished_total", "Job attempts by outcome", ["kind", "outcome"]
)
JOB_DURATION = Histogram(
    "jatify_queue_job_duration_seconds",
    "Duration of one job attempt",
    ["kind"],
    buckets=(0.001, 0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300),
)
JOB_ATTEMPTS = Histogram(
    "jatify_queue_job_attempts",
    "Attempts a job took when it finished (done or failed)",
    ["kind"],
    buckets=(1, 2, 3, 5, 8, 13),
)
DEAD_LETTERS = Counter(
    "jatify_queue_dead_letters_total", "Jobs moved to the dead-letter queue", ["kind"]
)
RESCUED_LEASES = Counter(
    "jatify_queue_rescued_leases_total", "Expired leases returned to the queue"
)


def observe_job(kind: str, attempt: int, outcome: str, seconds: float | None = None) -> None:
    """Record one settled attempt (done, retry, failed, lost, deferred) of a job."""
    JOBS_FINISHED.labels(kind, outcome).inc()
    if seconds is not None:
        JOB_DURATION.labels(kind).observe(seconds)
    if outcome in ("done", "failed"):
        JOB_ATTEMPTS.labels(kind).observe(attempt)
    if outcome == "failed":
        DEAD_LETTERS.labels(kind).inc()


class QueueDepthCollector(Collector):
    """Jobs per status and kind, and the oldest available pending job's age, at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily(
            "jatify_queue_jobs", "Jobs in the queue by status and kind", labels=["status", "kind"]
        )
        oldest = GaugeMetricFamily(
            "jatify_queue_oldest_pending_seconds",
            "Age of the oldest pending job that is due",
            labels=["kind"],
        )
        up = GaugeMetricFamily("jatify_database_up", "1 when the database answered the scrape")
        try:
            rows = db.session.execute(text(sql.METRICS_QUEUE_DEPTH)).all()
            db.session.rollback()
        except SQLAlchemyError:
            db.session.rollback()
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        for row in rows:
            depth.add_metric([row.status, row.kind], row.jobs)
            if row.status == JobState.PENDING:
                oldest.add_metric([row.kind], float(row.oldest_seconds))
        yield from (depth, oldest, up)


def build_registry() -> CollectorRegistry:
    """Process samples (aggregated across processes when multiprocess) plus queue depth."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY
    return registry


def check_scrape(token: str | None, production: bool, authorization: str | None) -> None:
    """Let a scrape through, or raise: NotFound in production without a token, and
    NotAuthenticated unless `authorization` is `Bearer <token>` (compared in constant time)."""
    if token is None:
        if production:
            raise NotFound()
        return
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        raise NotAuthenticated("Send the metrics token: Authorization: Bearer <METRICS_TOKEN>")


def init_app(app: Flask) -> None:
    """Time every request and serve `/metrics` (behind METRICS_TOKEN when it is set)."""
    token = app.config.get("METRICS_TOKEN")
    production = app.config["JATIFY_ENV"] == "production"
    registry = build_registry()
    queue_registry = CollectorRegistry(auto_describe=False)
    queue_registry.register(QueueDepthCollector())

    @app.before_request
    def start_timer() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def record_request(response: Response) -> Response:
        started = g.get("metrics_started")
        if started is not None:
            route = request.url_rule.rule if request.url_rule else "unmatched"
            HTTP_REQUESTS.labels(request.method, route, str(response.status_code)).inc()
            HTTP_LATENCY.labels(request.method, route).observe(time.perf_counter() - started)
        return response

    @app.get("/metrics")
    def get_metrics() -> Response:
        """Prometheus exposition of every metric."""
        check_scrape(token, production, request.headers.get("Authorization"))
        output = generate_latest(registry) + generate_latest(queue_registry)
        return Response(output, content_type=CONTENT_TYPE_LATEST)
