"""The text layer of a PDF, as paragraphs: lines joined back, page furniture left out."""

from __future__ import annotations

import io
import re
from collections import Counter

from ..errors import SourceError
from ..extras import require

__all__ = ["pdf_paragraphs"]

_PARAGRAPH_END = re.compile(r"[。！？!?；;：:…”』」）)]$")
_PAGE_NUMBER = re.compile(
    r"^(?:第\s*\d+\s*页.*|[-–—\s]*\d+\s*[-–—\s]*|\d+\s*/\s*\d+|page \d+.*)$", re.IGNORECASE
)
_ASCII_END = re.compile(r"[A-Za-z0-9,]$")


def pdf_paragraphs(data: bytes, name: str) -> list[str]:
    """Return the paragraphs of a PDF's text layer.

    Raises:
        SourceError: the PDF is broken, locked, or has no text layer (a scan).
        ConfigError: pypdf is not installed.
    """
    pypdf = require("pypdf", "reading .pdf files")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(name, "is protected by a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except SourceError:
        raise
    except Exception as e:  # pypdf raises many kinds on broken files
        raise SourceError(name, f"can't be read as a PDF ({type(e).__name__}: {e})") from None
    if not any(p.strip() for p in pages):
        raise SourceError(
            name, "has no text layer (a scan?): run OCR on it first, e.g. ocrmypdf, or send text"
        )
    page_lines = [[line.strip() for line in p.splitlines() if line.strip()] for p in pages]
    furniture = _repeated(page_lines)
    lines = [
        line
        for page in page_lines
        for line in page
        if line not in furniture and not _PAGE_NUMBER.match(line)
    ]
    return _join(lines)


def _repeated(pages: list[list[str]]) -> set[str]:
    """Lines found on most pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    counts = Counter(line for page in pages for line in set(page))
    return {line for line, n in counts.items() if n > len(pages) // 2}


def _join(lines: list[str]) -> list[str]:
    """Join lines broken by the layout; a line ending a sentence ends its paragraph."""
    paragraphs: list[str] = []
    current = ""
    for n, line in enumerate(lines):
        sep = " " if current and _ASCII_END.search(current) and line[:1].isascii() else ""
        current += sep + line
        # The first line is kept alone: it is the title more often than not.
        if n == 0 or _PARAGRAPH_END.search(line):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs
