"""The SMTP transport against real servers on 127.0.0.1: plain, STARTTLS with a login, and
each kind of failure sorted by whether the server may have the message."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from jatify.mail import MailNotSent, MailOutcomeUnknown, SmtpMailer, build_message
from jatify.mail.settings import parse_smtp_url
from tests.fakes.smtp_server import Certificate, Inbox, free_port, hang_up_after_data
from tests.mail.conftest import PASSWORD, USER

CREDENTIALS = f"{USER}:{quote(PASSWORD, safe='')}"


def message(text: str = "Three things today.\n.leading dot stays\n"):
    return build_message(
        sender="Jatify <jatify@example.com>",
        to="Ada <ada@example.com>",
        subject="Your day",
        text=text,
        message_id="<digest.1.2031-01-01@example.com>",
    )


def mailer(url: str, **options) -> SmtpMailer:
    return SmtpMailer(parse_smtp_url(url), timeout_seconds=5, **options)


def test_a_plain_local_server_gets_the_message(plain_server: tuple[Inbox, int]):
    inbox, port = plain_server
    handed_over = []

    mailer(f"smtp://127.0.0.1:{port}").send(message(), lambda: handed_over.append(True))

    [received] = inbox.wait_for(1)
    assert handed_over == [True]
    assert received["Subject"] == "Your day"
    assert received["Message-ID"] == "<digest.1.2031-01-01@example.com>"
    assert received["To"] == "Ada <ada@example.com>"
    text = received.get_content().replace("\r\n", "\n")
    assert text == "Three things today.\n.leading dot stays\n"


def test_starttls_and_a_login(secure_server: tuple[Inbox, int], certificate: Certificate):
    inbox, port = secure_server
    url = f"smtp://{CREDENTIALS}@127.0.0.1:{port}"

    mailer(url, ssl_context=certificate.client_context()).send(message())

    assert len(inbox.wait_for(1)) == 1


def test_a_wrong_password_is_permanent_and_never_shown(
    secure_server: tuple[Inbox, int], certificate: Certificate
):
    _inbox, port = secure_server
    wrong = "not-the-password-zz9"

    with pytest.raises(MailNotSent) as refused:
        mailer(
            f"smtp://{USER}:{wrong}@127.0.0.1:{port}", ssl_context=certificate.client_context()
        ).send(message())

    assert refused.value.permanent
    assert wrong not in refused.value.message and PASSWORD not in refused.value.message


def test_an_untrusted_certificate_is_refused(secure_server: tuple[Inbox, int]):
    _inbox, port = secure_server

    with pytest.raises(MailNotSent) as refused:
        mailer(f"smtp://{CREDENTIALS}@127.0.0.1:{port}").send(message())

    assert refused.value.permanent
    assert "certificate" in refused.value.message


def test_credentials_never_go_to_a_server_without_starttls(plain_server: tuple[Inbox, int]):
    inbox, port = plain_server

    with pytest.raises(MailNotSent) as refused:
        mailer(f"smtp://{CREDENTIALS}@127.0.0.1:{port}").send(message())

    assert refused.value.permanent and "STARTTLS" in refused.value.message
    assert inbox.messages == []


@pytest.mark.parametrize(
    ("reply", "permanent"), [("451 4.3.0 Busy", False), ("554 5.7.1 No", True)]
)
def test_a_refused_message_is_not_sent(
    plain_server: tuple[Inbox, int], reply: str, permanent: bool
):
    inbox, port = plain_server
    inbox.refuse_next(1, reply)

    with pytest.raises(MailNotSent) as refused:
        mailer(f"smtp://127.0.0.1:{port}").send(message())

    assert refused.value.permanent is permanent
    assert reply.split()[0] in refused.value.message
    assert inbox.messages == []


def test_no_server_is_a_transient_failure():
    with pytest.raises(MailNotSent) as refused:
        mailer(f"smtp://127.0.0.1:{free_port()}").send(message())

    assert not refused.value.permanent


def test_a_hang_up_after_the_message_leaves_the_outcome_unknown():
    handed_over = []
    with hang_up_after_data() as port, pytest.raises(MailOutcomeUnknown):
        mailer(f"smtp://127.0.0.1:{port}").send(message(), lambda: handed_over.append(True))

    assert handed_over == [True]
