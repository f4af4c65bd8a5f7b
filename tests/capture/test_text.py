"""Pasted text and HTML descriptions made plain; what snapshots keep and hash."""

from __future__ import annotations

from jatify.capture import Posting, snapshot_text, text_sha256
from jatify.capture.text import guess_posting, html_to_text
from jatify.vocabulary import CaptureMethod

PASTED = """

Senior Data Engineer
Fernwood Labs · Lisbon
Location: Lisbon, Portugal (hybrid)
Salary: €65,000\u201380,000

We build the data platform behind 40 hospitals.
  You will   own our Airflow and dbt pipelines.
"""


def test_the_builtin_guess_reads_position_and_company_from_the_first_lines():
    posting = guess_posting(PASTED)

    assert (posting.position, posting.company) == ("Senior Data Engineer", "Fernwood Labs")
    assert posting.location == "Lisbon, Portugal (hybrid)"
    assert posting.salary == "€65,000\u201380,000"
    assert posting.method == CaptureMethod.TEXT
    assert posting.url is None
    assert "You will own our Airflow and dbt pipelines." in posting.description
    assert not posting.description.startswith("Senior Data Engineer")


def test_a_title_line_naming_the_company_is_split():
    posting = guess_posting("Backend Engineer at Initech\nPython and Go on Kubernetes.")
    assert (posting.position, posting.company) == ("Backend Engineer", "Initech")
    assert posting.description == "Python and Go on Kubernetes."


def test_one_line_of_text_still_makes_a_listing():
    posting = guess_posting("Barista")
    assert (posting.position, posting.company, posting.description) == (
        "Barista",
        "Unknown company",
        "Barista",
    )


def test_html_descriptions_escaped_or_not_become_plain_text_with_bullets():
    markup = "<h3>You will</h3><ul><li>Ship <b>APIs</b></li><li>Review code</li></ul><p>A&amp;B</p>"
    escaped = markup.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    for description in (markup, escaped):
        assert html_to_text(description) == "You will\n\n• Ship APIs\n• Review code\n\nA&B"
    assert html_to_text("Plain text &amp; more") == "Plain text & more"


def test_snapshots_keep_the_title_lines_and_hash_the_text():
    posting = Posting(
        company="Acme",
        position="Engineer",
        description="Build things.",
        method=CaptureMethod.JSON_LD,
        location="Berlin",
        salary="EUR 70,000",
    )
    text = snapshot_text(posting)

    assert text == "Engineer\nAcme\nBerlin · EUR 70,000\n\nBuild things."
    assert text_sha256(text) == text_sha256(snapshot_text(posting))
    assert len(text_sha256(text)) == 64
