"""Reading a resume's layout: its sections and its logical lines, wrapped lines joined.

Resumes come out of PDF and DOCX extraction as lines: headings ("Experience",
"EDUCATION"), job lines, dates, bullets, and bullets that a PDF wrapped over two or
three lines. `read_lines` gives each logical line with the kind of section it is in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Section headings, matched against a whole line (or a table row's first cell).
_HEADINGS = (
    ("work", re.compile(
        r"((professional|work|relevant|industry|employment|career|selected|recent|previous|other"
        r"|additional|research|teaching|freelance|consulting)\s+)*(experience|employment"
        r"( history)?|work history|career history|professional history|career|positions held)"
    )),
    ("education", re.compile(
        r"(education|academic (background|history)|qualifications|education (and|&) \w+"
        r"|(\w+ (and|&) )?education)"
    )),
    ("skills", re.compile(
        r"((technical |core |key |additional |other )?(skills|competencies)( (and|&) [\w ]+)?"
        r"|skill set|(areas of )?expertise|tools( (and|&) technologies)?|technologies|tech stack"
        r"|languages|certifications?|certificates|licen[cs]es( (and|&) certifications)?"
        r"|contact|personal details|links)"
    )),
    ("other", re.compile(
        r"((personal |side |selected |key |open[- ]source )?projects|courses|training"
        r"|interests|hobbies|awards|honou?rs|(key )?achievements|publications|talks|patents"
        r"|references|volunteering|volunteer (work|experience)|leadership|activities"
        r"|extracurricular activities|memberships|affiliations|(professional )?summary|profile"
        r"|about( me)?|objective)"
    )),
)  # fmt: skip
_LETTER_SPACED = re.compile(r"(?:\w ){3,}\w")
_HEADING_MARKS = re.compile(r"^[\s#*\u2022]+|[\s:*]+$")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\u2013>]+|\d+[.)])\s+")
# A wrapped line goes on from the one above: it starts in lower case, or the line above
# stops on a word that cannot end a bullet ("by", "and", "the") or on a comma.
_OPEN_ENDING = re.compile(
    r"(?i)(?:,|\b(?:a|an|the|and|or|of|to|by|for|from|with|in|on|at|into|across|over|than"
    r"|per|via|as|while|through|under|within))$"
)
_CONTINUATION_START = re.compile(r"[a-z(]|[\d$\u20ac\u00a3%]")
# A date range a narrow column broke over lines: "Sep 2012 -" / "Aug 2020", "2011" / "-".
_DATE_WORD = r"(?:(?:19|20)\d{2}|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
_ENDS_IN_DATE = re.compile(rf"(?i)\b{_DATE_WORD}$")
_LONE_DASH = re.compile(r"[-\u2013\u2014]|to")


@dataclass(frozen=True)
class Line:
    """One logical line of a resume: its text, its section's kind, whether a bullet opened it."""

    text: str
    section: str | None
    bulleted: bool


def heading_kind(line: str) -> str | None:
    """The kind of section ('work', 'education', 'skills', 'other') a heading line opens."""
    text = _HEADING_MARKS.sub("", line.split("\t", 1)[0])
    if _LETTER_SPACED.fullmatch(text):
        text = text.replace(" ", "")  # "E X P E R I E N C E"
    if not text or len(text.split()) > 5 or not text[0].isalpha():
        return None
    text = text.lower()
    if "volunteer" in text:
        return "other"
    return next((kind for kind, pattern in _HEADINGS if pattern.fullmatch(text)), None)


def _completes_date(previous: str, raw: str, is_dated: re.Pattern[str] | None) -> bool:
    """Whether a raw line is the rest of a date range that the line above began."""
    if is_dated is None:
        return False
    if _LONE_DASH.fullmatch(raw):
        return bool(_ENDS_IN_DATE.search(previous))
    tail = previous[-30:]
    return any(
        match.start() < len(tail) < match.end() for match in is_dated.finditer(f"{tail} {raw}")
    )


def _continues(previous: Line | None, text: str, has_date: bool) -> bool:
    """Whether a raw line goes on from the logical line before it."""
    if previous is None or has_date or not _CONTINUATION_START.match(text):
        return False
    return text[0].islower() or text[0] == "(" or bool(_OPEN_ENDING.search(previous.text))


