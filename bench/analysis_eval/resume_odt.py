"""A pair's resume as a flat OpenDocument text (.fodt) for LibreOffice to export.

Justified paragraphs with automatic hyphenation (LibreOffice breaks long words at line
ends, which is what the extraction has to join again), list bullets from a list style,
and, in the "tabs" layout, each job's dates at a right-aligned tab stop the way a word
processor user lines them up; "stacked" puts the dates on a line of their own.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)
_STYLES = """
<office:font-face-decls/>
<office:styles>
 <style:style style:name="Standard" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.06cm"/>
  <style:text-properties style:font-name="{font}" fo:font-family="{font}" fo:font-size="10.5pt"
   fo:language="en" fo:country="US" fo:hyphenate="true" fo:hyphenation-remain-char-count="2"
   fo:hyphenation-push-char-count="3"/>
 </style:style>
 <style:style style:name="Name" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-size="20pt" fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.1cm"/>
  <style:text-properties fo:font-size="12.5pt" fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Job" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="start" fo:margin-top="0.15cm">
   <style:tab-stops><style:tab-stop style:position="17cm" style:type="right"/></style:tab-stops>
  </style:paragraph-properties>
  <style:text-properties fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Place" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-style="italic" fo:hyphenate="false"/>
 </style:style>
 <text:list-style style:name="Bullets">
  <text:list-level-style-bullet text:level="1" text:bullet-char="\u2022">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab"
     text:list-tab-stop-position="0.6cm" fo:text-indent="-0.4cm" fo:margin-left="0.6cm"/>
   </style:list-level-properties>
  </text:list-level-style-bullet>
 </text:list-style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="Page">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="1.6cm" fo:margin-bottom="1.6cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="Page"/>
</office:master-styles>
"""


def _p(style: str, text: str) -> str:
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def _bullets(items: list[str]) -> str:
    if not items:
        return ""
    rows = "".join(f"<text:list-item>{_p('Standard', item)}</text:list-item>" for item in items)
    return f'<text:list text:style-name="Bullets">{rows}</text:list>'


def _entry(entry: dict[str, Any], layout: str) -> str:
    title = entry["title"] + (f", {entry['org']}" if entry.get("org") else "")
    dates = entry.get("dates", "")
    if layout == "tabs":
        parts = [
            f'<text:p text:style-name="Job">{escape(title)}<text:tab/>{escape(dates)}</text:p>'
        ]
    else:
        parts = [_p("Job", title), _p("Place", dates)]
    if entry.get("place"):
        parts.append(_p("Place", entry["place"]))
    return "".join(parts) + _bullets(entry.get("bullets", []))


def render_fodt(resume: dict[str, Any], layout: str, font: str = "Liberation Serif") -> str:
    """The whole document as flat ODF XML."""
    body = [_p("Name", resume["name"]), _p("Standard", resume.get("headline", ""))]
    body.append(_p("Standard", resume.get("contact", "")))
    if resume.get("summary"):
        body += [_p("Heading", "Summary"), _p("Standard", resume["summary"])]
    for section in resume.get("section", []):
        body.append(_p("Heading", section["title"]))
        body += [_p("Standard", line) for line in section.get("lines", [])]
        body.append(_bullets(section.get("items", [])))
        body += [_entry(entry, layout) for entry in section.get("entry", [])]
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_NS} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        + _STYLES.format(font=font)
        + "<office:body><office:text>"
        + "".join(body)
        + "</office:text></office:body></office:document>"
    )
