"""The guarded fetcher against the career site: redirects, size, time, statuses, and the
address checks on every hop (with CAPTURE_ALLOW_PRIVATE_NETWORKS off, nothing private is
ever dialled)."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import time
from urllib.parse import quote

import pytest

from jatify.capture import CaptureFailure, FetchSettings, fetch_page
from jatify.capture.fetch import decode_html, is_public
from jatify.vocabulary import CaptureError
from tests.capture.conftest import PUBLIC_ADDRESS

CLOSED = FetchSettings(allow_private_networks=False, timeout_seconds=3, connect_timeout_seconds=1)


def failure(call, *args, **kwargs) -> CaptureFailure:
    """The CaptureFailure `call` raises."""
    with pytest.raises(CaptureFailure) as raised:
        call(*args, **kwargs)
    return raised.value


def public_resolver(host: str, _port: int) -> list[str]:
    """DNS as the internet would answer: careers.example.com is a public address."""
    if host == "careers.example.com":
        return [PUBLIC_ADDRESS]
    with contextlib.suppress(ValueError):
        return [str(ipaddress.ip_address(host))]
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


def test_a_page_is_fetched_with_its_final_url_and_text(site, open_fetch):
    page = fetch_page(site.url("/greenhouse"), open_fetch)

    assert (page.url, page.status) == (site.url("/greenhouse"), 200)
    assert "Northwind Analytics" in page.html
    assert site.requests[0][1] == f"127.0.0.1:{site.port}"


def test_five_redirects_are_followed_and_a_sixth_is_refused(site, open_fetch):
    page = fetch_page(site.url("/redirect/5/lever"), open_fetch)
    assert page.url == site.url("/lever")
    assert len(site.requests) == 6

    refused = failure(fetch_page, site.url("/redirect/6/lever"), open_fetch)
    assert refused.code == CaptureError.HTTP_ERROR
    assert "more than 5" in refused.message
    assert not refused.transient


def test_an_endless_body_is_cut_at_two_megabytes(site, open_fetch):
    started = time.monotonic()
    refused = failure(fetch_page, site.url("/huge"), open_fetch)

    assert refused.code == CaptureError.TOO_LARGE
    assert time.monotonic() - started < 3
    # The fetcher hung up right after its 2 MB (the rest sat in socket buffers at most).
    assert site.bytes_sent < 12 * 1024 * 1024


def test_a_declared_length_over_the_limit_is_refused_before_reading(site, open_fetch):
    assert (
        failure(fetch_page, site.url("/huge-declared"), open_fetch).code == CaptureError.TOO_LARGE
    )


def test_a_slow_body_times_out_on_the_whole_fetchs_deadline(site):
    settings = FetchSettings(allow_private_networks=True, timeout_seconds=1.5)
    started = time.monotonic()
    refused = failure(fetch_page, site.url("/slow"), settings)

    assert refused.code == CaptureError.TIMEOUT
    assert refused.transient
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("status", [404, 410, 403])
def test_client_errors_are_a_permanent_http_error_with_the_status(site, open_fetch, status):
    refused = failure(fetch_page, site.url(f"/status/{status}"), open_fetch)

    assert (refused.code, refused.http_status, refused.transient) == (
        CaptureError.HTTP_ERROR,
        status,
        False,
    )


def test_server_errors_and_rate_limits_are_transient(site, open_fetch):
    site.serve("/busy", "slow down", status=429, headers={"Retry-After": "30"})

    busy = failure(fetch_page, site.url("/busy"), open_fetch)
    broken = failure(fetch_page, site.url("/status/503"), open_fetch)

    assert (busy.transient, busy.retry_after_seconds, busy.http_status) == (True, 30.0, 429)
    assert (broken.transient, broken.code) == (True, CaptureError.HTTP_ERROR)


def test_a_page_that_is_not_html_is_not_a_posting(site, open_fetch):
    assert failure(fetch_page, site.url("/json"), open_fetch).code == CaptureError.NOT_A_POSTING


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/job.html",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://user:secret@127.0.0.1/job",
        "http:///no-host",
        "http://127.0.0.1:99999/job",
    ],
)
def test_unfetchable_addresses_are_a_bad_url(open_fetch, url):
    assert failure(fetch_page, url, open_fetch).code == CaptureError.BAD_URL


def test_an_unknown_host_is_a_bad_url(open_fetch):
    refused = failure(fetch_page, "http://nowhere.example.com/", open_fetch, public_resolver)
    assert refused.code == CaptureError.BAD_URL


def test_with_private_networks_refused_loopback_is_never_dialled(site, public_hosts):
    spellings = (
        "127.0.0.1",
        "localhost",
        "2130706433",
        "0x7f000001",
        "127.1",
        "[::ffff:127.0.0.1]",
    )
    for url in (f"http://{host}:{site.port}/greenhouse" for host in spellings):
        refused = failure(fetch_page, url, CLOSED)
        assert refused.code == CaptureError.BLOCKED_ADDRESS, url

    assert site.requests == []
    assert public_hosts.dialled == []


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/greenhouse",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/greenhouse",
        "http://10.0.0.7/admin",
    ],
)
def test_a_redirect_from_a_public_site_to_a_private_address_is_refused(site, public_hosts, target):
    # careers.example.com is public (its DNS and its route stand in for the internet);
    # it redirects to a private address, which must be checked and refused before any dial.
    public_hosts.route(PUBLIC_ADDRESS, site)
    location = quote(target.format(port=site.port), safe="")
    url = f"http://careers.example.com:{site.port}/to?url={location}"

    refused = failure(fetch_page, url, CLOSED, public_resolver)

    assert refused.code == CaptureError.BLOCKED_ADDRESS
    assert [path for path, *_ in site.requests] == [f"/to?url={location}"]
    assert public_hosts.dialled == [PUBLIC_ADDRESS]


def test_the_connection_goes_to_the_address_that_was_checked(site, public_hosts):
    # A rebinding DNS answers a public address to the check and loopback afterwards; the
    # fetcher resolves once per hop and connects to what it checked, with the real Host.
    answers = iter([[PUBLIC_ADDRESS], ["127.0.0.1"]])
    public_hosts.route(PUBLIC_ADDRESS, site)

    page = fetch_page(
        f"http://careers.example.com:{site.port}/lever", CLOSED, lambda *_: next(answers)
    )

    assert "Globex" in page.html
    assert public_hosts.dialled == [PUBLIC_ADDRESS]
    assert site.requests[0][1] == f"careers.example.com:{site.port}"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("127.8.9.10", False),
        ("10.1.2.3", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("224.0.0.251", False),
        ("239.255.255.250", False),
        ("255.255.255.255", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::1", False),
    ],
)
def test_only_globally_routable_unicast_addresses_are_public(address, public):
    assert is_public(address) is public


def test_the_charset_comes_from_the_header_then_the_meta_tag():
    latin = "Café Müller".encode("latin-1")
    assert decode_html(latin, "text/html; charset=ISO-8859-1") == "Café Müller"
    meta = b'<meta charset="windows-1252"><p>' + "Zürich".encode("cp1252")
    assert "Zürich" in decode_html(meta, "text/html")
    assert decode_html("naïve".encode(), "text/html; charset=bogus") == "naïve"
