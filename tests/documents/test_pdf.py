"""PDF extraction through pdfminer.six, in a child process."""

from __future__ import annotations

import io
import random
import time

import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image

from jatify.documents import PDF, ExtractionError, ExtractionLimits, extract_text


def _error_code(data: bytes, limits: ExtractionLimits | None = None) -> str:
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, PDF, limits or ExtractionLimits())
    return caught.value.code


def test_one_page(make_pdf):
    extraction = extract_text(make_pdf(1), PDF)
    assert extraction.page_count == 1
    assert extraction.text.splitlines() == [
        "Jane Doe - Senior Backend Engineer",
        "Experience: eight years of Python, Flask and PostgreSQL.",
        "Built a job queue processing two million tasks a day.",
        "Page 1",
    ]


def test_pages_come_in_order_separated_by_one_blank_line(make_pdf):
    extraction = extract_text(make_pdf(3, lines=("Jane Doe",)), PDF)
    assert extraction.page_count == 3
    assert extraction.text == "Jane Doe\nPage 1\n\nJane Doe\nPage 2\n\nJane Doe\nPage 3"


def test_more_pages_than_the_default_limit(make_pdf):
    assert _error_code(make_pdf(60, lines=("Jane Doe",))) == "too_many_pages"


def test_page_limit_is_inclusive(make_pdf):
    data = make_pdf(3, lines=())
    assert extract_text(data, PDF, ExtractionLimits(max_pages=3)).page_count == 3
    assert _error_code(data, ExtractionLimits(max_pages=2)) == "too_many_pages"


def test_text_is_cut_at_max_chars(make_pdf):
    extraction = extract_text(make_pdf(5), PDF, ExtractionLimits(max_chars=50))
    assert extraction.text == "Jane Doe - Senior Backend Engineer\nExperience: eig"
    assert len(extraction.text) == 50
    assert extraction.page_count == 5


def test_page_with_only_a_drawing_has_no_text():
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 60, style="DF")
    assert _error_code(bytes(pdf.output())) == "no_text"


def test_scanned_page_without_a_text_layer_has_no_text():
    scan = Image.new("RGB", (200, 100), "white")
    for x in range(20, 180, 7):
        scan.putpixel((x, 50), (0, 0, 0))
    pdf = FPDF()
    pdf.add_page()
    pdf.image(scan, x=10, y=10, w=190)
    assert _error_code(bytes(pdf.output())) == "no_text"


@pytest.mark.parametrize(
    "method", [EncryptionMethod.RC4, EncryptionMethod.AES_128, EncryptionMethod.AES_256]
)
def test_document_needing_a_user_password_is_encrypted(make_pdf, method):
    data = make_pdf(1, owner_password="owner", user_password="secret", encryption_method=method)
    assert _error_code(data) == "encrypted"


def test_document_with_only_an_owner_password_is_read(make_pdf):
    extraction = extract_text(make_pdf(1, owner_password="owner"), PDF)
    assert extraction.text.startswith("Jane Doe - Senior Backend Engineer")


def test_truncated_file_is_corrupt(make_pdf):
    data = make_pdf(2)
    assert _error_code(data[: len(data) // 2]) == "corrupt"


def test_garbage_after_a_pdf_header_is_corrupt():
    junk = random.Random(7).randbytes(20_000)
    assert _error_code(b"%PDF-1.7\n" + junk) == "corrupt"


def test_empty_data_is_corrupt():
    assert _error_code(b"") == "corrupt"


def test_tiny_deadline_times_out_instead_of_waiting(make_pdf):
    data = make_pdf(50)
    started = time.monotonic()
    assert _error_code(data, ExtractionLimits(timeout_seconds=0.001)) == "timeout"
    assert time.monotonic() - started < 2


def test_unsupported_content_type_is_a_programming_error(make_pdf):
    with pytest.raises(ValueError, match="unsupported content type"):
        extract_text(make_pdf(1), "image/png")


def test_image_bytes_labelled_pdf_are_corrupt():
    image = io.BytesIO()
    Image.new("RGB", (4, 4)).save(image, "PNG")
    assert _error_code(image.getvalue()) == "corrupt"
