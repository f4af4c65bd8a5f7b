"""Content sniffing judges bytes only: names and declared types play no part."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from jatify.documents import DOCX, PDF, TEXT, sniff_content_type


def _zip(entries: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return output.getvalue()


def test_pdf_is_recognised_by_its_header(make_pdf):
    assert sniff_content_type(make_pdf(1)) == PDF


def test_pdf_saved_under_a_docx_name_is_still_pdf(make_pdf, tmp_path):
    path = tmp_path / "resume.docx"
    path.write_bytes(make_pdf(1))
    assert sniff_content_type(path.read_bytes()) == PDF


def test_docx_is_recognised(make_docx):
    assert sniff_content_type(make_docx(["Jane Doe"])) == DOCX


@pytest.mark.parametrize(
    "entries",
    [
        {"hello.txt": b"hello"},
        {"word/document.xml": b"<w:document/>"},
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"},
    ],
    ids=["plain-zip", "no-content-types", "spreadsheet"],
)
def test_zip_that_is_not_a_word_document_is_refused(entries):
    assert sniff_content_type(_zip(entries)) is None


def test_zip_with_a_damaged_directory_is_refused(make_docx):
    data = make_docx(["Jane Doe"])
    assert sniff_content_type(data[: len(data) - 30]) is None


def test_zip_needing_an_unknown_zip_version_is_refused(make_docx):
    data = bytearray(make_docx(["Jane Doe"]))
    directory = data.find(b"PK\x01\x02")
    data[directory + 6] = 0xFF  # "version needed to extract": 25.5
    assert sniff_content_type(bytes(data)) is None


@pytest.mark.parametrize(
    "data",
    [
        b"\x7fELF\x02\x01\x01\x00" + bytes(56) + b"\x02\x00\x3e\x00",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"\x1f\x8b\x08\x00" + bytes(16),
        bytes(range(256)) * 4,
        b"",
        codecs.BOM_UTF8,
    ],
    ids=["elf", "mz", "png", "gzip", "binary", "empty", "bom-only"],
)
def test_executables_images_and_junk_are_refused(data):
    assert sniff_content_type(data) is None


@pytest.mark.parametrize(
    "data",
    [
        b"Jane Doe\nSenior engineer\n",
        codecs.BOM_UTF8 + "Renée Müller\r\nIngénieure".encode(),
        "Jürgen — 東京\n".encode("utf-16"),
        codecs.BOM_UTF16_BE + "Jane Doe\n".encode("utf-16-be"),
        b"Name:\tJane\x0cPage two\n",
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "tab-and-form-feed"],
)
def test_text_is_recognised(data):
    assert sniff_content_type(data) == TEXT


@pytest.mark.parametrize(
    "data",
    [
        b"Jane Doe\x00Senior engineer",
        "Renée".encode("latin-1"),
        "Jane Doe".encode("utf-16-le"),
        b"Jane" + b"\x01\x02\x03\x04\x05" * 10 + b"Doe" * 10,
    ],
    ids=["nul", "latin-1", "utf-16-without-bom", "control-heavy"],
)
def test_text_that_is_not_clean_utf_is_refused(data):
    assert sniff_content_type(data) is None
