"""Documents generated on the fly: PDFs with fpdf2, DOCX files with python-docx."""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
import pytest
from docx.oxml import parse_xml
from fpdf import FPDF

RESUME_LINES = (
    "Jane Doe - Senior Backend Engineer",
    "Experience: eight years of Python, Flask and PostgreSQL.",
    "Built a job queue processing two million tasks a day.",
)


def render_pdf(pages: int, lines: tuple[str, ...] = RESUME_LINES, **encryption: str) -> bytes:
    """Return a PDF whose page n (from 1) holds the lines followed by 'Page n'."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 5, "\n".join((*lines, f"Page {number}")))
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    """Build text PDFs: make_pdf(pages, lines=..., owner_password=..., user_password=...)."""
    return render_pdf


@pytest.fixture
def make_docx() -> Callable[..., bytes]:
    """Build DOCX files: paragraphs, then table rows, then raw block-level XML elements."""

    def build(
        paragraphs: list[str], rows: list[list[str]] | None = None, raw_blocks: tuple[str, ...] = ()
    ) -> bytes:
        document = docx.Document()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for row, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
        body = document.element.body
        for block in raw_blocks:
            body.sectPr.addprevious(parse_xml(block))
        output = io.BytesIO()
        document.save(output)
        return output.getvalue()

    return build
