"""Queue statistics for admins: jobs per status and kind, the oldest wait, throughput."""

from __future__ import annotations

import marshmallow as ma
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint
from marshmallow import validate

from jatify.api.common import BEARER
from jatify.api.tokens import load_current_user
from jatify.errors import Forbidden
from jatify.queue.stats import QueueStats
from jatify.services import queue_admin
from jatify.vocabulary import JobState

blp = Blueprint(
    "queue", __name__, url_prefix="/api/queue", description="Job queue statistics (admins only)"
)


class JobCountSchema(ma.Schema):
    """How many jobs of one kind are in one status."""

    status = ma.fields.String(required=True, validate=validate.OneOf(list(JobState)))
    kind = ma.fields.String(required=True, metadata={"example": "analysis.run"})
    jobs = ma.fields.Integer(required=True)


class FinishedSchema(ma.Schema):
    """Jobs that finished within the last `minutes`."""

    minutes = ma.fields.Integer(required=True)
    done = ma.fields.Integer(required=True)
    failed = ma.fields.Integer(required=True)


class QueueStatsSchema(ma.Schema):
    """The job queue at a glance."""

    counts = ma.fields.List(
        ma.fields.Nested(JobCountSchema),
        required=True,
        metadata={"description": "jobs per status and kind; absent pairs have none"},
    )
    oldest_pending_seconds = ma.fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "age of the oldest job waiting to run; null when none waits"},
    )
    finished = ma.fields.List(
        ma.fields.Nested(FinishedSchema),
        required=True,
        metadata={"description": "jobs done and failed in the last 1, 5 and 15 minutes"},
    )


@blp.get("/stats")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, QueueStatsSchema)
@blp.alt_response(403, description="The caller is not an admin")
def get_queue_stats() -> QueueStats:
    """Jobs per status and kind, the oldest pending job's age and recent throughput."""
    if not load_current_user().is_admin:
        raise Forbidden("Queue statistics are for admins only")
    return queue_admin.read_stats()
