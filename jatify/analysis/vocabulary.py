"""The curated skill vocabulary of the builtin analyzer and how terms are found in text.

The vocabulary lives in skills.txt beside this module: one `Name: alias, alias` line a
skill, in `[hard]`, `[soft]` and `[language]` parts. Aliases are matched
case-insensitively, with an optional plural "s" and word boundaries that understand
`c++`, `c#`, `.net` and `node.js`; an alias starting with `=` is matched case-sensitively
(`=Swift`, `=Excel`: "swift" and "excel" are English words), one starting with `~` is a
case-sensitive regular expression (`Go`, `C`, `R`, which need guards of their own), and
one starting with `@` is a job title, evidence of the skill in a resume but no sign that
a listing asks for it ("work with our data scientists").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SKILLS_FILE = Path(__file__).with_name("skills.txt")
KINDS = ("hard", "soft", "language")

LEFT = r"(?<![A-Za-z0-9_+#])(?<![A-Za-z0-9]\.)"
RIGHT = r"(?![A-Za-z0-9_+#])(?!\.[A-Za-z0-9])"


@dataclass(frozen=True)
class Skill:
    """One entry of the vocabulary: its display name, matcher and kind (hard, soft, language)."""

    name: str
    pattern: re.Pattern[str]
    kind: str
    listing_pattern: re.Pattern[str]

    @property
    def soft(self) -> bool:
        """Whether this is a soft skill, shown through examples rather than named."""
        return self.kind == "soft"


def alias_regex(alias: str) -> str:
    """The regular expression (boundaries included) that finds one alias in text."""
    if alias.startswith("~"):
        core = alias[1:]
    else:
        literal = alias.removeprefix("=")
        core = re.escape(literal).replace(r"\-", r"[\s\-]?").replace(r"\ ", r"[\s\-]+")
        if not alias.startswith("="):
            plural = "s?" if len(literal) >= 4 and literal[-1].isalpha() else ""
            core = f"(?i:{core}{plural})"
    return f"{LEFT}(?:{core}){RIGHT}"


def parse_skills(text: str) -> list[Skill]:
    """The skills of a vocabulary text: `[kind]` lines, `Name: alias, alias` lines, # comments."""
    skills = []
    kind = "hard"
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1]
            if kind not in KINDS:
                raise ValueError(f"unknown kind of skill: {line}")
            continue
        name, _, listed = line.partition(": ")
        # Longest first: an alternation takes the first alias that fits ("asp.net core").
        aliases = sorted((alias.strip() for alias in listed.split(", ")), key=len, reverse=True)
        everywhere = [alias for alias in aliases if not alias.startswith("@")]
        regex = "|".join(alias_regex(alias.removeprefix("@")) for alias in aliases)
        listing_regex = "|".join(alias_regex(alias) for alias in everywhere)
        skills.append(Skill(name, re.compile(regex), kind, re.compile(listing_regex)))
    return skills


SKILLS: tuple[Skill, ...] = tuple(parse_skills(SKILLS_FILE.read_text(encoding="utf-8")))


@cache
def term_pattern(term: str) -> re.Pattern[str]:
    """A case-insensitive, boundary-aware matcher for a term taken from a job description."""
    return re.compile(alias_regex(term.lower()))


def skill_spans(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of the skills a listing's text names, none inside a longer one."""
    found = [
        (match.start(), -match.end(), skill.name)
        for skill in SKILLS
        for match in skill.listing_pattern.finditer(text)
    ]
    spans: list[tuple[str, int, int]] = []
    covered_until = 0
    for start, neg_end, name in sorted(found):
        if start >= covered_until:
            spans.append((name, start, -neg_end))
            covered_until = -neg_end
    return spans
