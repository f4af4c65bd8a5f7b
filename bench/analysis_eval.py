"""Evaluate the builtin analyzer on resumes made by real tools, against listings written for them.

Run from the repository root: `python -m bench.analysis_eval [--rebuild] [NAME ...]`.

Each pair in bench/analysis_eval/pairs/ is a TOML file: a job listing, a resume (its
content, the tool that renders it and a layout), and labels written by hand: the
listing's skills the resume shows and does not show, and the resume's years of work
(absent when it shows none). A skill is "shown" when the resume names it in any usual
form (an inflection, an abbreviation, a plural: "negotiated", "k8s"), not when it only
implies it; "A|B" accepts either name for one skill. The documents in
bench/analysis_eval/documents/ were made by the real tools (Chromium's print-to-PDF,
LibreOffice's PDF and DOCX export, python-docx); `--rebuild` makes them again
(bench/analysis_eval/build.py says what each needs). Every document goes through
jatify.documents' extraction, then the builtin analyzer, as of a fixed date so that
"Present" means the same on every run.

Reported: recall and precision of the matched and of the missing keywords against the
labels (micro-averaged over pairs), the years error, and whether each quoted
"quantified result" is one of the resume's accomplishment bullets. Results go to
bench/results/analysis_eval.json and bench/results/analysis_eval.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench.common import ROOT, write_json_result, write_result
from jatify.analysis.base import JobPosting
from jatify.analysis.builtin import build_result
from jatify.analysis.experience import resume_years
from jatify.documents import extract_text, sniff_content_type

EVAL_DIR = ROOT / "bench" / "analysis_eval"
EVAL_TODAY = date(2026, 1, 15)
QUOTE_PREFIX = "quantified result"


@dataclass(frozen=True)
class Pair:
    """One listing, one resume document and the labels a person gave them."""

    name: str
    tool: str
    layout: str
    job: JobPosting
    shown: tuple[frozenset[str], ...]
    not_shown: tuple[frozenset[str], ...]
    years: int | None
    bullets: tuple[str, ...]
    document: Path


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _label(skill: str) -> frozenset[str]:
    """A label's accepted names: "Azure DevOps|DevOps" accepts either."""
    return frozenset(_key(name) for name in skill.split("|"))


def _compare(predicted: set[str], labels: tuple[frozenset[str], ...]) -> tuple[list, list]:
    """(predicted names no label accepts, labels no predicted name meets)."""
    accepted = set().union(*labels)
    unlabelled = sorted(predicted - accepted)
    unmet = sorted("|".join(sorted(label)) for label in labels if not label & predicted)
    return unlabelled, unmet


def _bullets(resume: dict[str, Any]) -> tuple[str, ...]:
    """Every accomplishment bullet the resume's author wrote."""
    found: list[str] = []
    for section in resume.get("section", []):
        found += section.get("items", [])
        for entry in section.get("entry", []):
            found += entry.get("bullets", [])
    return tuple(found)


def load_pairs(names: list[str] | None = None) -> list[Pair]:
    """The pairs of bench/analysis_eval/pairs/, all or the named ones, by file name."""
    pairs = []
    for path in sorted((EVAL_DIR / "pairs").glob("*.toml")):
        if names and path.stem not in names:
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        listing, labels = data["listing"], data["labels"]
        documents = sorted((EVAL_DIR / "documents").glob(f"{path.stem}.*"))
        if not documents:
            raise FileNotFoundError(f"no document for {path.name}: run with --rebuild")
        pairs.append(
            Pair(
                name=path.stem,
                tool=data["tool"],
                layout=data["layout"],
                job=JobPosting(listing["company"], listing["position"], listing["description"]),
                shown=tuple(_label(skill) for skill in labels["shown"]),
                not_shown=tuple(_label(skill) for skill in labels["not_shown"]),
                years=labels.get("years"),
                bullets=tuple(_key(bullet) for bullet in _bullets(data["resume"])),
                document=documents[0],
            )
        )
    return pairs


def _quote(strengths: list[str]) -> str | None:
    """The example quoted in the 'Shows N quantified results, e.g. "..."' strength."""
    for item in strengths:
        if QUOTE_PREFIX in item and 'e.g. "' in item:
            return item.split('e.g. "', 1)[1].rstrip('"').removesuffix("...")
    return None


