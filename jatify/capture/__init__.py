"""Job posting capture: fetching a page safely and reading a posting out of it, or out of
pasted text. Pure Python, no Flask, no database.

`fetch_page` is the one guarded fetcher (addresses, redirects, size, time); `parse_page`
reads a posting from HTML; `posting_from_text` from pasted text, with the model endpoint
when one is configured. Each raises a CaptureFailure whose code says why it failed.
"""

from jatify.capture.errors import CaptureFailure
from jatify.capture.fetch import MAX_PAGE_BYTES, FetchSettings, Page, fetch_page
from jatify.capture.model import PostingModel, posting_from_text, posting_model_from_config
from jatify.capture.parse import parse_page
from jatify.capture.posting import Posting
from jatify.capture.text import snapshot_text, text_sha256
from jatify.capture.urls import canonical_url

__all__ = [
    "MAX_PAGE_BYTES",
    "CaptureFailure",
    "FetchSettings",
    "Page",
    "Posting",
    "PostingModel",
    "canonical_url",
    "fetch_page",
    "parse_page",
    "posting_from_text",
    "posting_model_from_config",
    "snapshot_text",
    "text_sha256",
]
