"""Reading a job posting out of a page, in order of trust: schema.org JobPosting in JSON-LD,
then in microdata (extruct), then OpenGraph and meta tags, then the page's readable main
text (trafilatura). The first source that names the posting gives its fields.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import extruct
import lxml.html
import trafilatura
from extruct.jsonld import JsonLdExtractor
from lxml.etree import ParserError

from jatify.capture.errors import CaptureFailure
from jatify.capture.jobposting import (
    employment_type,
    find_job_posting,
    location_text,
    organization_name,
    parse_date,
    salary_text,
    text_of,
)
from jatify.capture.posting import Posting
from jatify.capture.text import TITLE_SEPARATORS, clip, html_to_text, normalise
from jatify.capture.urls import SCHEMES, canonical_url
from jatify.fields import MAX_DESCRIPTION, MAX_NAME, MAX_URL
from jatify.vocabulary import CaptureError, CaptureMethod

log = logging.getLogger(__name__)

# Less readable text than this is a page about something else (an error, a login wall).
MIN_TEXT_CHARS = 200
SITE_SUFFIX = re.compile(r"\s*[-\u2013|]?\s*\b(careers?|jobs|job board|hiring)\s*$", re.IGNORECASE)
HOST_PREFIXES = frozenset({"www", "jobs", "careers", "career", "boards", "apply", "job"})
JSON_LD = JsonLdExtractor()


def parse_page(page_html: str, url: str | None) -> Posting:
    """The posting a page shows; not_a_posting when the page names none."""
    tree = _tree(page_html)
    canonical = _canonical_link(tree, url)
    page_url = canonical or url
    meta = _meta(tree, url)
    data = find_job_posting(_json_ld(tree))
    method = CaptureMethod.JSON_LD
    if data is None:
        data = find_job_posting(meta.get("microdata", []))
        method = CaptureMethod.MICRODATA
    if data is not None and text_of(data.get("title")):
        return _from_job_posting(data, method, meta, tree, page_url)
    og = meta.get("opengraph", {})
    readable = _readable_text(tree, url)
    if og.get("og:title"):
        position, company = _title_parts(og["og:title"], og.get("og:site_name"), page_url)
        longest = max((readable or "", normalise(og.get("og:description") or "")), key=len)
        return _posting(CaptureMethod.OPENGRAPH, company, position, longest, page_url)
    heading, title = text_of(tree.xpath("string(//h1)")), _page_title(tree)
    if readable and len(readable) >= MIN_TEXT_CHARS and (heading or title):
        position, company = _title_parts(title or heading or "", None, page_url)
        position = heading or position
        return _posting(CaptureMethod.READABLE_TEXT, company, position, readable, page_url)
    raise CaptureFailure(CaptureError.NOT_A_POSTING, "the page does not show a job posting")


def _tree(page_html: str) -> lxml.html.HtmlElement:
    try:
        return lxml.html.document_fromstring(
            page_html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (ParserError, ValueError):
        raise CaptureFailure(CaptureError.NOT_A_POSTING, "the page is empty") from None


def _canonical_link(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    """The page's rel=canonical address, absolute, when it is an http(s) URL."""
    for link in tree.xpath("//link[@rel and @href]"):
        if "canonical" in link.get("rel", "").lower().split():
            href = _absolute(urljoin(url or "", link.get("href", "").strip()))
            if href:
                return href
    return None


def _absolute(url: str | None) -> str | None:
    """`url` when it is an absolute http(s) address."""
    if url and urlsplit(url).scheme in SCHEMES and urlsplit(url).hostname:
        return url
    return None


def _json_ld(tree: lxml.html.HtmlElement) -> list[Any]:
    """Every JSON-LD item of the page; a script that is not JSON is skipped, not fatal."""
    items: list[Any] = []
    for script in tree.xpath("//script[@type]"):
        if script.get("type", "").strip().lower() != "application/ld+json":
            continue
        try:
            items.extend(JSON_LD.extract_items(script))
        except (ValueError, TypeError, RecursionError):
            log.debug("skipping a JSON-LD script that is not JSON")
    return items


