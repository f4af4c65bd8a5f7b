"""Reading a job description: which terms it asks for, how strongly, and how many years."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jatify.analysis.base import JobPosting
from jatify.analysis.vocabulary import SKILLS, skill_spans, term_pattern

REQUIRED_WEIGHT = 2.0
PLAIN_WEIGHT = 1.0
PREFERRED_WEIGHT = 0.5
SOFT_FACTOR = 0.5
SALIENT_FACTOR = 0.6
MAX_SALIENT_TERMS = 8

_HEADING_KINDS = (
    ("preferred", re.compile(r"nice[\s-]to[\s-]have|bonus|preferred|plus(es)?\b|desir|good to")),
    ("skip", re.compile(r"benefit|perks|we offer|compensation|salary|equal opportunit|how to apply|"
                        r"location|about (?!you|the role|this role|the job|the position)")),
    ("required", re.compile(r"require|qualification|must|what you('ll)? (need|bring)|you have|"
                            r"who you are|looking for|about you|skills|profile|experience|"
                            r"you bring|we need|background|you should have|you('ll)? need|"
                            r"ideal candidate|what we expect")),
    ("plain", re.compile(r"responsibilit|what you('ll| will) do|you will|your role|the role|"
                         r"the job|tasks|duties|in this role|day to day")),
)  # fmt: skip
# Sentences that describe the company or the offer, not the person it looks for.
_SKIP_CUE = re.compile(
    r"^(?i:we offer|we provide|you('ll| will) (?:get|receive|enjoy)|perks|benefits|salary)\b"
    r"|^(?:[A-Z][\w&.'-]*\s+){1,3}(?:is|are)\s+(?:a|an|the|one of)\s+"
    r"(?!(?:big |strong |real )?(?:plus|bonus|must|advantage|requirement)\b)"
    r"|^(?i:we(?:'re| are))\s+(?:a|an|[A-Z])"
)
_PREFERRED_CUE = re.compile(
    r"(?i)nice[\s-]to[\s-]have|bonus|preferred|\ba plus\b|desirable|\bideally\b"
)
_REQUIRED_CUE = re.compile(
    r"(?i)requir|\bmust\b|need to have|proficien|\bstrong\b|expert|\bsolid\b|\bdeep\b|"
    r"experience (with|in|using|building)|\d\+? years|knowledge of|hands-on|you have"
)
_BULLET = re.compile(r"^\s*(?:[-*#>\u2022\u00b7\u2013]+|\d+[.)])\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z*\u2022-])")
# A standard ("ISO 26262", "IEC 61508") is one token, or else any word-like run.
_STANDARD = re.compile(r"[A-Z]{2,5} \d{4,5}(?:-\d{1,2})?")
_TOKEN = re.compile(rf"{_STANDARD.pattern}|[A-Za-z][A-Za-z0-9]*(?:[.+#/&-][A-Za-z0-9]+)*\+*#?")
# Names with a number ("D3", "S3", "EC2"), but not language levels, quarters or halves.
_NUMBERED_NAME = re.compile(r"(?![ABC][12]$|Q[1-4]$|H[12]$)[A-Z][A-Za-z]{0,2}\d{1,2}")
_BEFORE_SKILL = re.compile(r"[^\S\n]+;\d+;")
_AFTER_SKILL = re.compile(r"[^\S\n]*;(\d+);[^\S\n]+")
_TECHY = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]")
_ACRONYM = re.compile(r"[A-Z]{2,6}s?")
_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), start=1
    )
}
# "5+ years", "3-5 years", "at least four years": (qualifier before, number, qualifier after)
_YEARS = re.compile(
    r"(?i)\b(at least |minimum (?:of )?)?(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s*"
    r"(\+|or more|plus|-\s*\d{1,2})?\s*(?:years?|yrs?)\b"
)
# Before these a capitalised word is a name of something else: "a Series C company".
_DETERMINERS = frozenset({None, "a", "an", "the", "our", "your", "their", "this", "that", "its"})
_EXPERIENCE = re.compile(r"(?i)experience|background|track record")

_STOPWORDS_TEXT = """
a about above across after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each etc
every few for from further had has have having he her here hers how i if in into is it its
just more most my no nor not now of off on once only or other our ours out over own per
same she should so some such than that the their them then there these they this those
through to too under until up upon us very via was we were what when where which while who
whom why will with within without would you your yours yourself ability able access across
apply applicant applicants areas based benefits best better bring build building business
candidate candidates career challenges closely company complex culture customer customers
daily day deliver depending design develop developing development diverse duties employer
employees engineer engineering environment equal etc excellent excited exciting experience
experienced expertise familiar familiarity field focus following full fun great grow growing
growth help high highly ideal impact including industry join knowledge least level like
looking make manage management may meet members mission must need needs new offer office
open opportunities opportunity part passion passionate people plus position preferred
proven quality related relevant remote required requirement requirements responsibilities
responsible role salary senior similar skill skills solid solutions strong success successful
support team teams technical technologies technology time tools understanding using want
well working work works world year years youll we'll you'll you're we're it's junior lead
principal staff manager director intern internship product products service services
project projects user users process processes system systems data within across ensure
across end global key model models msc phd bsc mba beng meng best-in-class fast-paced
self-starter new time-off paid per hire good fluent basic advanced deep working practical
prior previous demonstrated advisor adviser generalist specialist coordinator consultant analyst
associate assistant officer executive representative administrator designer developer
programmer scientist
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_ACRONYM_STOPWORDS_TEXT = (
    "API APIS US USA UK EU EEO EOE PTO CEO CTO CFO COO CIO VP HR IT OR AND NOT ID FAQ TBD ASAP "
    "FTE WFH HQ AM PM ET PT EST PST CET UTC GMT LLC INC LTD BS BA MS MA DEI NYC SF LA OTE "
    "ARR MRR SDR BDR AE AM OKR ROI NPS EMEA APAC DACH LATAM SME SMB MVP GMBH AG SE BV NV "
    "PLC SA CV"
)
ACRONYM_STOPWORDS = frozenset(_ACRONYM_STOPWORDS_TEXT.split())


