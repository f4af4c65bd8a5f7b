"""PDF text through pdfminer.six, page by page, after counting the pages."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator

from pdfminer.converter import TextConverter
from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from jatify.documents.core import Extraction, ExtractionError, ExtractionLimits, collect_text
from jatify.vocabulary import TextError


def extract_pdf(data: bytes, limits: ExtractionLimits) -> Extraction:
    """Return the text and page count of a PDF, raising ExtractionError for what it can name."""
    try:
        # An empty password opens documents that restrict only editing or printing
        # (an owner password); one that needs a user password raises here.
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        pages = list(itertools.islice(PDFPage.create_pages(document), limits.max_pages + 1))
        if len(pages) > limits.max_pages:
            raise ExtractionError(TextError.TOO_MANY_PAGES)
        text = collect_text(_page_texts(pages), "\n\n", limits.max_chars)
    except PDFEncryptionError as error:
        raise ExtractionError(TextError.ENCRYPTED) from error
    if not text:
        raise ExtractionError(TextError.NO_TEXT)
    return Extraction(text=text, page_count=len(pages))


def _page_texts(pages: list[PDFPage]) -> Iterator[str]:
    """Yield the laid-out text of each page, interpreting a page only when it is asked for."""
    resources = PDFResourceManager(caching=True)
    output = io.StringIO()
    # Vertical position counts for more than pdfminer's default (boxes_flow 0.5), which
    # moves right-aligned boxes, such as a job's dates, past the next section's heading;
    # ordering by position alone (None) interleaves the columns of two-column resumes.
    device = TextConverter(resources, output, laparams=LAParams(boxes_flow=0.8))
    interpreter = PDFPageInterpreter(resources, device)
    for page in pages:
        interpreter.process_page(page)
        yield output.getvalue()
        output.seek(0)
        output.truncate()
