"""What sending a message can end in, besides success. Messages never carry a password."""

from __future__ import annotations


class MailError(Exception):
    """Sending failed; `message` says why in words an operator understands."""

    def __init__(self, message: str = "the message could not be sent") -> None:
        super().__init__(message)
        self.message = message


class MailNotSent(MailError):
    """The server certainly does not have the message: try again later, or never if
    `permanent` (a 5xx reply, a refused login, a server without the TLS it must offer)."""

    def __init__(self, message: str = "the message was not sent", permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class MailOutcomeUnknown(MailError):
    """The connection broke after the message was handed over: the server may have it."""

    def __init__(self, message: str = "the mail server's answer to the message was lost") -> None:
        super().__init__(message)