@dataclass(frozen=True)
class Term:
    """A term the listing asks for: display name, weight, must-have flag, resume matcher."""

    name: str
    weight: float
    required: bool
    pattern: re.Pattern[str]


def _heading(line: str) -> tuple[str | None, str]:
    """(the section a heading line opens or None, the line's own content)."""
    stripped = line.strip()
    marked = stripped.startswith(("#", "**"))
    bulleted = bool(_BULLET.match(stripped)) and not marked
    text = _BULLET.sub("", stripped).strip().strip("*_").strip()
    head, colon, rest = text.partition(":")
    words = head.split()
    if not words or len(words) > 6 or (bulleted and rest.strip()):
        return None, text
    if not (colon or marked or (not bulleted and len(words) <= 4 and text[-1:].isalnum())):
        return None, text
    content = rest if colon else text  # "Requires SQL" is a heading and content at once
    for kind, pattern in _HEADING_KINDS:
        if pattern.search(head.lower()):
            return kind, content
    if marked or (colon and not rest.strip()):
        return "plain", content
    return None, text


def weighted_sentences(description: str) -> list[tuple[str, float]]:
    """The description cut into sentences, each with the weight of its context."""
    section = PLAIN_WEIGHT
    weights = {"required": REQUIRED_WEIGHT, "preferred": PREFERRED_WEIGHT, "skip": 0.0}
    sentences = []
    for line in description.splitlines():
        kind, content = _heading(line)
        if kind is not None:
            section = weights.get(kind, PLAIN_WEIGHT)
        for sentence in _SENTENCE_END.split(content):
            if not sentence.strip():
                continue
            weight = section
            if _SKIP_CUE.search(sentence.strip()):
                weight = 0.0
            elif section and _PREFERRED_CUE.search(sentence):
                weight = PREFERRED_WEIGHT
            elif section >= PLAIN_WEIGHT and _REQUIRED_CUE.search(sentence):
                weight = REQUIRED_WEIGHT
            sentences.append((sentence.strip(), weight))
    return sentences


def _is_stopword(key: str) -> bool:
    return key in STOPWORDS or (key.endswith("s") and key[:-1] in STOPWORDS)


def _token_kind(token: str, weight: float, after: str | None, lowercase: set[str]) -> str | None:
    """Classify a token: a candidate "term", or None to ignore.

    `after` is the previous token of the sentence (lowercased), None for the first one.
    """
    key = token.lower()
    if _STANDARD.fullmatch(token) or _NUMBERED_NAME.fullmatch(token):
        return "term"
    if _ACRONYM.fullmatch(token):
        return None if token.removesuffix("s") in ACRONYM_STOPWORDS else "term"
    if _TECHY.search(token):
        return "term"
    # A capitalised word counts only in a list of requirements, where it names a tool.
    listed = weight != PLAIN_WEIGHT
    proper = listed and after not in _DETERMINERS and token[0].isupper() and len(key) >= 3
    if proper and key not in lowercase:
        return "term"
    return None


