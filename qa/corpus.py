"""The corpus: articles read from a folder of .md/.txt files or from one .jsonl file."""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .corpus_files import SYNONYMS_NAME, USERDICT_NAME, article_files, side_file
from .errors import CorpusError, EmptyCorpusError
from .synonyms import NO_SYNONYMS, Synonyms, read_synonyms

logger = logging.getLogger(__name__)

__all__ = [
    "Article",
    "Corpus",
    "Paragraph",
    "corpus_signature",
    "load_corpus",
    "make_article",
    "parse_article_text",
]

# origin and checksum are written by `qa add` to recognise a post, page or file added twice.
META_KEYS = ("id", "title", "byline", "date", "source", "url", "origin", "checksum")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ASCII_END = re.compile(r"[A-Za-z0-9]$")
_ASCII_START = re.compile(r"^[A-Za-z0-9]")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of body text, with the subheading it stands under."""

    text: str
    heading: str | None = None


@dataclass(frozen=True)
class Article:
    """One news article: metadata and paragraphs."""

    id: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    byline: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    digest: str = field(default="", compare=False)


@dataclass(frozen=True)
class Corpus:
    """The articles of one corpus, in reading order."""

    path: Path
    articles: tuple[Article, ...]
    userdict: Path | None = None
    synonyms: Synonyms = NO_SYNONYMS  # applied to questions only: not part of the fingerprint


def load_corpus(path: Path | str) -> Corpus:
    """Load a corpus folder, a single article file or a .jsonl file.

    Raises:
        CorpusError: a file can't be read or parsed; the message names the file and line.
        EmptyCorpusError: no article was found.
    """
    root = Path(path)
    if root.is_dir():
        articles = tuple(_article_from_file(f, root) for f in article_files(root))
    elif root.is_file():
        articles = _read_jsonl(root) if root.suffix == ".jsonl" else (_article_from_file(root),)
    else:
        raise CorpusError(root, "no such file or folder")
    if not articles:
        raise EmptyCorpusError(root, "no articles found (expected .md or .txt files, or .jsonl)")
    _check_unique_ids(root, articles)
    folder = root if root.is_dir() else root.parent
    userdict, synonyms = side_file(folder, USERDICT_NAME), side_file(folder, SYNONYMS_NAME)
    return Corpus(
        root,
        articles,
        userdict,
        read_synonyms(synonyms) if synonyms is not None else NO_SYNONYMS,
    )


def corpus_signature(path: Path | str) -> tuple[tuple[str, int, int], ...]:
    """Return (name, mtime, size) of every corpus file: it changes when the corpus is edited."""
    root = Path(path)
    extras = [root / USERDICT_NAME, root / SYNONYMS_NAME]
    files = [*article_files(root, strict=False), *extras] if root.is_dir() else [root]
    out = []
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        out.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(out)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise CorpusError(path, f"can't be read ({e.strerror})") from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        bom = 3 if data.startswith(codecs.BOM_UTF8) else 0  # e.start counts after the BOM
        line = data[: e.start + bom].count(b"\n") + 1
        raise CorpusError(path, "is not UTF-8 text", line) from e
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _article_from_file(path: Path, root: Path | None = None) -> Article:
    default_id = (path.relative_to(root) if root else Path(path.name)).with_suffix("").as_posix()
    return parse_article_text(_read_text(path), default_id, path)


def parse_article_text(text: str, default_id: str, path: Path | str = "<text>") -> Article:
    """Parse one article: optional front matter, a title, headings and paragraphs."""
    # Blank out comments but keep their newlines, so reported line numbers stay true.
    text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    lines = text.split("\n")
    meta, start = _front_matter(lines, path)
    front = set(meta)
    title = meta.pop("title", None)
    paragraphs: list[Paragraph] = []
    heading: str | None = None
    block: list[str] = []

    def flush() -> None:
        if block:
            paragraphs.append(Paragraph(_join_lines(block), heading))
            block.clear()

    for raw in lines[start:]:
        line = raw.strip()
        if not line:
            flush()
        elif title is None:
            title = line.lstrip("#").strip()
        elif line.startswith("#"):
            flush()
            heading = line.lstrip("#").strip() or None
        else:
            block.append(line)
    flush()
    if not title:
        raise CorpusError(path, "has no title")
    if not paragraphs:
        if "title" in front:  # then every line was the title's
            raise CorpusError(path, "has no body text")
        raise CorpusError(
            path, f"has no body text: its first line, {title!r}, is read as the title"
        )
    return make_article(meta.pop("id", default_id), title, paragraphs, meta)


def _front_matter(lines: list[str], path: Path | str) -> tuple[dict[str, str], int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    meta: dict[str, str] = {}
    for number, raw in enumerate(lines[1:], start=2):
        line = raw.strip()
        if line == "---":
            return meta, number
        if not line:
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep:
            raise CorpusError(path, f"front matter line is not 'key: value': {line!r}", number)
        if key not in META_KEYS:
            known = ", ".join(META_KEYS)
            raise CorpusError(path, f"unknown front matter key {key!r} (known: {known})", number)
        if value.strip():
            meta[key] = value.strip()
    raise CorpusError(path, "front matter opened with '---' is never closed", 1)


def _join_lines(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        # Latin words broken across lines need a space back; Chinese text joins directly.
        sep = " " if _ASCII_END.search(out) and _ASCII_START.match(line) else ""
        out += sep + line
    return out


def make_article(
    article_id: str, title: str, paragraphs: list[Paragraph], meta: dict[str, str]
) -> Article:
    """Return an article with its content digest (used to key saved indexes)."""
    h = hashlib.sha1(article_id.encode())
    h.update(json.dumps([title, meta, [(p.heading, p.text) for p in paragraphs]]).encode())
    return Article(
        id=article_id,
        title=title,
        paragraphs=tuple(paragraphs),
        byline=meta.get("byline"),
        date=meta.get("date"),
        source=meta.get("source"),
        url=meta.get("url"),
        digest=h.hexdigest(),
    )


def _read_jsonl(path: Path) -> tuple[Article, ...]:
    return tuple(_iter_jsonl(path, _read_text(path)))


def _iter_jsonl(path: Path, text: str) -> Iterator[Article]:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield _jsonl_article(path, number, line)


def _jsonl_article(path: Path, number: int, line: str) -> Article:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise CorpusError(path, f"invalid JSON ({e.msg}, column {e.colno})", number) from e
    except RecursionError:
        raise CorpusError(path, "invalid JSON (nested too deeply)", number) from None
    except ValueError as e:  # e.g. an integer longer than Python converts
        raise CorpusError(path, f"invalid JSON ({e})", number) from None
    if not isinstance(obj, dict):
        raise CorpusError(path, "each line must be a JSON object", number)
    for key in ("title", "text"):
        if not isinstance(obj.get(key), str) or not obj[key].strip():
            raise CorpusError(path, f"missing or empty {key!r} string", number)
    meta = {k: str(obj[k]) for k in META_KEYS if obj.get(k) not in (None, "")}
    paragraphs = [Paragraph(p.strip()) for p in obj["text"].split("\n") if p.strip()]
    return make_article(
        meta.pop("id", f"{path.stem}-{number}"), meta.pop("title"), paragraphs, meta
    )


def _check_unique_ids(root: Path, articles: tuple[Article, ...]) -> None:
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise CorpusError(root, f"duplicate article id {article.id!r}")
        seen.add(article.id)
