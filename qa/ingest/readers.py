"""Readers turning the bytes of a .md/.txt, .html, .docx or .pdf file into a document."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import PurePath

from ..corpus import Paragraph, parse_article_text
from ..errors import CorpusError, SourceError
from ..extras import require
from .document import Document, one_line, text_document
from .pdf import pdf_paragraphs
from .sniff import KIND_NAMES, decode_text, sniff

__all__ = ["MAX_BYTES", "SUFFIXES", "html_document", "read_bytes"]

MAX_BYTES = 20 * 1024 * 1024  # what Telegram lets a bot download; plenty for an article
# The kinds each suffix may hold: a .md may well contain HTML tags.
_KINDS = {
    ".md": ("text", "html"),
    ".markdown": ("text", "html"),
    ".txt": ("text", "html"),
    ".html": ("html",),
    ".htm": ("html",),
    ".docx": ("docx",),
    ".pdf": ("pdf",),
}
SUFFIXES = tuple(_KINDS)
MIN_PAGE_CHARS = 30  # less is a menu or a list of links, not an article


def read_bytes(data: bytes, name: str, *, url: str | None = None) -> Document:
    """Turn the content of a file called name into a document.

    Raises:
        SourceError: unsupported type, not what its name says, too large, or no text.
        ConfigError: the library reading this type is not installed.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix not in _KINDS:
        shown = f"'{suffix}'" if suffix else "without a suffix"
        raise SourceError(name, f"unsupported file type {shown} (use {', '.join(SUFFIXES)})")
    if len(data) > MAX_BYTES:
        raise SourceError(name, f"is too large ({len(data) / 2**20:.0f} MB; at most 20 MB)")
    kind = sniff(data)
    if kind == "empty":
        raise SourceError(name, "is empty")
    if kind not in _KINDS[suffix]:
        raise SourceError(name, f"is not {_expected(suffix)}: it looks like {KIND_NAMES[kind]}")
    origin = "sha256:" + hashlib.sha256(data).hexdigest()[:32]
    reader = _READERS[suffix]
    return reader(data, name, url or None, origin)


def _expected(suffix: str) -> str:
    return {".docx": "a Word .docx file", ".pdf": "a PDF", ".html": "an HTML page"}.get(
        suffix, "text"
    )


def _text(data: bytes, name: str, url: str | None, origin: str) -> Document:
    text = decode_text(data)
    if text is None:  # sniff() said text, so this does not happen; keeps mypy honest
        raise SourceError(name, "is not text")
    if not text.lstrip().startswith("---") and PurePath(name).suffix.lower() == ".txt":
        return text_document(text, name, url=url, origin=origin)
    try:
        article = parse_article_text(text, "upload", name)
    except CorpusError as e:
        raise SourceError(name if e.line is None else f"{name}:{e.line}", e.reason) from None
    return Document(
        article.title,
        article.paragraphs,
        article.date,
        article.byline,
        article.source,
        article.url or url,
        origin,
    )


def html_document(data: bytes, name: str, url: str | None, origin: str) -> Document:
    """Extract the article of a web page with trafilatura: no menus, footers or ads."""
    trafilatura = require("trafilatura", "reading HTML")
    found = trafilatura.bare_extraction(
        data,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    text = getattr(found, "text", None) or ""
    lines = [one_line(line) for line in text.splitlines() if line.strip()]
    if sum(len(line) for line in lines) < MIN_PAGE_CHARS:
        raise SourceError(name, "has no article text (a home page, a list of links, a login?)")
    title = one_line(getattr(found, "title", None) or "")
    if not title:
        return text_document("\n".join(lines), name, url=url, origin=origin)
    if one_line(lines[0]) == title and len(lines) > 1:
        lines = lines[1:]
    return Document(
        title,
        tuple(Paragraph(line) for line in lines),
        date=getattr(found, "date", None) or None,
        byline=getattr(found, "author", None) or None,
        source=getattr(found, "sitename", None) or None,
        url=url,
        origin=origin,
    )


def _docx(data: bytes, name: str, url: str | None, origin: str) -> Document:
    docx = require("docx", "reading .docx files")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises whatever zipfile or lxml raise
        raise SourceError(name, f"can't be read as a Word .docx file ({e})") from None
    title: str | None = None
    heading: str | None = None
    paragraphs: list[Paragraph] = []
    for p in document.paragraphs:
        text = one_line(p.text)
        style = (p.style.name if p.style is not None else "") or ""
        if not text:
            continue
        if title is None and not paragraphs and style in ("Title", "Heading 1"):
            title = text
        elif style.startswith(("Heading", "Title")):
            heading = text
        else:
            paragraphs.append(Paragraph(text, heading))
    if title is None:
        lines = [p.text for p in paragraphs]
        return text_document("\n".join(lines), name, url=url, origin=origin)
    if not paragraphs:
        raise SourceError(name, "has a title but no body text")
    return Document(title, tuple(paragraphs), url=url, origin=origin)


def _pdf(data: bytes, name: str, url: str | None, origin: str) -> Document:
    lines = pdf_paragraphs(data, name)
    return text_document("\n".join(lines), name, url=url, origin=origin)


_READERS: dict[str, Callable[[bytes, str, str | None, str], Document]] = {
    ".md": _text,
    ".markdown": _text,
    ".txt": _text,
    ".html": html_document,
    ".htm": html_document,
    ".docx": _docx,
    ".pdf": _pdf,
}
