"""A pair's resume built with python-docx, the way Word templates lay resumes out.

Every layout puts the name and contact line in the page header (which text extraction
does not read: the body has to stand on its own).
table: each job is a table row, dates and place in a narrow left cell.
columns: a two-column section, side sections (skills, education) flowing first.
skills-grid: one column, dates after a right tab stop, skills in a three-column table.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt


def _header(document: Any, resume: dict[str, Any]) -> None:
    header = document.sections[0].header.paragraphs[0]
    header.add_run(resume["name"]).bold = True
    header.add_run(f"  |  {resume.get('headline', '')}  |  {resume.get('contact', '')}")


def _bullets(container: Any, items: list[str]) -> None:
    for item in items:
        container.add_paragraph(item, style="List Bullet")


def _title_line(container: Any, entry: dict[str, Any], with_dates: bool) -> None:
    paragraph = container.add_paragraph()
    paragraph.add_run(
        entry["title"] + (f", {entry['org']}" if entry.get("org") else "")
    ).bold = True
    if with_dates and entry.get("dates"):
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(16.5), WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run("\t" + entry["dates"])


def _flow_section(container: Any, section: dict[str, Any], heading_style: str) -> None:
    """A section as paragraphs: heading, lines, items and entries with their dates."""
    container.add_paragraph(section["title"], style=heading_style)
    for line in section.get("lines", []):
        container.add_paragraph(line)
    _bullets(container, section.get("items", []))
    for entry in section.get("entry", []):
        _title_line(container, entry, with_dates=True)
        if entry.get("place"):
            container.add_paragraph(entry["place"]).runs[0].italic = True
        _bullets(container, entry.get("bullets", []))


def _table_section(document: Any, section: dict[str, Any]) -> None:
    """Entries as rows of a two-column table: dates and place left, the rest right."""
    document.add_heading(section["title"], level=1)
    for line in section.get("lines", []):
        document.add_paragraph(line)
    _bullets(document, section.get("items", []))
    entries = section.get("entry", [])
    if not entries:
        return
    table = document.add_table(rows=0, cols=2)
    for entry in entries:
        left, right = table.add_row().cells
        left.width, right.width = Cm(4), Cm(13)
        left.paragraphs[0].text = entry.get("dates", "")
        if entry.get("place"):
            left.add_paragraph(entry["place"])
        right.paragraphs[0].add_run(
            entry["title"] + (f", {entry['org']}" if entry.get("org") else "")
        ).bold = True
        _bullets(right, entry.get("bullets", []))


def _two_columns(document: Any) -> None:
    columns = document.sections[0]._sectPr.find(qn("w:cols"))
    if columns is None:
        columns = OxmlElement("w:cols")
        document.sections[0]._sectPr.append(columns)
    columns.set(qn("w:num"), "2")
    columns.set(qn("w:space"), "567")


def _skills_grid(document: Any, section: dict[str, Any]) -> None:
    document.add_heading(section["title"], level=1)
    skills = [skill for line in section.get("lines", []) for skill in line.split(", ")]
    skills += section.get("items", [])
    rows = (len(skills) + 2) // 3
    table = document.add_table(rows=rows, cols=3)
    for index, skill in enumerate(skills):
        table.cell(index // 3, index % 3).text = skill


def render_docx(resume: dict[str, Any], layout: str) -> bytes:
    """The document's bytes."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    _header(document, resume)
    if resume.get("summary"):
        document.add_paragraph(resume["summary"])
    sections = resume.get("section", [])
    if layout == "table":
        for section in sections:
            _table_section(document, section)
    elif layout == "columns":
        _two_columns(document)
        for section in [s for s in sections if s.get("side")]:
            _flow_section(document, section, "Heading 2")
        document.add_paragraph().add_run().add_break(WD_BREAK.COLUMN)
        for section in [s for s in sections if not s.get("side")]:
            _flow_section(document, section, "Heading 1")
    else:
        for section in sections:
            if section.get("grid"):
                _skills_grid(document, section)
            else:
                _flow_section(document, section, "Heading 1")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
