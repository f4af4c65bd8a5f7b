"""The one guarded fetcher of posting pages: schemes, addresses, redirects, size and time.

Every hop (the first request and each redirect) is checked the same way: an http(s) URL
without credentials, a host resolved here whose addresses are all public unicast (no
loopback, private, link-local, multicast or reserved network) unless
CAPTURE_ALLOW_PRIVATE_NETWORKS is on, and a connection to the very address that was
checked. At most 5 redirects, 2 MB of body and CAPTURE_TIMEOUT_SECONDS for everything.
"""

from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import requests
from urllib3.exceptions import HTTPError, ReadTimeoutError

from jatify.analysis.errors import parse_retry_after
from jatify.capture.errors import CaptureFailure
from jatify.capture.pinned import PinnedAdapter
from jatify.capture.urls import DEFAULT_PORTS, check_url
from jatify.vocabulary import CaptureError

MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
TRANSIENT_STATUSES = frozenset({408, 425, 429})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
USER_AGENT = "Mozilla/5.0 (compatible; Jatify/1.0; job posting capture)"
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class FetchSettings:
    """Limits of one fetch (all hops together); parsed once per process from the config."""

    allow_private_networks: bool = False
    timeout_seconds: float = 20.0
    connect_timeout_seconds: float = 5.0
    max_bytes: int = MAX_PAGE_BYTES
    max_redirects: int = MAX_REDIRECTS

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> FetchSettings:
        """Settings from a Flask config built by jatify.config.build_config()."""
        timeout = float(config["CAPTURE_TIMEOUT_SECONDS"])
        return cls(
            allow_private_networks=bool(config["CAPTURE_ALLOW_PRIVATE_NETWORKS"]),
            timeout_seconds=timeout,
            connect_timeout_seconds=min(5.0, timeout),
        )


@dataclass(frozen=True)
class Page:
    """A fetched page: the URL it was finally served from, its status and its text."""

    url: str
    status: int
    html: str


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (IPv4 and IPv6), as strings."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: str) -> bool:
    """Whether an address is globally routable unicast (what a posting lives on)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            ip = embedded
    return ip.is_global and not ip.is_multicast


def pick_address(host: str, port: int, settings: FetchSettings, resolver: Resolver) -> str:
    """The address to connect to; blocked_address when any address of the host is not public."""
    try:
        addresses = resolver(host, port)
    except socket.gaierror as exc:
        if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
            raise CaptureFailure(CaptureError.BAD_URL, f"the host {host} does not exist") from None
        raise CaptureFailure(
            CaptureError.HTTP_ERROR, f"the host {host} could not be resolved", transient=True
        ) from None
    if not addresses:
        raise CaptureFailure(CaptureError.BAD_URL, f"the host {host} has no address")
    if not settings.allow_private_networks:
        blocked = [address for address in addresses if not is_public(address)]
        if blocked:
            raise CaptureFailure(
                CaptureError.BLOCKED_ADDRESS,
                f"{host} resolves to {blocked[0]}, which is not a public address",
            )
    return addresses[0]


def fetch_page(url: str, settings: FetchSettings, resolver: Resolver = resolve) -> Page:
    """GET a posting page within the limits, checking every hop; CaptureFailure otherwise."""
    deadline = time.monotonic() + settings.timeout_seconds
    current = url
    for _hop in range(settings.max_redirects + 1):
        parts = check_url(current)
        port = parts.port or DEFAULT_PORTS[parts.scheme.lower()]
        address = pick_address(parts.hostname or "", port, settings, resolver)
        with _session(address) as session:
            response = _get(session, current, settings, deadline)
            with response:
                location = response.headers.get("Location")
                if response.status_code in REDIRECT_STATUSES and location:
                    current = urljoin(current, location.strip())
                    continue
                _check_status(response)
                body = _read_body(response, settings, deadline)
                html = decode_html(body, response.headers.get("Content-Type", ""))
                return Page(current, response.status_code, html)
    raise CaptureFailure(
        CaptureError.HTTP_ERROR, f"the page redirected more than {settings.max_redirects} times"
    )


def _session(address: str) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: the checked address is used
    adapter = PinnedAdapter(address)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise CaptureFailure(CaptureError.TIMEOUT, "the page took too long", transient=True)
    return left


def _get(
    session: requests.Session, url: str, settings: FetchSettings, deadline: float
) -> requests.Response:
    left = _remaining(deadline)
    try:
        return session.get(
            url,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"},
            timeout=(min(settings.connect_timeout_seconds, left), left),
            allow_redirects=False,
            stream=True,
        )
    except requests.exceptions.Timeout:
        raise CaptureFailure(
            CaptureError.TIMEOUT, "the site did not answer in time", transient=True
        ) from None
    except requests.exceptions.SSLError:
        raise CaptureFailure(
            CaptureError.HTTP_ERROR, "the site's TLS certificate could not be verified"
        ) from None
    except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema):
        raise CaptureFailure(CaptureError.BAD_URL, "the address is not a valid URL") from None
    except requests.exceptions.RequestException as exc:
        raise CaptureFailure(
            CaptureError.HTTP_ERROR,
            f"the connection to the site failed ({type(exc).__name__})",
            transient=True,
        ) from None


def _check_status(response: requests.Response) -> None:
    status = response.status_code
    if 200 <= status < 300:
        mimetype = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if mimetype and mimetype not in HTML_TYPES:
            raise CaptureFailure(
                CaptureError.NOT_A_POSTING, f"the page is {mimetype}, not HTML", http_status=status
            )
        return
    transient = status in TRANSIENT_STATUSES or status >= 500
    raise CaptureFailure(
        CaptureError.HTTP_ERROR,
        f"the site answered HTTP {status}",
        transient=transient,
        retry_after_seconds=parse_retry_after(response.headers.get("Retry-After")),
        http_status=status,
    )


def _read_body(response: requests.Response, settings: FetchSettings, deadline: float) -> bytes:
    """The body, decompressed, refused past max_bytes or the deadline (a slow drip too).

    read1 returns what has arrived instead of waiting for a whole chunk, so the deadline
    is checked between any two packets of a body that trickles in.
    """
    too_large = CaptureFailure(
        CaptureError.TOO_LARGE,
        f"the page is larger than {settings.max_bytes // (1024 * 1024)} MB",
        http_status=response.status_code,
    )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise too_large
    body = bytearray()
    try:
        while chunk := response.raw.read1(CHUNK_BYTES, decode_content=True):
            body += chunk
            if len(body) > settings.max_bytes:
                raise too_large
            _remaining(deadline)
    except ReadTimeoutError:
        raise CaptureFailure(
            CaptureError.TIMEOUT, "the page took too long to arrive", transient=True
        ) from None
    except (HTTPError, OSError):
        raise CaptureFailure(
            CaptureError.HTTP_ERROR, "the connection dropped while reading the page", transient=True
        ) from None
    return bytes(body)


def decode_html(body: bytes, content_type: str) -> str:
    """The page's text: the charset of the header, else of a <meta> tag, else UTF-8."""
    declared = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    candidates = [declared.group(1) if declared else None]
    meta = CHARSET.search(body[:4096])
    candidates.append(meta.group(1).decode("ascii") if meta else None)
    for name in candidates:
        if name:
            try:
                return body.decode(codecs.lookup(name).name, errors="replace")
            except LookupError:
                continue
    return body.decode("utf-8", errors="replace")
