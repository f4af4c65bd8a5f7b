"""The development transport: every message is printed to the console instead of sent."""

from __future__ import annotations

import sys
from collections.abc import Callable
from email.message import EmailMessage
from typing import TextIO


class ConsoleMailer:
    """Prints each message (headers and text) to `stream`, standard output by default."""

    description = "the console (development: SMTP_URL is not set)"

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def send(self, message: EmailMessage, before_data: Callable[[], None] | None = None) -> None:
        """Print the message; `before_data` runs first, as with SMTP."""
        if before_data is not None:
            before_data()
        stream = self.stream or sys.stdout
        body = message.get_body(preferencelist=("plain",))
        lines = [f"{name}: {value}" for name, value in message.items() if name != "Content-Type"]
        text = body.get_content() if body is not None else ""
        stream.write("----- email (not sent: development) -----\n")
        stream.write("\n".join(lines) + "\n\n" + text.rstrip("\n") + "\n")
        stream.write("----- end of email -----\n")
        stream.flush()
