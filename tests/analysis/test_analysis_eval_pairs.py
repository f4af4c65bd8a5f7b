"""A part of bench/analysis_eval in the suite: committed documents made by real tools.

Pairs of every tool and layout kind: Chromium's print-to-PDF (right-aligned dates, two
columns), LibreOffice's PDF (hyphenation) and DOCX export, python-docx tables, two
columns and page headers. Each meets its labels exactly; bench/results/analysis_eval.md
lists the pairs that do not.
"""

from __future__ import annotations

import pytest

from bench.analysis_eval import evaluate_pair, load_pairs

PAIRS = {
    pair.name: pair
    for pair in load_pairs(
        [
            "02_backend_python",  # libreoffice-pdf, dates at a right tab stop
            "10_graduate_analyst",  # chromium, a degree and an internship: no years
            "11_accountant",  # libreoffice-docx, dd.mm dates
            "12_ux_designer",  # chromium, two-column sidebar
            "13_android_engineer",  # python-docx tables, name in the page header
            "14_ml_engineer",  # libreoffice-pdf, hyphenated
            "16_recruiter",  # python-docx two columns
            "18_qa_engineer",  # chromium, right-aligned dates pdfminer moves
            "32_career_changer",  # teaching counts, a bootcamp and a degree do not
        ]
    )
}


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_pair_meets_its_labels(name):
    pair = PAIRS[name]
    outcome = evaluate_pair(pair)
    assert outcome["false_matched"] == []
    assert outcome["unmatched_shown"] == []
    assert outcome["false_missing"] == []
    assert outcome["unreported_missing"] == []
    if pair.years is None:
        assert outcome["years"] is None
    else:
        assert outcome["years"] is not None and abs(outcome["years"] - pair.years) <= 1
    assert outcome["quote_is_bullet"] is not False
