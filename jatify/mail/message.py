"""Building a message: plain text with an optional HTML alternative and a fixed Message-ID."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate


def build_message(
    *,
    sender: str,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """A ready-to-send message; a given `message_id` (`<...@...>`) makes resends recognisable."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message
