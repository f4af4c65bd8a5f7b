"""Posting addresses: which ones may be fetched, and the canonical form that identifies one.

Two links to the same posting (one from a newsletter with `utm_*` parameters, one from a
job board with `gh_src`, one with `#apply`) have the same canonical URL, so capturing
any of them finds the listing the first made.
"""

from __future__ import annotations

from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from jatify.capture.errors import CaptureFailure
from jatify.vocabulary import CaptureError

SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that say where a visitor came from, never which posting it is.
TRACKING_PARAMETERS = frozenset(
    {
        "gh_src",
        "lever-source",
        "lever-source[]",
        "lever-origin",
        "lever-via",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "li_fat_id",
        "trk",
        "trackingid",
        "refid",
    }
)
TRACKING_PREFIXES = ("utm_",)


def check_url(url: str) -> SplitResult:
    """The parts of a URL that may be fetched; bad_url for another scheme or credentials."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise CaptureFailure(CaptureError.BAD_URL, "the address is not a valid URL") from None
    if parts.scheme.lower() not in SCHEMES:
        raise CaptureFailure(CaptureError.BAD_URL, "only http and https addresses are fetched")
    if not parts.hostname:
        raise CaptureFailure(CaptureError.BAD_URL, "the address has no host name")
    if parts.username is not None or parts.password is not None:
        raise CaptureFailure(CaptureError.BAD_URL, "addresses with credentials are not fetched")
    if port == 0:
        raise CaptureFailure(CaptureError.BAD_URL, "the address has no usable port")
    return parts


def is_tracking(name: str) -> bool:
    """Whether a query parameter only tracks where the visitor came from."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """`url` without fragment, tracking parameters, default port or trailing slash."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking(name)
    )
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))
