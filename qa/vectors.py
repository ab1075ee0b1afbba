"""Sentence vectors of an index, cached on disk by passage text so only new text is embedded."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .index import Index, ProgressHook
from .semantic import DIM, MODEL, Embedder, Semantic, Vectors, passage_text

__all__ = ["VectorCache", "attach", "passages", "sentence_vectors", "vectors_path"]

logger = logging.getLogger(__name__)

KeyArray = npt.NDArray[np.uint64]


def vectors_path(index_path: Path) -> Path:
    """The vector file kept beside a saved index (``index-X.npz`` → ``vectors-X.npz``)."""
    return index_path.with_name("vectors-" + index_path.name.removeprefix("index-"))


def passages(index: Index) -> list[str]:
    """Every sentence of the index as the model sees it, by sentence id."""
    table = index.sentences
    titles = [a.title for a in table.articles]
    texts = table.texts
    return [passage_text(titles[int(a)], texts[i]) for i, a in enumerate(table.article)]


def _keys(texts: list[str]) -> KeyArray:
    """A 64-bit hash of each passage: what identifies its vector in the cache."""
    digest = b"".join(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest() for t in texts)
    return np.frombuffer(digest, dtype=np.uint64).copy()


class VectorCache:
    """A file of (passage hash, vector) rows; unreadable or foreign files count as empty."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> tuple[KeyArray, Vectors]:
        """Return the saved keys and vectors (empty when there are none)."""
        empty = (np.empty(0, np.uint64), np.empty((0, DIM), np.float16))
        if not self.path.is_file():
            return empty
        try:
            with self.path.open("rb") as f, np.load(f, allow_pickle=False) as data:
                meta = json.loads(data["meta"].tobytes().decode("utf-8"))
                keys, vectors = data["keys"], data["vectors"]
        except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile):
            return empty  # a broken cache only costs time: everything is embedded again
        if meta.get("model") != MODEL or vectors.shape != (len(keys), DIM):
            return empty
        return keys.astype(np.uint64), vectors.astype(np.float16)

    def save(self, keys: KeyArray, vectors: Vectors) -> None:
        """Write keys and vectors atomically (a 0600 temp file, then rename)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        meta = np.frombuffer(json.dumps({"model": MODEL}).encode("utf-8"), dtype=np.uint8)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, meta=meta, keys=keys, vectors=vectors)
            os.replace(tmp, self.path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def sentence_vectors(
    index: Index,
    embedder: Embedder,
    cache: VectorCache | None = None,
    progress: ProgressHook | None = None,
) -> tuple[Vectors, int]:
    """Every sentence's vector, embedding only passages the cache lacks; (vectors, embedded).

    The cache is rewritten with exactly the current passages when anything changed.
    """
    texts = passages(index)
    keys = _keys(texts)
    old_keys, old_vectors = cache.load() if cache is not None else _nothing()
    order = np.argsort(old_keys)
    sorted_keys = old_keys[order]
    pos = np.minimum(np.searchsorted(sorted_keys, keys), max(len(sorted_keys) - 1, 0))
    found = (sorted_keys[pos] == keys) if len(sorted_keys) else np.zeros(len(keys), bool)
    vectors = np.empty((len(texts), DIM), np.float16)
    vectors[found] = old_vectors[order[pos[found]]]
    missing = np.flatnonzero(~found)
    if len(missing):
        vectors[missing] = embedder.passages([texts[i] for i in missing], progress)
    if cache is not None and (len(missing) or len(old_keys) != len(keys)):
        try:
            cache.save(keys, vectors)
        except OSError as e:
            logger.warning("could not save sentence vectors in %s: %s", cache.path, e)
    return vectors, len(missing)


def attach(index: Index, path: Path | None, progress: ProgressHook | None = None) -> Semantic:
    """The semantic side of an index: vectors from the cache file at `path`, the rest embedded."""
    embedder = Embedder()
    cache = VectorCache(path) if path is not None else None
    vectors, _ = sentence_vectors(index, embedder, cache, progress)
    return Semantic(embedder, vectors.astype(np.float32))


def _nothing() -> tuple[KeyArray, Vectors]:
    return np.empty(0, np.uint64), np.empty((0, DIM), np.float16)
