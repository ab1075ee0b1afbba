"""Saving and loading built indexes, keyed by corpus content and tokenizer settings."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from .bm25 import BM25
from .corpus import Corpus
from .errors import IndexCacheError
from .index import Index, SentenceTable, Tokens

__all__ = ["FORMAT", "IndexStore"]

FORMAT = 5  # 5: traditional → simplified by phrase (OpenCC); bylines indexed with titles


class IndexStore:
    """A folder of saved indexes, one file per corpus and settings."""

    def __init__(self, folder: Path, settings_key: str) -> None:
        self.folder = folder
        self.settings_key = settings_key

    def path_for(self, corpus: Corpus) -> Path:
        """Return the file that holds the index of this corpus (whatever its content)."""
        name = f"{corpus.path.resolve()}\n{self.settings_key}\n{FORMAT}"
        return self.folder / f"index-{hashlib.sha1(name.encode()).hexdigest()[:16]}.npz"

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
                return _index_from_arrays(corpus, dict(data.items()))
        except (
            OSError,
            EOFError,
            ValueError,
            KeyError,
            zipfile.BadZipFile,
            UnicodeDecodeError,
        ) as e:
            raise IndexCacheError(f"saved index {path} is unreadable ({e})") from e

    def save(self, index: Index) -> Path:
        """Write the index atomically (temp file, then rename) and return its path."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path_for(index.corpus)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, **_arrays(index))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return path


def is_current(index: Index, corpus: Corpus) -> bool:
    """True when the index was built from exactly this corpus content."""
    return [a.digest for a in index.corpus.articles] == [a.digest for a in corpus.articles]


def _text_blob(items: list[str]) -> np.ndarray[Any, np.dtype[np.uint8]]:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _from_blob(blob: np.ndarray[Any, np.dtype[np.uint8]]) -> list[str]:
    text = blob.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def _arrays(index: Index) -> dict[str, Any]:
    terms = index.tokens.terms
    meta = {
        "format": FORMAT,
        "digests": [a.digest for a in index.corpus.articles],
    }
    out: dict[str, Any] = {
        "meta": _text_blob([json.dumps(meta)]),
        "s_start": index.sentences.start,
        "s_end": index.sentences.end,
        "terms": _text_blob(terms),
        "s_article": index.sentences.article,
        "s_paragraph": index.sentences.paragraph,
        "s_position": index.sentences.position,
        "t_ids": index.tokens.ids,
        "label_names": _text_blob(list(index.labels)),
        "label_ids": np.concatenate(list(index.labels.values()) or [np.empty(0, np.int64)]),
        "label_offsets": np.cumsum([0, *(len(v) for v in index.labels.values())]),
        "t_offsets": index.tokens.offsets,
        "article_start": index.article_start,
        "para_of": index.para_of,
        "para_start": index.para_start,
    }
    for name, bm25 in (("sent", index.sentence_bm25), ("para", index.paragraph_bm25)):
        out[f"{name}_indptr"] = bm25.indptr
        out[f"{name}_docs"] = bm25.doc_ids
        out[f"{name}_weights"] = bm25.weights
        out[f"{name}_idf"] = bm25.idf
    return out


def _index_from_arrays(corpus: Corpus, a: dict[str, Any]) -> Index:
    meta = json.loads(_from_blob(a["meta"])[0])
    if meta.get("format") != FORMAT:
        raise ValueError(f"format {meta.get('format')} is not {FORMAT}")
    terms = _from_blob(a["terms"])
    digests = meta["digests"]
    saved_corpus = _corpus_as_saved(corpus, digests)
    columns = ("s_article", "s_paragraph", "s_position", "s_start", "s_end")
    table = SentenceTable(saved_corpus.articles, *(a[name] for name in columns))
    if len({len(a[name]) for name in columns}) != 1:
        raise ValueError("sentence table is inconsistent")
    tokens = Tokens(terms, a["t_ids"].astype(np.int32, copy=False), a["t_offsets"])
    bounds = a["label_offsets"]
    labels = {
        name: a["label_ids"][bounds[i] : bounds[i + 1]]
        for i, name in enumerate(_from_blob(a["label_names"]))
    }
    vocab = {t: i for i, t in enumerate(terms)}
    bm25s = [
        _bm25(a, name, vocab, n)
        for name, n in (("sent", len(table)), ("para", len(a["para_start"]) - 1))
    ]
    return Index(
        saved_corpus,
        table,
        tokens,
        a["article_start"],
        a["para_of"],
        a["para_start"],
        bm25s[0],
        bm25s[1],
        labels,
    )


def _bm25(a: dict[str, Any], name: str, vocab: dict[str, int], n_docs: int) -> BM25:
    return BM25(
        vocab,
        a[f"{name}_indptr"],
        a[f"{name}_docs"],
        a[f"{name}_weights"],
        a[f"{name}_idf"],
        n_docs,
    )


def _corpus_as_saved(corpus: Corpus, digests: list[str]) -> Corpus:
    """The corpus the index was built from: the current one when unchanged, else a stub."""
    if [a.digest for a in corpus.articles] == digests:
        return corpus
    # A stale index only serves to reuse unchanged articles' tokens; keep their digests.
    by_digest = {a.digest: a for a in corpus.articles}
    stub = corpus.articles[0]
    articles = tuple(by_digest.get(d) or replace(stub, digest=d) for d in digests)
    return Corpus(corpus.path, articles, corpus.userdict)
