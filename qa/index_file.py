"""An index as the arrays of its file, and back: checked, so that a damaged file fails when it is
loaded, not at some question."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import numpy as np

from .bm25 import BM25
from .corpus import Corpus
from .index import Index, Tokens
from .sentences import SentenceTable
from .vocab import Vocabulary

__all__ = ["FORMAT", "from_arrays", "saved_key", "to_arrays"]

FORMAT = 7  # 7: term frequencies, for updates; 6: traditional articles; 5: OpenCC, bylines


def _text_blob(items: list[str]) -> np.ndarray[Any, np.dtype[np.uint8]]:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _from_blob(blob: np.ndarray[Any, np.dtype[np.uint8]]) -> list[str]:
    text = blob.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def to_arrays(index: Index, key: str) -> dict[str, Any]:
    """The arrays an index is saved as, with its settings key and articles' digests."""
    terms = index.tokens.vocab.terms
    meta = {
        "format": FORMAT,
        "key": key,
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
        "traditional": index.traditional,
    }
    for name, bm25 in (("sent", index.sentence_bm25), ("para", index.paragraph_bm25)):
        out[f"{name}_indptr"] = bm25.indptr
        out[f"{name}_docs"] = bm25.doc_ids
        out[f"{name}_weights"] = bm25.weights
        out[f"{name}_idf"] = bm25.idf
        out[f"{name}_tf"] = bm25.tf if bm25.tf is not None else np.empty(0, np.uint8)
    return out


def from_arrays(corpus: Corpus, a: dict[str, Any]) -> Index:
    """The index saved as these arrays, over this corpus (its stale articles stubbed).

    Raises:
        ValueError: the arrays do not fit together or are not of this format.
        KeyError: an array is missing.
    """
    digests = _digests(_from_blob(a["meta"]))
    vocab = Vocabulary(_from_blob(a["terms"]))
    saved_corpus = _corpus_as_saved(corpus, digests)
    _check_arrays(a, len(vocab), saved_corpus, current=saved_corpus is corpus)
    columns = ("s_article", "s_paragraph", "s_position", "s_start", "s_end")
    table = SentenceTable(saved_corpus.articles, *(a[name] for name in columns))
    if len({len(a[name]) for name in columns}) != 1:
        raise ValueError("sentence table is inconsistent")
    tokens = Tokens(vocab, a["t_ids"].astype(np.int32, copy=False), a["t_offsets"])
    bounds = a["label_offsets"]
    labels = {
        name: a["label_ids"][bounds[i] : bounds[i + 1]]
        for i, name in enumerate(_from_blob(a["label_names"]))
    }
    bm25s = [
        _bm25(a, name, vocab.ids, n)
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
        a["traditional"],
    )


_INTS = (
    *("s_article", "s_paragraph", "s_position", "s_start", "s_end", "t_ids", "t_offsets"),
    *("article_start", "para_of", "para_start", "label_ids", "label_offsets"),
    *("sent_indptr", "sent_docs", "para_indptr", "para_docs"),
)
_FLOATS = ("sent_weights", "sent_idf", "para_weights", "para_idf")


