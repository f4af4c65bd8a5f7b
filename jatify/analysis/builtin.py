"""The offline analyzer: keyword coverage of the listing plus concrete advice, no network."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from jatify.analysis.base import AnalysisResult, JobPosting
from jatify.analysis.experience import DATE_RANGE, resume_years
from jatify.analysis.resume import quantified_results, read_lines
from jatify.analysis.schema import validate_result
from jatify.analysis.terms import Term, job_terms, required_years
from jatify.analysis.vocabulary import SKILLS, term_pattern
from jatify.documents.normalise import normalise_text

SHORT_RESUME_WORDS = 150
MAX_TEXT_CHARS = 50_000  # far past any real resume; bounds the time of one analysis
YEARS_ADJUSTMENT = 5
SOFT_SKILL_NAMES = frozenset(skill.name for skill in SKILLS if skill.soft)
LANGUAGE_NAMES = frozenset(skill.name for skill in SKILLS if skill.kind == "language")

_SENIORITY = re.compile(
    r"(?i)\b(senior|sr\.?|junior|jr\.?|lead|principal|staff|mid-level|entry-level|i{1,3})(?!\w)"
)


@dataclass(frozen=True)
class _Findings:
    """What the analyzer found before it is worded."""

    terms: list[Term]
    matched: list[Term]
    missing: list[Term]
    metric_lines: list[str]
    words: int
    title: str
    title_used: bool
    years_needed: int | None
    years_shown: int | None


def _join(names: list[str], limit: int = 6) -> str:
    """'A, B and C', or 'A, B, C and 4 more' past `limit`."""
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _names(terms: list[Term]) -> list[str]:
    return [term.name for term in terms]


def _core_title(position: str) -> str:
    """The job title without seniority words or trailing notes: 'Backend Engineer'."""
    title = re.split(r"\s[-\u2013|/]\s|[(,]", position)[0]
    core = " ".join(_SENIORITY.sub(" ", title).split())
    return core or " ".join(title.split())


def _find(resume_text: str, job: JobPosting, today: date | None) -> _Findings:
    # Pasted text keeps ligatures and odd spaces as much as extracted text did.
    resume_text = normalise_text(resume_text[:MAX_TEXT_CHARS])
    job = replace(
        job,
        position=normalise_text(job.position),
        description=normalise_text(job.description[:MAX_TEXT_CHARS]),
    )
    terms = job_terms(job)
    matched = [term for term in terms if term.pattern.search(resume_text)]
    lines = list(read_lines(resume_text, DATE_RANGE))
    title = _core_title(job.position)
    return _Findings(
        terms=terms,
        matched=matched,
        missing=[term for term in terms if term not in matched],
        metric_lines=quantified_results(lines),
        words=len(resume_text.split()),
        title=title,
        title_used=bool(title) and bool(term_pattern(title).search(resume_text)),
        years_needed=required_years(job.description),
        years_shown=resume_years(resume_text, today),
    )


def _score(found: _Findings) -> int:
    total = sum(term.weight for term in found.terms)
    if not total or not found.words:
        return 0
    score = round(100 * sum(term.weight for term in found.matched) / total)
    if found.years_needed and found.years_shown:
        met = found.years_shown >= found.years_needed
        score += YEARS_ADJUSTMENT if met else -YEARS_ADJUSTMENT
    return max(0, min(100, score))


def _role(job: JobPosting) -> str:
    position, company = job.position.strip(), job.company.strip()
    if position and company:
        return f"the {position} role at {company}"
    if position or company:
        return f"the {position} role" if position else f"the role at {company}"
    return "this job"


def _summary(score: int, found: _Findings, job: JobPosting) -> str:
    head = f"{score}/100 match for {_role(job)}"
    if not found.words:
        return f"{head}: the resume has no readable text, so nothing could be matched."
    if not found.terms:
        return (
            f"{head}: the job description names no skills the analyzer recognises, so the "
            "score says little; paste the full description into the job listing."
        )
    text = f"{head}: the resume covers {len(found.matched)} of {len(found.terms)} key terms."
    required = [term for term in found.terms if term.required]
    missing_required = [term for term in found.missing if term.required]
    if missing_required:
        text += f" Missing must-haves: {_join(_names(missing_required), 4)}."
    elif required:
        text += " Every must-have skill in the listing is covered."
    return text


def _strengths(found: _Findings) -> list[str]:
    items = []
    if found.matched:
        items.append(
            f"Covers {len(found.matched)} of the {len(found.terms)} key skills and terms in the "
            f"listing: {_join(_names(found.matched), 8)}"
        )
    required = [term for term in found.terms if term.required]
    if len(required) >= 2 and all(term in found.matched for term in required):
        items.append(f"Has every must-have the listing names ({_join(_names(required))})")
    if found.metric_lines:
        example = found.metric_lines[0]
        example = example if len(example) <= 90 else example[:87].rstrip() + "..."
        count = len(found.metric_lines)
        plural = "s" if count > 1 else ""
        items.append(f'Shows {count} quantified result{plural}, e.g. "{example}"')
    if found.years_needed and found.years_shown and found.years_shown >= found.years_needed:
        items.append(
            f"Shows about {found.years_shown} year{'s' if found.years_shown > 1 else ''} of "
            f"experience; the listing asks for "
            f"{found.years_needed}+"
        )
    if found.title_used:
        items.append(f"Already uses the job title '{found.title}'")
    return items


def _weaknesses(found: _Findings) -> list[str]:
    items = []
    missing_required = [term for term in found.missing if term.required]
    if missing_required:
        items.append(
            f"Missing must-have skills from the listing: {_join(_names(missing_required))}"
        )
    others = [term for term in found.missing if not term.required]
    if others:
        items.append(f"Does not mention {_join(_names(others))}, which the listing also names")
    if not found.words:
        items.append("The resume has no readable text")
    elif found.words < SHORT_RESUME_WORDS:
        items.append(
            f"The resume is very short ({found.words} words); most recruiters expect 300-800"
        )
    if found.words and not found.metric_lines:
        items.append("No quantified results: no bullet shows a number, percentage or amount")
    if found.years_needed and found.years_shown and found.years_shown < found.years_needed:
        items.append(
            f"The listing asks for {found.years_needed}+ years of experience; the resume shows "
            f"about {found.years_shown}"
        )
    return items


def _suggestions(found: _Findings, job: JobPosting) -> list[str]:
    items = []
    languages = [term.name for term in found.missing if term.name in LANGUAGE_NAMES]
    if languages:
        items.append(
            f"If you speak {_join(languages, 4)}, say how well, e.g. "
            f"'{languages[0]}: fluent (C1)', in your skills or languages section"
        )
    missing_hard = [
        term
        for term in found.missing
        if term.name not in SOFT_SKILL_NAMES and term.name not in LANGUAGE_NAMES
    ]
    for term in [term for term in missing_hard if term.required][:3]:
        items.append(
            f"Add a line showing your experience with {term.name} if you have it, "
            "e.g. in a project or job bullet"
        )
    optional = [term.name for term in missing_hard if not term.required]
    if optional:
        items.append(
            f"If you have worked with {_join(optional, 5)}, name them explicitly: "
            "applicant tracking systems match exact terms"
        )
    soft = [term.name for term in found.missing if term.name in SOFT_SKILL_NAMES]
    if soft:
        items.append(
            f"Show {_join(soft).lower()} through a concrete example: the situation, "
            "what you did and the result"
        )
    shown = len(found.metric_lines)
    if found.words and shown < 3:
        verb = "shows" if shown == 1 else "show"
        start = f"Quantify more of your bullets (only {shown} {verb} a number)"
        items.append(
            f"{start if shown else 'Quantify results in your bullets'}, "
            "e.g. 'cut deploy time by 40%' or 'served 2M requests a day'"
        )
    if job.position.strip() and not found.title_used:
        items.append(f"Mirror the job title '{job.position.strip()}' in your summary or headline")
    if found.years_needed and not found.years_shown:
        items.append(
            "State your years of experience near the top; the listing asks for "
            f"{found.years_needed}+ years"
        )
    if 0 < found.words < SHORT_RESUME_WORDS:
        items.append(
            "Expand each recent role to 3-5 bullets: what you built, with which tools, "
            "and the result"
        )
    if not items and found.matched:
        items.append(
            f"Keep your strongest matches ({_join(_names(found.matched), 3)}) near the top "
            "so a recruiter sees them first"
        )
    return items


def build_result(resume_text: str, job: JobPosting, today: date | None = None) -> dict[str, Any]:
    """The result object for a resume against a listing, by keyword coverage, as of today."""
    found = _find(resume_text or "", job, today)
    score = _score(found)
    return validate_result(
        {
            "score": score,
            "summary": _summary(score, found, job),
            "matched_keywords": _names(found.matched),
            "missing_keywords": _names(found.missing),
            "strengths": _strengths(found),
            "weaknesses": _weaknesses(found),
            "suggestions": _suggestions(found, job),
        }
    )


class BuiltinAnalyzer:
    """Deterministic, offline keyword analysis: what a new install uses without an API key."""

    provider = "builtin"
    model = "keywords-v1"

    def analyze(self, resume_text: str, job: JobPosting) -> AnalysisResult:
        """Analyze the resume against the job by keyword coverage."""
        return AnalysisResult(build_result(resume_text, job), self.provider, self.model)

    def __repr__(self) -> str:
        return f"BuiltinAnalyzer(model={self.model!r})"