def _meta(tree: lxml.html.HtmlElement, url: str | None) -> dict[str, Any]:
    """Microdata items (in JSON-LD's shape) and the OpenGraph/meta properties."""
    found = extruct.extract(
        tree, base_url=url, syntaxes=["microdata", "opengraph"], uniform=True, errors="ignore"
    )
    og = next(iter(found.get("opengraph") or []), {})
    description = tree.xpath("string(//meta[@name='description']/@content)")
    if description and not og.get("og:description"):
        og = {**og, "og:description": description}
    return {"microdata": found.get("microdata") or [], "opengraph": og}


def _readable_text(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    """The page's main text without navigation, footers and boilerplate."""
    text = trafilatura.extract(tree, url=url, include_comments=False, include_tables=True)
    return normalise(text) if text else None


def _page_title(tree: lxml.html.HtmlElement) -> str | None:
    return text_of(tree.xpath("string(//title)"))


def _host_company(url: str | None) -> str | None:
    """A company name guessed from the host: careers.initech.com -> Initech."""
    host = (urlsplit(url).hostname or "") if url else ""
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    labels = [label for label in host.split(".") if label and label not in HOST_PREFIXES]
    if not labels:
        return None
    return (labels[-2] if len(labels) > 1 else labels[0]).capitalize()


def _title_parts(title: str, site: str | None, url: str | None) -> tuple[str, str]:
    """(position, company) from "Position at Company", the site's name or the host."""
    parts = TITLE_SEPARATORS.split(title.strip(), maxsplit=1)
    position = parts[0].strip() or title
    company = parts[1].strip() if len(parts) == 2 else None
    if not company and site:
        company = SITE_SUFFIX.sub("", site).strip() or site
    return position, company or _host_company(url) or "Unknown company"


def _from_job_posting(
    data: dict[str, Any],
    method: CaptureMethod,
    meta: dict[str, Any],
    tree: lxml.html.HtmlElement,
    page_url: str | None,
) -> Posting:
    og = meta.get("opengraph", {})
    raw = data.get("description")
    description = html_to_text(raw) if isinstance(raw, str) and raw.strip() else ""
    if not description:
        description = _readable_text(tree, page_url) or normalise(og.get("og:description") or "")
    site = og.get("og:site_name")
    company = organization_name(data) or (SITE_SUFFIX.sub("", site).strip() if site else None)
    return _posting(
        method,
        company or _host_company(page_url) or "Unknown company",
        text_of(data.get("title")) or "Untitled position",
        description,
        page_url or _absolute(text_of(data.get("url"))),
        location=location_text(data),
        salary=salary_text(data.get("baseSalary")) or salary_text(data.get("estimatedSalary")),
        posted_at=parse_date(data.get("datePosted")),
        valid_through=parse_date(data.get("validThrough")),
        employment_type=employment_type(data.get("employmentType")),
    )


def _posting(
    method: CaptureMethod,
    company: str,
    position: str,
    description: str,
    page_url: str | None,
    **fields: Any,
) -> Posting:
    """A Posting with every field within the listing's limits."""
    url = page_url if page_url and len(page_url) <= MAX_URL else None
    canonical = canonical_url(url) if url else None
    return Posting(
        company=clip(company, MAX_NAME) or "Unknown company",
        position=clip(position, MAX_NAME) or "Untitled position",
        description=clip(description, MAX_DESCRIPTION) or clip(position, MAX_NAME) or "",
        method=method,
        url=canonical,
        canonical_url=canonical if canonical and len(canonical) <= MAX_URL else None,
        **{
            name: clip(value, MAX_NAME) if isinstance(value, str) else value
            for name, value in fields.items()
        },
    )
