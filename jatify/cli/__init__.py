"""`flask` CLI groups, one per domain."""

from __future__ import annotations

from flask import Flask

from jatify.cli import applications, demo, dlq, queue, schedule, usage, users


def init_app(app: Flask) -> None:
    """Register every command group on the app."""
    groups = (users.group, demo.group, applications.group, queue.group, dlq.group)
    for group in (*groups, schedule.group, schedule.digest_group, usage.group):
        app.cli.add_command(group)
