"""Years of work a resume shows, from the date ranges of its experience section.

Each job's range ("2018 - 2024", "Jan 2019 - Present", "03/2017 - 05/2020") becomes
months, overlapping jobs are merged, and education, projects and volunteering are left
out; a resume whose work history cannot be found says nothing rather than something
wrong. A stated total ("8 years of experience") counts when it is larger.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from jatify.analysis.resume import Line, read_lines

MAX_WORK_YEARS = 50
MIN_WORK_MONTHS = 6

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_POINT = (
    rf"(?:{_MONTH}\s*,?\s*{_YEAR}|(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}"
    rf"|{_YEAR}\s*[/.-]\s*(?:0[1-9]|1[0-2])(?!\d)|{_YEAR})"
)
_OPEN_END_WORDS = r"(?:present|current(?:ly)?|now|today|ongoing|date)"
_OPEN_END = re.compile(rf"(?i){_OPEN_END_WORDS}")
DATE_RANGE = re.compile(
    rf"(?i)(?<![\w/.])(?:(?P<start>{_POINT})\s*(?:-|\u2013|\u2014|to|until|till|through)\s*"
    rf"(?P<end>{_POINT}|{_OPEN_END_WORDS})|since\s+(?P<since>{_POINT}))(?![\w/])"
)
_MONTH_FIRST = re.compile(rf"(?P<month>\d{{1,2}})\s*[/.]\s*(?P<year>{_YEAR})")
_YEAR_FIRST = re.compile(rf"(?P<year>{_YEAR})\s*[/.-]\s*(?P<month>\d{{2}})")
_STATED = re.compile(
    r"(?i)\b(?P<years>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty)\+?\s*(?:\+|plus)?\s*years?['\u2019]?\s+(?:of\s+)?(?:[\w-]+\s+){0,3}?"
    r"experience\b"
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
# A degree on a line of the experience section makes that line education, not work.
_DEGREE = re.compile(
    r"(?i)\b(bachelor|master(?:'s|\s+of|\s+in)|b\.?\s?sc|m\.?\s?sc|b\.?a\.|m\.?a\.|ph\.?\s?d|mba"
    r"|degree|diploma|graduated|thesis)\b"
)
_SCHOOL = re.compile(r"(?i)\b(university|universit[äy]t|college|school|institute of technology)\b")
# A student's or trainee's job is not the professional work counted; its title sits on the
# line of its dates, or on the next one when that line holds only the dates.
_STUDENT_ROLE = re.compile(
    r"(?i)\b(intern(?:ship)?|working\s+student|werkstudent(?:in)?|student\s+(?:assistant|job)"
    r"|trainee(?:ship)?|apprentice(?:ship)?)\b"
)


def _month_index(point: str, is_end: bool) -> int:
    """Months since year 0 of a date point; a bare year counts from its middle."""
    numeric = _MONTH_FIRST.fullmatch(point) or _YEAR_FIRST.fullmatch(point)
    if numeric:
        year, month = int(numeric["year"]), int(numeric["month"])
    elif point[0].isalpha():
        year, month = int(point[-4:]), _MONTHS.index(point[:3].lower()) + 1
    else:
        return int(point) * 12 + 6
    return year * 12 + month - 1 + (1 if is_end else 0)  # an end month is worked through


def date_ranges(line: str, today: date) -> Iterator[tuple[int, int]]:
    """(start, end) month indexes of the date ranges on one line, open ends at today."""
    now = today.year * 12 + today.month
    for match in DATE_RANGE.finditer(line):
        if match["since"]:
            start, end = _month_index(match["since"], False), now
        else:
            start = _month_index(match["start"], False)
            is_open = _OPEN_END.fullmatch(match["end"])
            end = now if is_open else _month_index(match["end"], True)
        if start <= end <= now + 1 and end - start <= MAX_WORK_YEARS * 12:
            yield start, min(end, now)


def merged_months(ranges: list[tuple[int, int]]) -> int:
    """Months covered by the union of the (start, end) ranges."""
    total, covered_until = 0, None
    for start, end in sorted(ranges):
        if covered_until is None or start > covered_until:
            total += end - start
            covered_until = end
        elif end > covered_until:
            total += end - covered_until
            covered_until = end
    return total


def work_ranges(lines: list[Line], today: date) -> list[tuple[int, int]]:
    """Date ranges of work: the experience sections', or where none is named, unnamed text's."""
    has_work_section = any(line.section == "work" for line in lines)
    ranges = []
    previous = ""
    for index, line in enumerate(lines):
        if has_work_section:
            counted = line.section == "work" and not _DEGREE.search(line.text)
        else:
            nearby = f"{previous} {line.text}"
            schooling = _DEGREE.search(nearby) or _SCHOOL.search(nearby)
            counted = line.section is None and not schooling
        # A line of dates alone (a table layout) has its title on the next line.
        role = line.text
        if not re.search(r"[^\W\d_]{3}", DATE_RANGE.sub("", line.text)) and index + 1 < len(lines):
            role = f"{role} {lines[index + 1].text}"
        if counted and not _STUDENT_ROLE.search(role):
            ranges.extend(date_ranges(line.text, today))
        previous = line.text
    return ranges


def resume_years(resume_text: str, today: date | None = None) -> int | None:
    """Years of work a resume shows: its experience dates merged, or the years it states."""
    lines = list(read_lines(resume_text, DATE_RANGE))
    months = merged_months(work_ranges(lines, today or date.today()))
    spanned = max(1, (months + 6) // 12) if months >= MIN_WORK_MONTHS else 0
    stated = [
        _NUMBER_WORDS.get(match["years"].lower()) or int(match["years"])
        for match in _STATED.finditer(resume_text)
    ]
    best = max([spanned, *(years for years in stated if 0 < years <= MAX_WORK_YEARS)])
    return best or None
