"""`account.reset_mail`: mail a password reset link, when the email has an account.

Queued by `POST /api/auth/forgot` for every email asked about (services/password_resets.py
says why). A mail server that fails before taking the message is retried with the
queue's backoff; a permanent refusal dead-letters the job.
"""

from __future__ import annotations

import marshmallow as ma

from jatify.fields import MAX_EMAIL
from jatify.mail import MailError, MailNotSent, mailer_from_config
from jatify.queue import JobContext, PermanentError, TransientError, job_kind
from jatify.services import password_resets
from jatify.vocabulary import JobKindName


class ResetMailPayload(ma.Schema):
    """The email someone asked a reset link for."""

    email = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=MAX_EMAIL))


@job_kind(JobKindName.RESET_MAIL, payload=ResetMailPayload, max_attempts=3, timeout_seconds=60)
def send_reset_mail(ctx: JobContext, payload: dict[str, str]) -> None:
    """Mail a reset link to the account with this email, if there is one."""
    mailer = mailer_from_config(ctx.config)
    base_url = password_resets.public_url(ctx.config)
    if mailer is None or base_url is None:
        raise PermanentError(password_resets.NOT_CONFIGURED)
    try:
        password_resets.send_reset_mail(
            ctx.connection, mailer, ctx.config["MAIL_FROM"], base_url, payload["email"]
        )
    except MailNotSent as exc:
        if exc.permanent:
            raise PermanentError(exc.message) from None
        raise TransientError(exc.message) from None
    except MailError as exc:
        # The server may have the message: a second link does less harm than none.
        raise TransientError(exc.message) from None
