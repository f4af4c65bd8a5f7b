"""Render every pair's resume with its real tool into documents/ (run by analysis_eval --rebuild).

Usage: `python bench/analysis_eval/build.py [NAME ...]`, NAME a pair file's stem.
Tools, by a pair's `tool`:
- chromium: the HTML page printed to PDF by headless Chromium (`apt-get install chromium`);
- libreoffice-pdf / libreoffice-docx: the flat ODT exported by LibreOffice
  (`apt-get install libreoffice-writer-nogui hyphen-en-us`);
- python-docx: a DOCX built by python-docx.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from resume_docx import render_docx
from resume_html import render_html
from resume_odt import render_fodt

HERE = Path(__file__).resolve().parent
PAIRS = HERE / "pairs"
DOCUMENTS = HERE / "documents"
TOOL_SECONDS = 120
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def _chromium(html: str, target: Path, work: Path) -> None:
    page = work / "resume.html"
    page.write_text(html, encoding="utf-8")
    subprocess.run(
        [
            shutil.which("chromium") or "chromium",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={work / 'profile'}",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=TOOL_SECONDS,
    )


def _libreoffice(fodt: str, target: Path, work: Path) -> None:
    source = work / f"{target.stem}.fodt"
    source.write_text(fodt, encoding="utf-8")
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target.suffix[1:],
            "--outdir",
            str(target.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=TOOL_SECONDS,
    )


def build(pair_file: Path) -> Path:
    """Render one pair's resume; the path of the document written."""
    pair = tomllib.loads(pair_file.read_text(encoding="utf-8"))
    tool, layout, resume = pair["tool"], pair["layout"], pair["resume"]
    suffix = ".docx" if tool in ("python-docx", "libreoffice-docx") else ".pdf"
    target = DOCUMENTS / f"{pair_file.stem}{suffix}"
    with tempfile.TemporaryDirectory(prefix="analysis-eval-") as folder:
        work = Path(folder)
        if tool == "chromium":
            _chromium(render_html(resume, layout), target, work)
        elif tool.startswith("libreoffice-"):
            _libreoffice(
                render_fodt(resume, layout, pair.get("font", "Liberation Serif")), target, work
            )
        elif tool == "python-docx":
            target.write_bytes(render_docx(resume, layout))
        else:
            raise ValueError(f"{pair_file.name}: unknown tool {tool!r}")
    return target


def main(names: list[str]) -> None:
    """Build the named pairs' documents, or every pair's."""
    DOCUMENTS.mkdir(exist_ok=True)
    files = sorted(PAIRS.glob("*.toml"))
    for pair_file in files:
        if names and pair_file.stem not in names:
            continue
        for stale in DOCUMENTS.glob(f"{pair_file.stem}.*"):
            stale.unlink()
        target = build(pair_file)
        print(f"{target.relative_to(HERE)}: {target.stat().st_size / 1024:.1f} KiB")


if __name__ == "__main__":
    main(sys.argv[1:])
