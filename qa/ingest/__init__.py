"""Content in: files, web pages and posts become articles in the corpus folder."""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError
from .document import Document, text_document
from .fetch import is_url, page_document
from .library import Added, Library, render_markdown
from .readers import MAX_BYTES, SUFFIXES, read_bytes

__all__ = [
    "MAX_BYTES",
    "SUFFIXES",
    "Added",
    "Document",
    "Library",
    "read_bytes",
    "read_source",
    "render_markdown",
    "section_of",
    "text_document",
]


def read_source(source: str) -> Document:
    """Read a file (.md, .txt, .html, .docx, .pdf) or fetch an http(s) page as a document.

    Raises:
        SourceError: the file or page can't become an article (the message names it).
        ConfigError: the library for this type is not installed.
    """
    if is_url(source):
        return page_document(source)
    path = Path(source)
    if not path.is_file():
        raise SourceError(source, "no such file" if not path.exists() else "is not a file")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(source, f"can't be read ({e.strerror})") from None
    return read_bytes(data, source)


def section_of(source: str) -> str:
    """The corpus subfolder for a source: web pages under web/, files under files/."""
    return "web" if is_url(source) else "files"
