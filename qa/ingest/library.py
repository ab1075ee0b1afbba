"""The corpus folder as a library: add a document as a .md file, find duplicates, delete."""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..chunking import split_sentences
from ..corpus import Article, parse_article_text
from ..corpus_files import SYNONYMS_NAME, is_article
from ..errors import ConfigError, CorpusError, SourceError
from ..settings import Settings, bundled_corpus
from ..synonyms import RuleAdded, with_rule
from .document import Document, one_line

__all__ = ["Added", "Library", "render_markdown"]

_LOCK = threading.Lock()  # one writer at a time: the duplicate check and the write go together
_HEAD_BYTES = 4096


@dataclass(frozen=True)
class Added:
    """What adding a document did: the article's id, title, date and size, or its twin."""

    id: str
    title: str
    date: str | None
    sentences: int
    path: Path
    status: str  # "added", "replaced" or "duplicate" (nothing written)


@dataclass(frozen=True)
class _Entry:
    path: Path
    id: str
    origin: str | None
    checksum: str | None


class Library:
    """A corpus folder that articles can be added to and deleted from."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def of(cls, settings: Settings) -> Library:
        """Return the configured corpus folder, if it can be written.

        Raises:
            ConfigError: the corpus is the bundled one, a single file, or not writable.
        """
        if settings.corpus is None or settings.corpus.resolve() == bundled_corpus().resolve():
            raise ConfigError(
                "the bundled corpus is read-only: set QA_CORPUS (or --corpus) to a folder you "
                "can write, e.g. `export QA_CORPUS=~/news` (copy the bundled .md files there "
                "to keep them)"
            )
        folder = settings.corpus
        if folder.exists() and not folder.is_dir():
            raise ConfigError(f"QA_CORPUS {folder} is a file: adding articles needs a folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ConfigError(f"corpus folder {folder} can't be created ({e.strerror})") from e
        if not os.access(folder, os.W_OK):
            raise ConfigError(f"corpus folder {folder} is not writable")
        return cls(folder)

    def add(
        self, doc: Document, section: str, stem: str | None = None, *, replace: bool = False
    ) -> Added:
        """Write doc as <section>/<stem>.md, unless the same origin or text is already there.

        With replace, an article of the same origin is overwritten (an edited post).

        Raises:
            SourceError: the document can't be written as a readable article.
        """
        with _LOCK:
            entries = self._entries()
            checksum = doc.checksum  # a digest of the whole text: computed once
            same_origin = [e for e in entries if doc.origin and e.origin == doc.origin]
            twin = same_origin or [e for e in entries if e.checksum == checksum]
            if twin and not (replace and same_origin):
                return self._describe(twin[0], "duplicate")
            if same_origin:
                path, status = same_origin[0].path, "replaced"
            else:
                path, status = self._new_path(doc, section, stem), "added"
            article_id = path.relative_to(self.folder).with_suffix("").as_posix()
            text = render_markdown(doc)
            article = _parse(text, article_id, doc)
            _write_atomically(path, text)
        return _added(article, path, status)

    def delete(self, article_id: str) -> Path:
        """Delete the file holding an article; return its path.

        Raises:
            CorpusError: no article has this id.
        """
        with _LOCK:
            for entry in self._entries():
                if entry.id == article_id.strip():
                    entry.path.unlink()
                    return entry.path
        raise CorpusError(self.folder, f"no article with id {article_id!r} (see `qa articles`)")

    def add_synonym(self, rule: str) -> RuleAdded:
        """Add a rule (``a, b`` or ``a => b``) to synonyms.txt beside the articles.

        Raises:
            CorpusError: the rule or the file has a broken line (named), or it can't be written.
        """
        path = self.folder / SYNONYMS_NAME
        with _LOCK:
            text, added = with_rule(path, rule)
            if text is not None:
                try:
                    _write_atomically(path, text)
                except OSError as e:
                    raise CorpusError(path, f"can't be written ({e.strerror})") from e
        return added

    def _new_path(self, doc: Document, section: str, stem: str | None) -> Path:
        day = (doc.date or datetime.now(UTC).date().isoformat()).replace("-", "")[:8]
        base = stem or f"{day}-{doc.checksum[:6]}"
        path = self.folder / section / f"{base}.md"
        n = 2
        while path.exists():
            path, n = self.folder / section / f"{base}-{n}.md", n + 1
        return path

    def _entries(self) -> list[_Entry]:
        out = []
        for path in sorted(self.folder.rglob("*")):
            rel = path.relative_to(self.folder)
            if (
                is_article(path)
                and not any(part.startswith(".") for part in rel.parts)
                and path.is_file()
            ):
                meta = _front_matter(path)
                article_id = meta.get("id", rel.with_suffix("").as_posix())
                out.append(_Entry(path, article_id, meta.get("origin"), meta.get("checksum")))
        return out

    def _describe(self, entry: _Entry, status: str) -> Added:
        try:
            text = entry.path.read_text(encoding="utf-8-sig")
            article = parse_article_text(text, entry.id, entry.path)
        except (OSError, UnicodeDecodeError, CorpusError):
            return Added(entry.id, entry.id, None, 0, entry.path, status)
        return _added(article, entry.path, status)


def _added(article: Article, path: Path, status: str) -> Added:
    count = sum(len(split_sentences(p.text)) for p in article.paragraphs)
    return Added(article.id, article.title, article.date, count, path, status)


def _front_matter(path: Path) -> dict[str, str]:
    """The key: value lines of a file's front matter (only its first few kilobytes are read)."""
    try:
        with path.open("rb") as f:
            head = f.read(_HEAD_BYTES).decode("utf-8-sig", errors="replace")
    except OSError:
        return {}
    lines = head.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    meta: dict[str, str] = {}
    for line in lines[1:]:
        if line.strip() == "---":
            break
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip()
    return meta


def render_markdown(doc: Document) -> str:
    """Return the article as corpus markdown: front matter, then paragraphs under headings."""
    meta = {
        "title": doc.title,
        "date": doc.date,
        "byline": doc.byline,
        "source": doc.source,
        "url": doc.url,
        "origin": doc.origin,
        "checksum": doc.checksum,
    }
    lines = ["---", *(f"{k}: {one_line(v)}" for k, v in meta.items() if v and one_line(v)), "---"]
    heading: str | None = None
    for p in doc.paragraphs:
        if p.heading != heading and p.heading:
            lines += ["", f"## {one_line(p.heading)}"]
        heading = p.heading
        # A line starting with # would read as a heading, a comment would vanish.
        text = one_line(p.text).replace("<!--", "< !--")
        lines += ["", "＃" + text[1:] if text.startswith("#") else text]
    return "\n".join(lines) + "\n"


def _parse(text: str, article_id: str, doc: Document) -> Article:
    try:
        return parse_article_text(text, article_id, doc.origin or doc.title)
    except CorpusError as e:
        raise SourceError(doc.origin or doc.title, e.reason) from None


def _write_atomically(path: Path, text: str) -> None:
    """Write a hidden temporary file next to path, then rename it: readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
