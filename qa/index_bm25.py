"""The index's two BM25s, over sentences and over paragraphs (with their title and heading):
built whole, or updated from the previous index when only some articles changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from .bm25 import BM25
from .bm25_update import renumbered, updated

if TYPE_CHECKING:
    from .index import Index, Plan, Tokens

__all__ = ["bm25_pair", "joined"]

IntArray = npt.NDArray[np.int32]


def bm25_pair(
    tokens: Tokens,
    para_of: IntArray,
    para_start: IntArray,
    heading_ids: list[npt.NDArray[np.int64]],
    runs: Plan,
    previous: Index | None,
) -> tuple[BM25, BM25]:
    """The sentence and paragraph BM25s; `runs` says which sentences the previous index had.

    Both share one vocabulary: one dictionary to build, save and load.
    """
    if previous is not None:
        pair = _updated(tokens, para_of, para_start, heading_ids, runs, previous)
        if pair is not None:
            return pair
    n, n_para = len(para_of), len(para_start) - 1
    sent_doc = np.repeat(np.arange(n, dtype=np.int32), np.diff(tokens.offsets))
    sentence_bm25 = BM25.from_term_ids(tokens.vocab.ids, tokens.ids, sent_doc, n)
    para_doc = np.concatenate([para_of[sent_doc], _heading_docs(heading_ids)])
    del sent_doc  # memory: one int per token of the corpus
    para_ids = np.concatenate([tokens.ids, joined(heading_ids).astype(np.int32)])
    paragraph_bm25 = BM25.from_term_ids(tokens.vocab.ids, para_ids, para_doc, n_para)
    return sentence_bm25, paragraph_bm25


def _updated(
    tokens: Tokens,
    para_of: IntArray,
    para_start: IntArray,
    heading_ids: list[npt.NDArray[np.int64]],
    runs: Plan,
    previous: Index,
) -> tuple[BM25, BM25] | None:
    """Both BM25s from the previous index's postings and the new sentences' tokens; None when
    less than half the sentences are the previous index's, when its articles changed order or
    when a count overflows (then they are built whole, which costs less or is needed)."""
    old, new, fresh = _moves(runs)
    if 2 * len(old) < len(para_of):
        return None
    moved = renumbered(old, new, len(previous.para_of))
    para_moved = renumbered(previous.para_of[old], para_of[new], len(previous.para_start) - 1)
    if moved is None or para_moved is None:
        return None
    vocab = tokens.vocab.ids
    term_ids, doc_of = _tokens_of(tokens, fresh)
    lengths = np.diff(tokens.offsets)
    sentence_bm25 = updated(previous.sentence_bm25, moved, vocab, term_ids, doc_of, lengths)
    if sentence_bm25 is None:
        return None
    # A paragraph's words are its sentences' and its title's and heading's.
    para_lengths = np.array([len(h) for h in heading_ids], dtype=np.int64)
    if len(para_lengths):
        para_lengths += np.add.reduceat(lengths, para_start[:-1])
    paragraphs = np.unique(para_of[fresh])
    headings = [heading_ids[p] for p in paragraphs.tolist()]
    para_ids = np.concatenate([term_ids, joined(headings).astype(np.int32)])
    para_doc = np.concatenate([para_of[doc_of], np.repeat(paragraphs, [len(h) for h in headings])])
    old_para = previous.paragraph_bm25
    paragraph_bm25 = updated(old_para, para_moved, vocab, para_ids, para_doc, para_lengths)
    return None if paragraph_bm25 is None else (sentence_bm25, paragraph_bm25)


def _moves(runs: Plan) -> tuple[IntArray, IntArray, IntArray]:
    """The reused sentences' old and new numbers, and the new sentences' numbers."""
    old, new, fresh = [], [], []
    at = 0  # sentences of the new index laid out so far
    for reused, lo, hi in runs:
        ids = np.arange(at, at + hi - lo, dtype=np.int32)
        if reused:
            old.append(np.arange(lo, hi, dtype=np.int32))
            new.append(ids)
        else:
            fresh.append(ids)
        at += hi - lo
    return joined(old, np.int32), joined(new, np.int32), joined(fresh, np.int32)


def _tokens_of(tokens: Tokens, sentences: IntArray) -> tuple[IntArray, IntArray]:
    """The sentences' tokens: each one's term id and sentence."""
    starts = tokens.offsets[sentences]
    lengths = tokens.offsets[sentences + 1] - starts
    before = np.cumsum(lengths) - lengths  # tokens of the earlier sentences picked
    picked = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts - before, lengths)
    return tokens.ids[picked], np.repeat(sentences, lengths)


def _heading_docs(heading_ids: list[npt.NDArray[np.int64]]) -> IntArray:
    """Each heading token's paragraph: one np.repeat, not an array per paragraph (a million
    sentences have 200,000 of them)."""
    lengths = [len(ids) for ids in heading_ids]
    return np.repeat(np.arange(len(heading_ids), dtype=np.int32), lengths)


def joined(arrays: list[Any], dtype: type[np.integer[Any]] = np.int64) -> Any:
    """The arrays end to end; an empty array of `dtype` when there are none."""
    return np.concatenate(arrays) if arrays else np.empty(0, dtype)
