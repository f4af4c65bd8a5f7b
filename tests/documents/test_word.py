"""DOCX extraction: python-docx behind a decompression-bomb check, in a child process."""

from __future__ import annotations

import io
import zipfile

import pytest

from jatify.documents import DOCX, ExtractionError, ExtractionLimits, extract_text

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
CONTENT_CONTROL = (
    f"<w:sdt {NAMESPACES}><w:sdtPr/><w:sdtContent>"
    "<w:p><w:r><w:t>Phone: 555 0100</w:t></w:r></w:p>"
    "</w:sdtContent></w:sdt>"
)
# Word writes every text box twice: the modern drawing and a VML copy for old readers.
TEXT_BOX = (
    f"<w:p {NAMESPACES}><w:r><w:t>Anchor</w:t></w:r><w:r><mc:AlternateContent>"
    "<mc:Choice Requires='wps'><w:drawing><w:txbxContent>"
    "<w:p><w:r><w:t>Skills: Python, SQL</w:t></w:r></w:p>"
    "</w:txbxContent></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
    "<w:p><w:r><w:t>Skills: Python, SQL</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r></w:p>"
)
TRACKED_CHANGES = (
    f"<w:p {NAMESPACES}><w:r><w:t>Lead</w:t></w:r>"
    "<w:del><w:r><w:delText> intern</w:delText></w:r></w:del>"
    "<w:ins><w:r><w:t xml:space='preserve'> engineer</w:t></w:r></w:ins>"
    "<w:r><w:tab/><w:t>2019</w:t></w:r></w:p>"
)
CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns='
    b'"http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def _error(data: bytes, limits: ExtractionLimits | None = None) -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, DOCX, limits or ExtractionLimits())
    return caught.value


def test_paragraphs_and_table_cells_in_document_order(make_docx):
    data = make_docx(
        ["Jane Doe", "", "", "Senior Backend Engineer"],
        rows=[["Python", "8 years"], ["PostgreSQL", "6 years"]],
    )
    extraction = extract_text(data, DOCX)
    assert extraction.text == (
        "Jane Doe\n\nSenior Backend Engineer\nPython\t8 years\nPostgreSQL\t6 years"
    )
    assert extraction.page_count is None


def test_content_controls_text_boxes_and_tracked_changes(make_docx):
    data = make_docx(["Jane Doe"], raw_blocks=(CONTENT_CONTROL, TEXT_BOX, TRACKED_CHANGES))
    assert extract_text(data, DOCX).text == (
        "Jane Doe\nPhone: 555 0100\nAnchor\nSkills: Python, SQL\nLead engineer\t2019"
    )


def test_text_is_cut_at_max_chars(make_docx):
    data = make_docx([f"Paragraph {number}" for number in range(1000)])
    extraction = extract_text(data, DOCX, ExtractionLimits(max_chars=30))
    assert extraction.text == "Paragraph 0\nParagraph 1\nParagr"


def test_document_without_text(make_docx):
    assert _error(make_docx(["", "   "], rows=[["", ""]])).code == "no_text"


def test_damaged_archive_is_corrupt(make_docx):
    data = make_docx(["Jane Doe"])
    assert _error(data[: len(data) // 2]).code == "corrupt"


def test_archive_that_is_not_a_word_package_is_corrupt():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", b"<not-word/>")
    assert _error(output.getvalue()).code == "corrupt"


def test_size_limit_is_checked_before_parsing(make_docx):
    data = make_docx(["Jane Doe"])
    error = _error(data, ExtractionLimits(max_docx_uncompressed_bytes=1024))
    assert error.code == "corrupt"
    assert error.message == "The document unpacks to more than the size limit"


def _bomb(template: bytes, unpacked_bytes: int) -> bytes:
    """A real package whose document.xml is padded with empty paragraphs, packed ~1000:1."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for entry in source.infolist():
            if entry.filename != "word/document.xml":
                archive.writestr(entry, source.read(entry))
        document_xml = source.read("word/document.xml")
        head, tail = document_xml.split(b"<w:body>")
        chunk = b"<w:p/>" * 10_000
        with archive.open("word/document.xml", "w") as document:
            document.write(head + b"<w:body>")
            for _ in range(unpacked_bytes // len(chunk)):
                document.write(chunk)  # streamed: the test never holds the whole entry
            document.write(tail)
    return output.getvalue()


def test_bomb_template_is_readable_when_small(make_docx):
    assert extract_text(_bomb(make_docx(["Jane Doe"]), 512 * 1024), DOCX).text == "Jane Doe"


def test_decompression_bomb_is_refused_by_its_total_size(make_docx):
    data = _bomb(make_docx(["Jane Doe"]), 200 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    error = _error(data)
    assert (error.code, error.message) == (
        "corrupt",
        "The document unpacks to more than the size limit",
    )


def test_decompression_bomb_under_the_total_is_refused_by_its_ratio(make_docx):
    error = _error(_bomb(make_docx(["Jane Doe"]), 10 * 1024 * 1024))
    assert (error.code, error.message) == (
        "corrupt",
        "The document is compressed suspiciously well",
    )
