"""Saving and loading built indexes, keyed by corpus content and tokenizer settings."""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from .chunking import MAX_SENTENCE_CHARS
from .corpus import Corpus
from .errors import IndexCacheError
from .index import Index
from .index_file import FORMAT, from_arrays, saved_key, to_arrays
from .settings import Settings
from .vectors import vectors_path

__all__ = ["FORMAT", "IndexStore", "index_key", "is_current"]


def index_key(settings: Settings, corpus: Corpus) -> str:
    """What, besides the articles, decides the index's content."""
    userdict = hashlib.sha1(corpus.userdict.read_bytes()).hexdigest() if corpus.userdict else ""
    return f"{FORMAT}:{settings.tokenizer}:{MAX_SENTENCE_CHARS}:{userdict}"


class IndexStore:
    """A folder of saved indexes, one file per corpus; the settings that built it are inside."""

    def __init__(self, folder: Path, settings_key: str) -> None:
        self.folder = folder
        self.settings_key = settings_key

    @classmethod
    def for_corpus(cls, settings: Settings, corpus: Corpus) -> IndexStore:
        """Return the store in the configured cache folder for this corpus and settings."""
        return cls(settings.cache_path(), index_key(settings, corpus))

    def path_for(self, corpus: Corpus) -> Path:
        """Return the file that holds the index of this corpus (whatever its content)."""
        return self.folder / f"index-{_name(str(corpus.path.resolve()))}.npz"

    def adopt_legacy(self, corpus: Corpus) -> None:
        """Take over the files releases up to format 6 kept for this corpus and settings.

        They named a file by its settings too, so a new user dictionary left the old index
        behind and embedded every sentence again. Their sentence vectors move to this
        release's name (keyed by passage, they serve any tokenizer); their indexes go.
        """
        vectors = vectors_path(self.path_for(corpus))
        _, rest = self.settings_key.split(":", 1)
        for old_format in (6, 5):
            name = f"{corpus.path.resolve()}\n{old_format}:{rest}\n{old_format}"
            old = self.folder / f"index-{_name(name)}.npz"
            if vectors_path(old).exists() and not vectors.exists():
                os.replace(vectors_path(old), vectors)
            vectors_path(old).unlink(missing_ok=True)
            old.unlink(missing_ok=True)

    def load(self, corpus: Corpus) -> Index:
        """Return the saved index of this corpus, current or not (check `is_current`).

        Raises:
            IndexCacheError: there is none, or it can't be read.
        """
        path = self.path_for(corpus)
        if not path.is_file():
            raise IndexCacheError(f"no saved index at {path}")
        try:
            # Open the file ourselves: np.load leaves it open when the zip is broken.
            with path.open("rb") as f, np.load(f, allow_pickle=False) as data:
                # Read before the arrays, which are hundreds of MB at a million sentences.
                if saved_key(data["meta"]) != self.settings_key:
                    raise IndexCacheError(
                        f"saved index {path} was built with another tokenizer, user dictionary"
                        " or release"
                    )
                return from_arrays(corpus, dict(data.items()))
        # A damaged or foreign file can fail in any of these ways; all mean "rebuild".
        except (
            OSError,
            EOFError,
            ValueError,
            KeyError,
            IndexError,
            TypeError,
            AttributeError,
            RecursionError,
            zipfile.BadZipFile,
        ) as e:
            raise IndexCacheError(f"saved index {path} is unreadable ({e})") from e

    def save(self, index: Index) -> Path:
        """Write the index atomically (temp file, then rename) and return its path."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path_for(index.corpus)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, **to_arrays(index, self.settings_key))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return path


def is_current(index: Index, corpus: Corpus) -> bool:
    """True when the index was built from exactly this corpus content."""
    return [a.digest for a in index.corpus.articles] == [a.digest for a in corpus.articles]


def _name(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:16]
