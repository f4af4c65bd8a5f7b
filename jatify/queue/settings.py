"""The queue's settings, read once from the app config (see jatify/settings.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QueueSettings:
    """Connection and timing settings of workers, the rescuer and the engine."""

    dsn: str
    processes: int = 2
    poll_seconds: float = 5.0
    shutdown_grace_seconds: float = 30.0
    lease_seconds: float = 60.0
    max_attempts: int = 5
    job_timeout_seconds: float = 300.0
    retry_base_seconds: float = 2.0
    retry_max_seconds: float = 600.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> QueueSettings:
        """Settings from a Flask config built by jatify.config.build_config()."""
        return cls(
            dsn=config["DATABASE_DSN"],
            processes=config["WORKER_PROCESSES"],
            poll_seconds=config["WORKER_POLL_SECONDS"],
            shutdown_grace_seconds=config["WORKER_SHUTDOWN_GRACE"],
            lease_seconds=config["QUEUE_LEASE_SECONDS"],
            max_attempts=config["QUEUE_MAX_ATTEMPTS"],
            job_timeout_seconds=config["QUEUE_JOB_TIMEOUT_SECONDS"],
            retry_base_seconds=config["QUEUE_RETRY_BASE_SECONDS"],
            retry_max_seconds=config["QUEUE_RETRY_MAX_SECONDS"],
        )

    @property
    def rescue_interval_seconds(self) -> float:
        """How often the supervisor sweeps for expired leases."""
        return min(max(self.lease_seconds / 2, 0.5), 15.0)

    @property
    def heartbeat_seconds(self) -> float:
        """How often a running job's lease is extended."""
        return max(self.lease_seconds / 3, 0.2)
