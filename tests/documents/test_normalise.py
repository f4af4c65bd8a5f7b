"""Text normalisation: what PDF and Word writers put in the text layer becomes plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

from jatify.documents import DOCX, PDF, TEXT, extract_text
from jatify.documents.normalise import normalise_text

GENERATED = Path(__file__).resolve().parents[2] / "bench" / "analysis_eval" / "documents"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Built Air\ufb02ow DAGs, \ufb01xed o\ufb03ce work\ufb02ows",
            "Built Airflow DAGs, fixed office workflows",
        ),
        ("\uff30\uff59\uff54\uff48\uff4f\uff4e and \uff33\uff31\uff2c", "Python and SQL"),
        ("soft\u00adware devel\u00adop\u00adment", "software development"),
        ("Jane\u00a0Doe\u202f\u2009Berlin\u3000Germany", "Jane Doe  Berlin Germany"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("scikit\u2011learn and end\u2010to\u2010end", "scikit-learn and end-to-end"),
        ("line one\u2028line two", "line one\nline two"),
        (
            "\uf0b7 Cut costs by 30%\n\uf095 Led the team",
            "\u2022 Cut costs by 30%\n\u2022 Led the team",
        ),
    ],
)
def test_compatibility_forms_invisible_characters_and_spaces(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("the develop-\nment team", "the development team"),
        ("interna-\ntionalization", "internationalization"),
        ("Kuber-\nnetes clusters", "Kubernetes clusters"),
        ("develop\u00ad\nment", "development"),
        # Real compounds keep their hyphen: a known first part, an inner hyphen, or the
        # same compound elsewhere in the text.
        ("cross-\nfunctional teams", "cross-functional teams"),
        ("state-of-the-\nart tools", "state-of-the-art tools"),
        ("data-\ndriven; data-driven", "data-driven; data-driven"),
        ("pay-\nroll and payroll", "payroll and payroll"),
        # Not a broken word: a dash before a capitalised line or after a space.
        ("Java-\nScript", "Java-\nScript"),
        ("Skills -\nmore", "Skills -\nmore"),
    ],
)
def test_words_hyphenated_at_line_ends_are_joined(raw, expected):
    assert normalise_text(raw) == expected


def test_normalising_twice_changes_nothing():
    raw = "Air\ufb02ow devel-\nopment\u00a0\uff21\uff37\uff33 cross-\nteam"
    assert normalise_text(normalise_text(raw)) == normalise_text(raw)


def test_plain_text_extraction_normalises(make_docx):
    raw = "Data engineer: Air\ufb02ow, devel-\nopment,\u00a0soft\u00adware".encode()
    assert extract_text(raw, TEXT).text == "Data engineer: Airflow, development, software"


def test_docx_extraction_normalises(make_docx):
    data = make_docx(
        ["Built Air\ufb02ow pipelines", "\uff30\uff59\uff54\uff48\uff4f\uff4e\u00a0and SQL"]
    )
    assert extract_text(data, DOCX).text == "Built Airflow pipelines\nPython and SQL"


def test_chromium_pdf_ligatures_are_extracted_as_letters():
    # A resume printed to PDF by Chromium: its text layer holds the U+FB02 ligature.
    data = (GENERATED / "01_data_engineer.pdf").read_bytes()
    text = extract_text(data, PDF).text
    assert "\ufb02" not in text and "\ufb01" not in text
    assert text.count("Airflow") == 3


@pytest.mark.parametrize(
    ("name", "broken", "whole"),
    [
        ("19_security_engineer.pdf", "com-\npanies", "regulated companies"),  # LibreOffice
        ("25_project_manager.pdf", "deliv-\nery", "waterfall delivery"),  # LibreOffice
        ("04_product_manager.pdf", "to-\nfind", "time-to-find"),  # Chromium, at a hyphen
    ],
)
def test_words_broken_at_line_ends_by_real_tools_are_whole_again(name, broken, whole):
    text = extract_text((GENERATED / name).read_bytes(), PDF).text
    assert broken not in text
    assert whole in " ".join(text.split())