def _check_arrays(a: dict[str, Any], n_terms: int, corpus: Corpus, current: bool) -> None:
    """Raise ValueError unless the arrays fit together.

    A damaged file that loaded anyway would fail later, at some question, with an IndexError.
    """
    for name in _INTS:
        _require(a[name].ndim == 1 and a[name].dtype.kind in "iu", f"{name} is not integers")
    for name in _FLOATS:
        _require(a[name].ndim == 1 and a[name].dtype.kind == "f", f"{name} is not numbers")
    n_sent = len(a["s_article"])
    _offsets(a["t_offsets"], n_sent, len(a["t_ids"]), "t_offsets")
    _offsets(a["article_start"], len(corpus.articles), n_sent, "article_start")
    n_para = len(a["para_start"]) - 1
    _offsets(a["para_start"], n_para, n_sent, "para_start")
    _offsets(a["label_offsets"], len(a["label_offsets"]) - 1, len(a["label_ids"]), "labels")
    for name, high in (("t_ids", n_terms), ("label_ids", n_terms), ("para_of", n_para)):
        _within(a[name], high, name)
    _within(a["s_article"], len(corpus.articles), "s_article")
    traditional = a["traditional"]
    _require(traditional.ndim == 1 and traditional.dtype == bool, "traditional is not flags")
    _require(len(traditional) == len(corpus.articles), "traditional does not match the articles")
    _require(len(a["para_of"]) == n_sent, "para_of does not match the sentences")
    for name in ("s_paragraph", "s_position", "s_start"):
        _within(a[name], 2**31, name)
    _require(bool(np.all(a["s_start"] <= a["s_end"])), "sentence spans are reversed")
    if current:  # stale indexes only lend their tokens; their paragraphs are not read
        counts = np.array([len(x.paragraphs) for x in corpus.articles])
        _require(bool(np.all(a["s_paragraph"] < counts[a["s_article"]])), "bad s_paragraph")
        # Spans are read from their paragraphs' text: one past its end fails at a question.
        first = np.concatenate([[0], np.cumsum(counts)])
        lengths = np.array([len(p.text) for x in corpus.articles for p in x.paragraphs])
        ends = lengths[first[a["s_article"]] + a["s_paragraph"]]
        _require(bool(np.all(a["s_end"] <= ends)), "sentence spans run past their paragraph")
    for name, n_docs in (("sent", n_sent), ("para", n_para)):
        docs = a[f"{name}_docs"]
        _offsets(a[f"{name}_indptr"], n_terms, len(docs), f"{name}_indptr")
        _within(docs, n_docs, f"{name}_docs")
        _require(len(a[f"{name}_weights"]) == len(docs), f"{name}_weights do not match")
        _require(len(a[f"{name}_idf"]) == n_terms, f"{name}_idf does not match the terms")
        tf = a[f"{name}_tf"]
        small = tf.dtype in (np.dtype(np.uint8), np.dtype(np.uint16))
        _require(tf.ndim == 1 and small, f"{name}_tf is not counts")
        _require(len(tf) in (0, len(docs)), f"{name}_tf does not match")


def _require(condition: bool, problem: str) -> None:
    if not condition:
        raise ValueError(problem)


def _offsets(offsets: Any, n: int, total: int, name: str) -> None:
    """Offsets of n runs over total items: from 0 to total, never decreasing."""
    ok = len(offsets) == n + 1 and offsets[0] == 0 and offsets[-1] == total
    _require(ok and bool(np.all(np.diff(offsets) >= 0)), f"{name} are not offsets")


def _within(values: Any, high: int, name: str) -> None:
    _require(
        not len(values) or (values.min() >= 0 and values.max() < high), f"{name} out of range"
    )


def saved_key(meta: Any) -> str | None:
    """The settings key an index was saved with (None before keys were saved)."""
    lines = _from_blob(meta)
    saved = json.loads(lines[0]) if lines else None
    return saved.get("key") if isinstance(saved, dict) else None


def _digests(meta_lines: list[str]) -> list[str]:
    """The article digests recorded in the metadata; ValueError unless it is ours."""
    meta = json.loads(meta_lines[0]) if meta_lines else None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        found = meta.get("format") if isinstance(meta, dict) else type(meta).__name__
        raise ValueError(f"format {found} is not {FORMAT}")
    digests = meta.get("digests")
    if not isinstance(digests, list) or not all(isinstance(d, str) for d in digests):
        raise ValueError("metadata has no list of article digests")
    return digests


def _bm25(a: dict[str, Any], name: str, vocab: dict[str, int], n_docs: int) -> BM25:
    return BM25(
        vocab,
        a[f"{name}_indptr"],
        a[f"{name}_docs"],
        a[f"{name}_weights"],
        a[f"{name}_idf"],
        n_docs,
        a[f"{name}_tf"] if len(a[f"{name}_tf"]) else None,  # empty: a count past 65,535
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
