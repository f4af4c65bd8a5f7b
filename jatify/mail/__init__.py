"""Outgoing email: SMTP_URL's settings, the SMTP transport (smtplib), and a console
transport for development. A pure package: no Flask, no database.

Mail is sent from queue jobs only, never from a web request. `mailer_from_config` picks
the transport; it answers None when mail is not configured (production without
SMTP_URL), and the caller logs that instead of sending.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jatify.mail.console import ConsoleMailer
from jatify.mail.errors import MailError, MailNotSent, MailOutcomeUnknown
from jatify.mail.message import build_message
from jatify.mail.settings import MailSettings, parse_smtp_url
from jatify.mail.smtp import Mailer, SmtpMailer

__all__ = [
    "ConsoleMailer",
    "MailError",
    "MailNotSent",
    "MailOutcomeUnknown",
    "MailSettings",
    "Mailer",
    "SmtpMailer",
    "build_message",
    "mailer_from_config",
    "parse_smtp_url",
]


def mailer_from_config(config: Mapping[str, Any]) -> Mailer | None:
    """SMTP when SMTP_URL is set; the console in development; None (not configured) else."""
    url = config.get("SMTP_URL")
    if url:
        return SmtpMailer(parse_smtp_url(url), timeout_seconds=config["SMTP_TIMEOUT_SECONDS"])
    if config.get("JATIFY_ENV") == "development":
        return ConsoleMailer()
    return None