def read_lines(text: str, is_dated: re.Pattern[str] | None = None) -> Iterator[Line]:
    """The resume's logical lines in order, each with the kind of section it is in.

    `is_dated` finds date ranges: a line holding one never continues the line above.
    """
    section: str | None = None
    pending: Line | None = None
    for raw in text.splitlines():
        kind = heading_kind(raw)
        if kind is not None:
            if pending:
                yield pending
            section, pending = kind, None
            raw = raw.split("\t", 1)[1] if "\t" in raw else ""
        stripped = raw.strip()
        if not stripped:
            if pending:
                yield pending  # a blank line ends a text box: nothing wraps across it
            pending = None
            continue
        if pending and _completes_date(pending.text, stripped, is_dated):
            pending = Line(f"{pending.text} {stripped}", pending.section, pending.bulleted)
            continue
        bullet = _BULLET.match(stripped)
        content = (stripped[bullet.end() :] if bullet else stripped).strip()
        has_date = bool(is_dated and is_dated.search(content))
        if not bullet and _continues(pending, content, has_date):
            assert pending is not None  # _continues says so
            pending = Line(f"{pending.text} {content}", pending.section, pending.bulleted)
            continue
        if pending:
            yield pending
        pending = Line(content, section, bool(bullet))
    if pending:
        yield pending


# A number that measures a result: "40%", "$2M", "team of 6", "400k records", "3x".
_METRIC = re.compile(
    r"\d+(?:[.,]\d+)?\s?%|[$\u20ac\u00a3]\s?\d|\bteam of \d+"
    r"|\b\d+(?:[.,]\d+)?\s?(?:x|k|m|bn|million|billion|thousand)\b"
    r"|\b\d[\d,.]*\+?\s+(?:[a-z-]+\s+)?(?:users|customers|clients|people|engineers|developers|"
    r"requests|transactions|orders|services|countries|markets|stores|employees|reports|accounts|"
    r"leads|deals|hours|days|weeks|ms|milliseconds|seconds|minutes|members|projects|apps|teams|"
    r"sites|products|features|tickets|downloads|subscribers|students|patients|partners|records|"
    r"pipelines|jobs|releases|vendors|suppliers|candidates|hires|campaigns|events)\b",
    re.IGNORECASE,
)
# Lines that describe an employer or list facts rather than tell what the person did.
_FACT_LINE = re.compile(r"\s[\u00b7|\u2022]\s|@|\bhttps?://|\bwww\.")
# Verbs that open accomplishment bullets; regular past forms ("reduced") are found by
# their ending, these are the irregular ones and the present forms of current jobs.
_ACTION_VERBS_TEXT = """
    achieve analyse analyze architect automate begin bring build built coach close closed
    co-wrote create cut deliver design develop drive drove establish expand forecast found
    grew grow handle hire hold held improve increase introduce launch lead led maintain
    make made manage mentor migrate negotiate oversaw oversee own plan present produce
    ran rebuild rebuilt redesign reduce rewrite rewrote run save scale sell set ship
    sold spearhead split spoke spun streamline support taught teach test took train
    triple double won write wrote
"""
_ACTION_VERBS = frozenset(_ACTION_VERBS_TEXT.split())
# Words ending in "ed" that open descriptions, not accomplishments.
_NOT_VERBS_TEXT = """
    based backed funded founded headquartered listed acquired seed united limited
    experienced skilled dedicated motivated detailed certified licensed registered
    talented qualified seasoned accomplished advanced results-driven data-driven
"""
_NOT_VERBS = frozenset(_NOT_VERBS_TEXT.split())
_FIRST_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")


def _opens_with_action(text: str) -> bool:
    """Whether a line starts with an action verb: 'Cut', 'Reduced', 'Leading'."""
    first = _FIRST_WORD.match(text)
    if not first or not first.group()[0].isupper():
        return False
    word = first.group().lower()
    if word in _NOT_VERBS:
        return False
    if word in _ACTION_VERBS or (word.endswith("ed") and len(word) >= 4):
        return True
    stem = word.removesuffix("ing")
    candidates = (stem, stem + "e", stem[:-1])
    return word.endswith("ing") and any(candidate in _ACTION_VERBS for candidate in candidates)


def quantified_results(lines: list[Line]) -> list[str]:
    """Accomplishment bullets that show a number: what the person did, measured."""
    return [
        line.text
        for line in lines
        if line.section not in ("education", "skills")
        and _METRIC.search(line.text)
        and not _FACT_LINE.search(line.text)
        and _opens_with_action(line.text)
    ]
