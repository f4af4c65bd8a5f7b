"""Builders several test packages share: documents made with real tools."""

from __future__ import annotations

from fpdf import FPDF


def scanned_pdf() -> bytes:
    """A PDF with drawings and no text layer, like a scan."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(40, 40, 40)
    for row in range(20):
        pdf.rect(20, 20 + row * 10, 150 - row * 3, 4, style="F")
    return bytes(pdf.output())
