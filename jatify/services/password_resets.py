"""Forgotten passwords: a reset link mailed on request, valid 30 minutes, usable once.

Asking (`request_reset`) queues one `account.reset_mail` job whatever the email, so the
answer and the work behind it are the same for an address with an account and one
without: nothing tells them apart. The job (`send_reset_mail`, on a worker) looks the
account up; only then is a token made. Only its SHA-256 is stored, committed before the
mail goes out so the link works the moment it arrives. Using a token (`reset_password`)
spends it in one conditional UPDATE (of two uses at once, one wins), spends the account's
other links too, sets the password and ends every login session of the account.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, update

from jatify.errors import InvalidInput
from jatify.extensions import db
from jatify.fields import email_key
from jatify.mail import Mailer, MailNotSent, build_message, mailer_from_config
from jatify.models import PasswordReset, User
from jatify.queue import enqueue
from jatify.services import sessions
from jatify.services.accounts import set_password
from jatify.vocabulary import JobKindName

log = logging.getLogger("jatify.password_resets")

RESET_MINUTES = 30
DEVELOPMENT_URL = "http://localhost:8000"
NOT_CONFIGURED = (
    "mail is not configured (SMTP_URL, or PUBLIC_URL outside development, is unset): "
    "no password reset email is sent"
)
TOKEN_REFUSED = (
    "This reset link does not work: it was used already, is older than "
    f"{RESET_MINUTES} minutes, or was copied incompletely. Ask for a new one."
)

# The account an email names, by its key (worker side).
FIND_ACCOUNT = "SELECT id, email, name FROM users WHERE email_key = %(key)s"
# A new link: only the token's SHA-256 is kept.
ADD_RESET = (
    "INSERT INTO password_resets (user_id, token_hash, expires_at) "
    f"VALUES (%(user_id)s, %(token_hash)s, now() + interval '{RESET_MINUTES} minutes') "
    "RETURNING id"
)
# A link whose mail certainly never went out.
DROP_RESET = "DELETE FROM password_resets WHERE id = %(id)s"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def public_url(config: Mapping[str, Any]) -> str | None:
    """The start of links in emails: PUBLIC_URL, else localhost in development, else None."""
    if config.get("PUBLIC_URL"):
        return config["PUBLIC_URL"]
    return DEVELOPMENT_URL if config.get("JATIFY_ENV") == "development" else None


def reset_mail_possible(config: Mapping[str, Any]) -> bool:
    """Whether reset links can be mailed: a mail transport and a public address."""
    return mailer_from_config(config) is not None and public_url(config) is not None


def request_reset(email: str, *, mail_possible: bool) -> None:
    """Queue the reset mail for `email` (sent only if it has an account); without mail,
    say so in the log. Asking again while the mail waits adds nothing. Commits."""
    if not mail_possible:
        log.warning(NOT_CONFIGURED)
        return
    key_digest = _digest(email_key(email))[:32]
    enqueue(db.session, JobKindName.RESET_MAIL, {"email": email}, dedupe_key=f"reset:{key_digest}")
    db.session.commit()


def _reset_text(name: str, link: str) -> str:
    return (
        f"Hello {name},\n\n"
        "Someone, hopefully you, asked to reset the password of your Jatify account.\n"
        f"Open this link within {RESET_MINUTES} minutes to choose a new one:\n\n"
        f"{link}\n\n"
        "The link works once. Setting a new password logs you out on every device.\n\n"
        "If you did not ask for this, ignore this email: your password stays as it is.\n"
    )


def send_reset_mail(
    connection: Any, mailer: Mailer, sender: str, base_url: str, email: str
) -> bool:
    """Worker side: mail a new reset link if `email` has an account; whether one was sent.

    Commits on `connection` itself: the link is stored before the mail goes out, and
    dropped again when the server certainly did not take the mail (MailNotSent, raised
    on for the job to retry).
    """
    cursor = connection.cursor()
    cursor.execute(FIND_ACCOUNT, {"key": email_key(email)})
    account = cursor.fetchone()
    if account is None:
        return False
    user_id, address, name = account
    token = secrets.token_urlsafe(32)
    cursor.execute(ADD_RESET, {"user_id": user_id, "token_hash": _digest(token)})
    reset_id = cursor.fetchone()[0]
    connection.commit()
    message = build_message(
        sender=sender,
        to=address,
        subject="Reset your Jatify password",
        text=_reset_text(name, f"{base_url}/reset?token={token}"),
    )
    try:
        mailer.send(message)
    except MailNotSent:
        cursor.execute(DROP_RESET, {"id": reset_id})
        connection.commit()
        raise
    return True


def reset_password(token: str, new_password: str) -> list[uuid.UUID]:
    """Spend a reset token and set the account's new password; InvalidInput (on `token`)
    for a token that is unknown, used or expired. Every session of the account ends:
    the ones ended. Commits."""
    user_id = db.session.execute(
        update(PasswordReset)
        .where(
            PasswordReset.token_hash == _digest(token),
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > func.now(),
        )
        .values(used_at=func.now())
        .returning(PasswordReset.user_id)
    ).scalar()
    if user_id is None:
        db.session.rollback()
        raise InvalidInput(TOKEN_REFUSED, details={"token": ["Unknown, used already or expired."]})
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
        .values(used_at=func.now())
    )
    set_password(db.session.get(User, user_id), new_password)
    ended = sessions.revoke_sessions_of(user_id)
    db.session.commit()
    log.info("password of user %s reset by email; %d sessions ended", user_id, len(ended))
    return ended
