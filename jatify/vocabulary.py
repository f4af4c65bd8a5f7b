"""Jatify's one vocabulary: every state, kind and code the layers share, as enums.

Models, validators, SQL parameters and serialisers use these types; migration 0002 builds
the database's CHECK constraints from them, so PostgreSQL refuses a state the code does
not know. Adding a state, a job kind or an error code starts here.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum, StrEnum


class StatusId(IntEnum):
    """The seeded statuses of the pipeline (migration 0001); ids never change."""

    APPLIED = 1
    HR_INTERVIEW = 2
    USER_INTERVIEW = 3
    GHOSTED = 4
    OFFER = 5
    REJECTED = 6
    OFFER_ACCEPTED = 7
    OFFER_TURNED_DOWN = 8
    WISHLIST = 9
    WITHDRAWN = 10


# Statuses the employer caused: an application that reaches one has had a response.
RESPONSE_STATUSES = (
    StatusId.HR_INTERVIEW,
    StatusId.USER_INTERVIEW,
    StatusId.OFFER,
    StatusId.REJECTED,
    StatusId.OFFER_ACCEPTED,
    StatusId.OFFER_TURNED_DOWN,
)
OFFER_STATUSES = (StatusId.OFFER, StatusId.OFFER_ACCEPTED, StatusId.OFFER_TURNED_DOWN)


class AnalysisState(StrEnum):
    """Where an analysis is: waiting, running, finished with a result, or failed."""

    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


ANALYSIS_IN_FLIGHT = (AnalysisState.PENDING, AnalysisState.PROCESSING)


class TextState(StrEnum):
    """Where a resume's text extraction is."""

    PENDING = "pending"
    READY = "ready"
    FAILED = "failed"


class TextError(StrEnum):
    """Why a resume has no text (resumes.text_error)."""

    NO_TEXT = "no_text"
    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    TOO_MANY_PAGES = "too_many_pages"
    TIMEOUT = "timeout"


class JobState(StrEnum):
    """Where a queue job is (queue_jobs.status)."""

    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


JOB_IN_FLIGHT = (JobState.PENDING, JobState.PROCESSING)


class JobKindName(StrEnum):
    """The job kinds of the product; each has its handler module in jatify/tasks/."""

    RESUME_EXTRACT = "resume.extract"
    ANALYSIS_RUN = "analysis.run"
    APPLICATIONS_IMPORT = "applications.import"
    DIGEST_SCAN = "digest.scan"
    DIGEST_SEND = "digest.send"
    QUEUE_PRUNE = "queue.prune"
    DLQ_PURGE = "dlq.purge"
    JOB_CAPTURE = "job.capture"
    POSTING_WATCH = "posting.watch"
    POSTING_CHECK = "posting.check"
    RESET_MAIL = "account.reset_mail"


class CaptureState(StrEnum):
    """Where a capture of a job posting is (captures.status)."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class CaptureError(StrEnum):
    """Why a capture failed (captures.error)."""

    BLOCKED_ADDRESS = "blocked_address"
    HTTP_ERROR = "http_error"
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    NOT_A_POSTING = "not_a_posting"
    BAD_URL = "bad_url"


class CaptureMethod(StrEnum):
    """Where a capture's fields came from, in order of trust (captures.method)."""

    JSON_LD = "json-ld"
    MICRODATA = "microdata"
    OPENGRAPH = "opengraph"
    READABLE_TEXT = "readable-text"
    TEXT = "text"


# Methods that read a schema.org JobPosting: when it leaves the page, the posting closed.
STRUCTURED_METHODS = (CaptureMethod.JSON_LD, CaptureMethod.MICRODATA)


class CaptureSource(StrEnum):
    """What a capture was given (captures.source): a link, a page's HTML or pasted text."""

    URL = "url"
    HTML = "html"
    TEXT = "text"


class PostingStatus(StrEnum):
    """Whether a job listing's posting is still up (job_listings.posting_status)."""

    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


class InterviewKind(StrEnum):
    """What kind of interview it is (interviews.kind)."""

    PHONE = "phone"
    VIDEO = "video"
    ONSITE = "onsite"
    TECHNICAL = "technical"
    TAKE_HOME = "take_home"
    OTHER = "other"


class InterviewOutcome(StrEnum):
    """How an interview went (interviews.outcome); cancelled ones leave the calendar."""

    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class FollowUpBasis(StrEnum):
    """Where an application's expected wait comes from (its `follow_up.basis`)."""

    COMPANY = "company"
    HISTORY = "history"
    DEFAULT = "default"


class DigestState(StrEnum):
    """Where one account's digest of one day is (digest_deliveries.state).

    `sending` is committed just before the message goes to the SMTP server; a later
    attempt that finds it cannot know whether the server took the message, so it records
    `unknown` instead of sending again (at most one email, see services/digests.py).
    """

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    EMPTY = "empty"
    UNKNOWN = "unknown"
    FAILED = "failed"


class ContactRole(StrEnum):
    """What a contact is to an application (application_contacts.role)."""

    RECRUITER = "recruiter"
    HIRING_MANAGER = "hiring_manager"
    INTERVIEWER = "interviewer"
    REFERRER = "referrer"
    OTHER = "other"


class QuotaName(StrEnum):
    """The per-account quotas (a `quota_exceeded` answer's `details.quota`)."""

    ANALYSES_PER_DAY = "analyses_per_day"
    STORAGE_BYTES = "storage_bytes"
    CAPTURES_PER_DAY = "captures_per_day"


class ImportState(StrEnum):
    """Where a CSV import is (imports.status)."""

    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


IMPORT_IN_FLIGHT = (ImportState.PENDING, ImportState.PROCESSING)


class RegistrationMode(StrEnum):
    """Who may create an account (the REGISTRATION setting)."""

    OPEN = "open"
    INVITE = "invite"  # with a code from `flask users invite EMAIL`
    CLOSED = "closed"  # operators only (`flask users create`)


class ErrorCode(StrEnum):
    """The stable `error.code` values of the API's envelope (API.md)."""

    BAD_REQUEST = "bad_request"
    UNAUTHORIZED = "unauthorized"
    TOKEN_EXPIRED = "token_expired"  # noqa: S105 - an error code, not a secret
    TOKEN_REVOKED = "token_revoked"  # noqa: S105 - an error code, not a secret
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    CONFLICT = "conflict"
    EMAIL_TAKEN = "email_taken"
    FILE_TOO_LARGE = "file_too_large"
    URI_TOO_LONG = "uri_too_long"  # answered by gunicorn (gunicorn.conf.py)
    HEADERS_TOO_LARGE = "headers_too_large"  # answered by gunicorn (gunicorn.conf.py)
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    VALIDATION_ERROR = "validation_error"
    RATE_LIMITED = "rate_limited"
    ACCOUNT_LOCKED = "account_locked"
    QUOTA_EXCEEDED = "quota_exceeded"
    INTERNAL_ERROR = "internal_error"
    UNAVAILABLE = "unavailable"


def sql_list(states: Iterable[StrEnum]) -> str:
    """`('a', 'b')`: states as an SQL list, for CHECK constraints and partial indexes."""
    return "(" + ", ".join(f"'{state.value}'" for state in states) + ")"
