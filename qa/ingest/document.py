"""A document on its way into the corpus: title, paragraphs and where it came from."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ..corpus import Paragraph
from ..errors import SourceError

__all__ = ["Document", "paragraphs_of_lines", "text_document"]

TITLE_MAX_CHARS = 60
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[。！？!?；;]")


@dataclass(frozen=True)
class Document:
    """Text taken from a file, a web page or a post, before it is written as an article."""

    title: str
    paragraphs: tuple[Paragraph, ...]
    date: str | None = None
    byline: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str | None = None  # a URL, a post (telegram:<chat>/<message>) or a file's hash

    @cached_property
    def checksum(self) -> str:
        """Return a digest of the text alone, to recognise the same article sent twice."""
        h = hashlib.sha256(_squash(self.title).encode())
        for p in self.paragraphs:
            h.update(b"\n" + _squash(p.text).encode())
        return h.hexdigest()[:16]

    @property
    def chars(self) -> int:
        """Return the number of characters of body text."""
        return sum(len(p.text) for p in self.paragraphs)


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def one_line(text: str) -> str:
    """Return text with runs of white space (newlines too) made one space."""
    return _SPACE.sub(" ", text).strip()


def paragraphs_of_lines(lines: Iterable[str]) -> list[Paragraph]:
    """Return one paragraph per non-empty line."""
    return [Paragraph(one_line(line)) for line in lines if line.strip()]


def text_document(text: str, name: str, **meta: str | None) -> Document:
    """Turn pasted text or a post into a document: a short first line is its title.

    Raises:
        SourceError: the text is empty.
    """
    lines = [one_line(line) for line in text.splitlines() if line.strip()]
    if not lines:
        raise SourceError(name, "has no text")
    first = lines[0].lstrip("#").strip()
    if len(lines) > 1 and 0 < len(first) <= TITLE_MAX_CHARS:
        return Document(first, tuple(paragraphs_of_lines(lines[1:])), **meta)
    return Document(short_title(lines[0]), tuple(paragraphs_of_lines(lines)), **meta)


def short_title(text: str) -> str:
    """Return the first sentence of text, cut to a title's length."""
    head = _SENTENCE_END.split(text, maxsplit=1)[0].strip() or text.strip()
    return head if len(head) <= TITLE_MAX_CHARS else head[: TITLE_MAX_CHARS - 1] + "…"
