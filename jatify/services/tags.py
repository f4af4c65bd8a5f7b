"""Tags of applications: how many of the caller's live applications carry each one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from jatify.extensions import db
from jatify.models import Application
from jatify.services.common import of_user


def tag_counts(user_id: int) -> list[dict[str, Any]]:
    """Every tag of the caller's live applications with its count, most used first."""
    tags = (
        select(func.unnest(Application.tags).label("name"))
        .where(*of_user(Application, user_id))
        .subquery()
    )
    count = func.count().label("count")
    rows = db.session.execute(
        select(tags.c.name, count).group_by(tags.c.name).order_by(count.desc(), tags.c.name)
    )
    return [{"name": name, "count": number} for name, number in rows]