def _salient(sentences: list[tuple[str, float]], excluded: set[str]) -> list[Term]:
    """Terms outside the vocabulary: tech-looking tokens and the proper nouns of requirements."""
    lowercase = {t for sentence, _ in sentences for t in _TOKEN.findall(sentence) if t.islower()}
    weights: dict[str, list[float]] = {}
    shown: dict[str, str] = {}
    for sentence, weight in sentences:
        if not weight:
            continue
        blanked = sentence
        spans = skill_spans(sentence)
        for index, (_name, start, end) in reversed(list(enumerate(spans))):
            blanked = f"{blanked[:start]} ;{index}; {blanked[end:]}"
        previous: tuple[str | None, str, str] = (None, "", "")  # kind, key, token
        previous_end = 0
        blocked = False
        for match in _TOKEN.finditer(blanked):
            token, key = match.group(), match.group().lower()
            adjacent = blanked[previous_end : match.start()].isspace()
            # After a vocabulary skill ("Hotwire/Turbo") a token does not open the sentence.
            opening = not previous_end and ";" not in blanked[: match.start()]
            after = None if opening else previous[1]
            kind = None
            if not (_is_stopword(key) or key in excluded or len(key) < 2):
                kind = _token_kind(token, weight, after, lowercase)
            capital = token[0].isupper()
            if kind == "term" and blocked and adjacent and capital and not _TECHY.search(token):
                kind = None  # "the App Store": Store goes on with a name nobody asked for
            # "the App Store", "a Series C company": a name after a determiner is something
            # else's, and so is every capitalised word that follows it directly.
            named = after in _DETERMINERS or (blocked and adjacent)
            blocked = capital and kind is None and not _is_stopword(key) and named
            if kind == "term" and capital and _BEFORE_SKILL.match(blanked, match.end()):
                kind = None  # a qualifier of the skill that follows: "Irish employment law"
            if kind == "term":
                after_skill = _AFTER_SKILL.fullmatch(blanked[previous_end : match.start()])
                if after_skill and capital:
                    # A name going on from a skill is a name of its own: "Kotlin Multiplatform".
                    _name, start, end = spans[int(after_skill[1])]
                    skill = sentence[start:end]
                    key, token = f"{skill.lower()} {key}", f"{skill} {token}"
                elif adjacent and previous[0] == "term" and previous[1].count(" ") < 2:
                    # Adjacent names are one name: "Computer Science", "Stripe Connect".
                    weights[previous[1]].pop()
                    key, token = f"{previous[1]} {key}", f"{previous[2]} {token}"
                weights.setdefault(key, []).append(weight)
                shown.setdefault(key, token)
            previous = (kind, key, token)
            previous_end = match.end()
    # (rank, key, display name, weight, must-have)
    ranked = [
        (len(found) * max(found), key, shown[key], max(found), max(found) >= REQUIRED_WEIGHT)
        for key, found in weights.items()
        if found
    ]
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [
        Term(name, SALIENT_FACTOR * weight, required, term_pattern(key))
        for _, key, name, weight, required in ranked[:MAX_SALIENT_TERMS]
    ]


def _without_company(sentences: list[tuple[str, float]], company: str) -> list[tuple[str, float]]:
    """Sentences about the company itself weigh nothing; its name names no skill."""
    if not company.strip():
        return sentences
    name = re.compile(rf"(?i)(?<!\w){re.escape(company.strip())}(?!\w)")
    return [
        (name.sub(" ; ", sentence), 0.0 if name.match(sentence) else weight)
        for sentence, weight in sentences
    ]


def job_terms(job: JobPosting) -> list[Term]:
    """Every term the listing asks for, most important first."""
    sentences = _without_company(weighted_sentences(job.description), job.company)
    skills = {skill.name: skill for skill in SKILLS}
    seen: dict[str, list[float]] = {}
    for sentence, weight in sentences:
        for name, _start, _end in skill_spans(sentence):
            seen.setdefault(name, []).append(weight)
    terms = []
    for name, weights in seen.items():
        if max(weights) == 0:
            continue
        weight = max(weights) + 0.25 * min(len(weights) - 1, 2)
        soft = skills[name].soft
        weight *= SOFT_FACTOR if soft else 1.0
        required = max(weights) >= REQUIRED_WEIGHT and not soft
        terms.append(Term(name, weight, required, skills[name].pattern))
    title_words = set(re.findall(r"[a-z0-9+#.]+", f"{job.position} {job.company}".lower()))
    known = {name.lower() for name in seen} | title_words
    terms += _salient(sentences, known)
    terms.sort(key=lambda term: (-term.weight, term.name.casefold()))
    return terms


def _years_value(raw: str) -> int:
    return _NUMBER_WORDS.get(raw.lower()) or int(raw)


def required_years(description: str) -> int | None:
    """The years of experience the listing asks for ("5+ years of experience"), if any."""
    found = [
        _years_value(match.group(2))
        for sentence, _ in weighted_sentences(description)
        for match in _YEARS.finditer(sentence)
        if match.group(1) or match.group(3) or _EXPERIENCE.search(sentence)
    ]
    found = [years for years in found if 0 < years <= 30]
    return max(found) if found else None
