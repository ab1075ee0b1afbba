"""Updating a BM25 index: the unchanged documents' postings kept and renumbered, the new
documents' counted, and every posting weighed again, as a whole build would weigh it.

A whole build groups every token of the corpus by term (at a million sentences, two thirds of
an update's index time); an update only counts the tokens of what changed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from .bm25 import BM25, count_postings, narrow_counts

__all__ = ["renumbered", "updated"]

IntArray = npt.NDArray[np.int32]


def updated(
    old: BM25,
    moved: IntArray,
    vocab: dict[str, int],
    term_ids: npt.NDArray[np.integer[Any]],
    doc_of: npt.NDArray[np.integer[Any]],
    lengths: npt.NDArray[np.integer[Any]],
) -> BM25 | None:
    """The index `BM25.from_term_ids` builds (default parameters) of `old`'s documents that
    `moved` keeps and of new documents, given as (term id, document) per token.

    `moved` gives each old document's new number, -1 when it is gone; the kept ones must keep
    their order (see `renumbered`). `vocab` holds `old`'s terms under the same ids, and maybe
    more; `lengths` is every new document's length in tokens. None when a term frequency
    is past 65,535, more than the index's counts hold.
    """
    if old.tf is None:
        return None
    n_terms, n_docs = len(vocab), len(lengths)
    add_ptr, add_docs, counted = count_postings(term_ids, doc_of, n_docs, n_terms)
    add_tf = narrow_counts(counted)
    if add_tf is None:
        return None
    at = _places(old, moved, add_ptr, add_docs)
    docs = moved[old.doc_ids]
    gone = docs < 0
    # Each term's postings: the old ones, less those of documents gone, and the new ones.
    removed = np.searchsorted(old.indptr, np.flatnonzero(gone), side="right") - 1
    per_term = np.diff(add_ptr) - np.bincount(removed, minlength=n_terms)[:n_terms]
    per_term[: len(old.indptr) - 1] += np.diff(old.indptr)
    indptr = np.concatenate([[0], np.cumsum(per_term)]).astype(np.int64)
    kept = ~np.insert(gone, at, False)
    docs = np.insert(docs, at, add_docs)[kept]
    kind = np.promote_types(old.tf.dtype, add_tf.dtype)
    tf = np.insert(old.tf.astype(kind, copy=False), at, add_tf)[kept]
    return BM25.from_postings(vocab, indptr, docs.astype(np.int32, copy=False), tf, lengths)


def _places(
    old: BM25, moved: IntArray, add_ptr: npt.NDArray[np.int64], add_docs: IntArray
) -> npt.NDArray[np.int64]:
    """Where each new posting goes among the old ones: in its term's, by document."""
    kept_old = np.flatnonzero(moved >= 0)
    # A new document goes before the first old one kept that follows it in the new order.
    after = np.searchsorted(moved[kept_old], add_docs)
    bound = np.append(kept_old, len(moved))[after]
    starts = np.full(len(add_ptr), len(old.doc_ids), dtype=np.int64)  # terms new to the index
    starts[: len(old.indptr)] = old.indptr[: len(add_ptr)]
    at = np.empty(len(add_docs), dtype=np.int64)
    # One search per term the new documents hold: a few hundred when an article changes.
    for t in np.flatnonzero(np.diff(add_ptr)).tolist():
        lo, hi = int(add_ptr[t]), int(add_ptr[t + 1])
        postings = old.doc_ids[starts[t] : starts[t + 1]]
        at[lo:hi] = starts[t] + np.searchsorted(postings, bound[lo:hi])
    return at


def renumbered(old_ids: IntArray, new_ids: IntArray, n_old: int) -> IntArray | None:
    """Each of `n_old` documents' new number (-1 for the ones not in `old_ids`), or None when
    the kept documents changed order (reordered articles: the index is built whole)."""
    moved = np.full(n_old, -1, dtype=np.int32)
    moved[old_ids] = new_ids
    kept = moved[moved >= 0]
    return moved if bool(np.all(kept[1:] > kept[:-1])) else None
