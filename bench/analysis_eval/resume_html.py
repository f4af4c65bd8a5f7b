"""A pair's resume as an HTML page for Chromium's print-to-PDF, in one of three layouts.

classic: one column, each job's dates right-aligned on the title row (flexbox).
sidebar: a CSS grid with contact, skills and education in a narrow left column.
timeline: dates in a left gutter beside each job, a serif font with ligatures.
"""

from __future__ import annotations

from html import escape
from typing import Any

_BASE_CSS = """
@page { size: A4; margin: 16mm 15mm; }
body { margin: 0; font-size: 10.5pt; line-height: 1.35; color: #222; }
h1 { font-size: 22pt; margin: 0 0 2pt; } h2 { font-size: 12pt; margin: 12pt 0 4pt;
  text-transform: uppercase; letter-spacing: 0.5pt; border-bottom: 1px solid #999; }
.headline { font-size: 12pt; color: #555; } .contact { font-size: 9.5pt; color: #555; }
.entry { margin: 0 0 7pt; break-inside: avoid; } .place { color: #666; font-size: 9.5pt; }
ul { margin: 2pt 0 0; padding-left: 14pt; } li { margin: 1pt 0; } p { margin: 2pt 0; }
"""
_LAYOUT_CSS = {
    "classic": """
body { font-family: "Liberation Sans", sans-serif; }
.title-row { display: flex; justify-content: space-between; font-weight: bold; }
""",
    "sidebar": """
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; }
.page { display: grid; grid-template-columns: 33% 1fr; gap: 16pt; }
aside { background: #f1f4f8; padding: 8pt; } aside h2 { font-size: 10.5pt; }
.title-row { display: flex; justify-content: space-between; font-weight: bold; gap: 8pt; }
""",
    "timeline": """
body { font-family: "DejaVu Serif", serif; }
.entry { display: grid; grid-template-columns: 26mm 1fr; gap: 8pt; }
.dates { color: #555; font-size: 9.5pt; padding-top: 1pt; } .title-row { font-weight: bold; }
""",
}


def _entry(entry: dict[str, Any], layout: str) -> str:
    """One job, degree or project."""
    title = escape(entry["title"]) + (f", {escape(entry['org'])}" if entry.get("org") else "")
    dates = f'<span class="dates">{escape(entry.get("dates", ""))}</span>'
    place = f'<div class="place">{escape(entry["place"])}</div>' if entry.get("place") else ""
    bullets = "".join(f"<li>{escape(bullet)}</li>" for bullet in entry.get("bullets", ()))
    body = place + (f"<ul>{bullets}</ul>" if bullets else "")
    if layout == "timeline":
        return (
            f'<div class="entry">{dates}<div><div class="title-row">{title}</div>{body}</div></div>'
        )
    return (
        f'<div class="entry"><div class="title-row"><span>{title}</span>{dates}</div>{body}</div>'
    )


def _section(section: dict[str, Any], layout: str) -> str:
    """A heading with its entries, paragraphs and bulleted items."""
    parts = [f"<h2>{escape(section['title'])}</h2>"]
    parts += [f"<p>{escape(line)}</p>" for line in section.get("lines", ())]
    if section.get("items"):
        parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in section["items"]) + "</ul>")
    parts += [_entry(entry, layout) for entry in section.get("entry", ())]
    return "<section>" + "".join(parts) + "</section>"


def render_html(resume: dict[str, Any], layout: str) -> str:
    """The whole page."""
    head = (
        f"<header><h1>{escape(resume['name'])}</h1>"
        f'<div class="headline">{escape(resume.get("headline", ""))}</div>'
        f'<div class="contact">{escape(resume.get("contact", ""))}</div></header>'
    )
    summary = f"<p>{escape(resume['summary'])}</p>" if resume.get("summary") else ""
    sections = resume.get("section", [])
    if layout == "sidebar":
        side = "".join(_section(s, layout) for s in sections if s.get("side"))
        main = "".join(_section(s, layout) for s in sections if not s.get("side"))
        body = f'{head}<div class="page"><aside>{side}</aside><main>{summary}{main}</main></div>'
    else:
        body = head + summary + "".join(_section(s, layout) for s in sections)
    css = _BASE_CSS + _LAYOUT_CSS[layout]
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(resume['name'])}</title><style>{css}</style></head>"
        f"<body>{body}</body></html>"
    )
