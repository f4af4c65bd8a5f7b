"""The caller's own profile: name, username, phone, time zone and the daily digest switch."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from jatify.errors import Conflict, InvalidInput
from jatify.extensions import db
from jatify.models import User
from jatify.services.common import violated_constraint

USERNAME_INDEX = "uq_users_username_lower"


def _check_zone_known(name: str) -> None:
    """InvalidInput unless PostgreSQL knows the zone too (every date in SQL is taken in it)."""
    try:
        with db.session.begin_nested():
            db.session.execute(text("SELECT now() AT TIME ZONE :zone"), {"zone": name})
    except DBAPIError:
        raise InvalidInput(details={"timezone": ["This time zone is not known here."]}) from None


def update_profile(user_id: int, fields: Mapping[str, Any]) -> User:
    """Change the fields given; Conflict when the username is someone else's."""
    user = db.session.scalar(select(User).where(User.id == user_id).with_for_update())
    if "timezone" in fields and fields["timezone"] != user.timezone:
        _check_zone_known(fields["timezone"])
    for name, value in fields.items():
        if getattr(user, name) != value:
            setattr(user, name, value.strip() if name == "name" else value)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        if violated_constraint(exc) == USERNAME_INDEX:
            raise Conflict("This username is taken") from None
        raise
    return user