def evaluate_pair(pair: Pair) -> dict[str, Any]:
    """Extract the pair's document, analyze it, and compare the outcome with the labels."""
    data = pair.document.read_bytes()
    text = extract_text(data, sniff_content_type(data) or "").text
    result = build_result(text, pair.job, today=EVAL_TODAY)
    matched = {_key(name) for name in result["matched_keywords"]}
    missing = {_key(name) for name in result["missing_keywords"]}
    years = resume_years(text, EVAL_TODAY)
    quote = _quote(result["strengths"])
    false_matched, unmatched_shown = _compare(matched, pair.shown)
    false_missing, unreported_missing = _compare(missing, pair.not_shown)
    return {
        "name": pair.name,
        "tool": f"{pair.tool}/{pair.layout}",
        "matched": sorted(matched),
        "missing": sorted(missing),
        "false_matched": false_matched,
        "unmatched_shown": unmatched_shown,
        "false_missing": false_missing,
        "unreported_missing": unreported_missing,
        "years_label": pair.years,
        "years": years,
        "quote": quote,
        "quote_is_bullet": None
        if quote is None
        else any(bullet.startswith(_key(quote)) for bullet in pair.bullets),
    }


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def summarise(outcomes: list[dict[str, Any]], pairs: list[Pair]) -> dict[str, Any]:
    """Micro-averaged recall and precision, the years error and the quote check."""
    totals: dict[str, int] = dict.fromkeys(
        ("shown", "not_shown", "matched", "missing", "matched_ok", "missing_ok"), 0
    )
    for pair, outcome in zip(pairs, outcomes, strict=True):
        totals["shown"] += len(pair.shown)
        totals["not_shown"] += len(pair.not_shown)
        totals["matched"] += len(outcome["matched"])
        totals["missing"] += len(outcome["missing"])
        totals["matched_ok"] += len(outcome["matched"]) - len(outcome["false_matched"])
        totals["missing_ok"] += len(outcome["missing"]) - len(outcome["false_missing"])
    stated = [o for o in outcomes if o["years_label"] is not None]
    errors = [abs(o["years"] - o["years_label"]) for o in stated if o["years"] is not None]
    quotes = [o["quote_is_bullet"] for o in outcomes if o["quote_is_bullet"] is not None]
    return {
        "pairs": len(outcomes),
        "matched_recall": _ratio(totals["matched_ok"], totals["shown"]),
        "matched_precision": _ratio(totals["matched_ok"], totals["matched"]),
        "missing_recall": _ratio(totals["missing_ok"], totals["not_shown"]),
        "missing_precision": _ratio(totals["missing_ok"], totals["missing"]),
        "labelled_skills": totals["shown"] + totals["not_shown"],
        "years_stated": len(stated),
        "years_within_1": sum(error <= 1 for error in errors),
        "years_silent": sum(o["years"] is None for o in stated),
        "years_mean_abs_error": round(sum(errors) / len(errors), 2) if errors else None,
        "years_claimed_without_label": sum(
            o["years"] is not None for o in outcomes if o["years_label"] is None
        ),
        "quotes": len(quotes),
        "quotes_from_bullets": sum(quotes),
    }


def markdown(report: dict[str, Any]) -> str:
    """The summary and a row per pair, with what went wrong spelled out."""
    s = report["summary"]
    lines = [
        "# Builtin analyzer evaluation",
        "",
        f"{s['pairs']} resume/listing pairs, {s['labelled_skills']} labelled skills; resumes "
        f"made by Chromium, LibreOffice and python-docx, read by jatify.documents; as of "
        f"{report['today']}.",
        "",
        "| measure | value | target |",
        "|---|---:|---:|",
        f"| matched keywords: recall | {s['matched_recall']} | >= 0.95 |",
        f"| matched keywords: precision | {s['matched_precision']} | >= 0.90 |",
        f"| missing keywords: recall | {s['missing_recall']} | >= 0.95 |",
        f"| missing keywords: precision | {s['missing_precision']} | >= 0.90 |",
        f"| years within ±1 (of {s['years_stated']} stated) | {s['years_within_1']} "
        f"| {s['years_stated']} |",
        f"| years said nothing where stated | {s['years_silent']} | 0 |",
        f"| years claimed where the label has none | {s['years_claimed_without_label']} | 0 |",
        f"| years mean absolute error | {s['years_mean_abs_error']} | |",
        f"| quoted quantified results that are bullets | {s['quotes_from_bullets']} of "
        f"{s['quotes']} | all |",
        "",
        "| pair | tool/layout | years (label) | wrong |",
        "|---|---|---|---|",
    ]
    for o in report["outcomes"]:
        wrong = [
            f"{label}: {', '.join(o[key])}"
            for key, label in (
                ("false_matched", "matched but not shown"),
                ("unmatched_shown", "shown but not matched"),
                ("false_missing", "missing but not labelled"),
                ("unreported_missing", "not reported missing"),
            )
            if o[key]
        ]
        if o["years_label"] is None and o["years"] is not None:
            wrong.append(f"years claimed: {o['years']}")
        elif o["years_label"] is not None and (
            o["years"] is None or abs(o["years"] - o["years_label"]) > 1
        ):
            wrong.append(f"years off: {o['years']} for {o['years_label']}")
        if o["quote_is_bullet"] is False:
            wrong.append(f'quote is not a bullet: "{o["quote"]}"')
        lines.append(
            f"| {o['name']} | {o['tool']} | {o['years']} ({o['years_label']}) "
            f"| {'; '.join(wrong) or '-'} |"
        )
    return "\n".join([*lines, ""])


def main() -> None:
    """Optionally rebuild the documents, evaluate every pair, print and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="render the documents again")
    parser.add_argument("names", nargs="*", help="pair file stems (default: all)")
    args = parser.parse_args()
    if args.rebuild:
        subprocess.run([sys.executable, EVAL_DIR / "build.py", *args.names], check=True)
    pairs = load_pairs(args.names)
    outcomes = [evaluate_pair(pair) for pair in pairs]
    report = {
        "today": EVAL_TODAY.isoformat(),
        "summary": summarise(outcomes, pairs),
        "outcomes": outcomes,
    }
    table = markdown(report)
    if not args.names:
        write_json_result("analysis_eval.json", report)
        write_result("analysis_eval.md", table)
    print(table)


if __name__ == "__main__":
    main()
