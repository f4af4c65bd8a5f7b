"""SMTP_URL: what each form means, and that no password ever shows in an error or a repr."""

from __future__ import annotations

import io

import pytest

from jatify.config import ConfigError, build_config
from jatify.mail import ConsoleMailer, SmtpMailer, build_message, mailer_from_config
from jatify.mail.settings import Security, parse_smtp_url

SECRET = "hunter2-do-not-print"


@pytest.mark.parametrize(
    ("url", "host", "port", "security", "user", "password"),
    [
        ("smtp://ada:pw@mail.example:587", "mail.example", 587, Security.STARTTLS, "ada", "pw"),
        (
            "smtp://ada%40example.com:p%2Fw@mail.example",
            "mail.example",
            587,
            Security.STARTTLS,
            "ada@example.com",
            "p/w",
        ),
        ("smtps://ada:pw@mail.example", "mail.example", 465, Security.TLS, "ada", "pw"),
        ("smtps://mail.example:2465", "mail.example", 2465, Security.TLS, None, None),
        ("smtp://127.0.0.1:1025", "127.0.0.1", 1025, Security.NONE, None, None),
    ],
)
def test_each_form_of_the_url(url, host, port, security, user, password):
    settings = parse_smtp_url(url)

    assert (settings.host, settings.port, settings.security) == (host, port, security)
    assert (settings.username, settings.password) == (user, password)


@pytest.mark.parametrize(
    "url",
    [
        f"http://ada:{SECRET}@mail.example",
        f"smtp://ada:{SECRET}@",
        f"smtp://ada:{SECRET}@mail.example:99999",
        f"smtp://ada:{SECRET}@mail.example/path",
        f"smtp://:{SECRET}@mail.example",
        "smtp://ada@mail.example",
    ],
)
def test_a_malformed_url_is_refused_without_repeating_it(url):
    with pytest.raises(ValueError) as refused:
        parse_smtp_url(url)

    assert SECRET not in str(refused.value)
    assert "ada" not in str(refused.value)


def test_a_malformed_url_stops_the_process_naming_the_setting():
    environment = {
        "JATIFY_ENV": "testing",
        "DATABASE_URL": "postgresql://x@127.0.0.1:9/x",
        "SMTP_URL": f"smtp://ada:{SECRET}@mail.example:notaport",
    }
    with pytest.raises(ConfigError) as refused:
        build_config(environment)

    assert "SMTP_URL" in str(refused.value)
    assert SECRET not in str(refused.value)


def test_the_password_is_not_in_the_settings_repr():
    settings = parse_smtp_url(f"smtp://ada:{SECRET}@mail.example")

    assert SECRET not in repr(settings)
    assert SECRET not in repr(SmtpMailer(settings))


def test_the_transport_follows_the_settings():
    smtp = mailer_from_config(
        {"SMTP_URL": "smtp://127.0.0.1:25", "JATIFY_ENV": "production", "SMTP_TIMEOUT_SECONDS": 5}
    )
    development = mailer_from_config({"SMTP_URL": None, "JATIFY_ENV": "development"})
    production = mailer_from_config({"SMTP_URL": None, "JATIFY_ENV": "production"})

    assert isinstance(smtp, SmtpMailer) and smtp.timeout_seconds == 5
    assert isinstance(development, ConsoleMailer)
    assert production is None


def test_development_prints_the_message_instead_of_sending_it():
    stream = io.StringIO()
    called = []
    message = build_message(
        sender="jatify@localhost", to="ada@example.com", subject="Hello", text="Body line"
    )

    ConsoleMailer(stream).send(message, lambda: called.append(True))

    printed = stream.getvalue()
    assert called == [True]
    assert "To: ada@example.com" in printed and "Subject: Hello" in printed
    assert "Body line" in printed
