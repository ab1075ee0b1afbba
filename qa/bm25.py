"""Okapi BM25 with rank_bm25.BM25Okapi's scores, over postings stored as flat numpy arrays.

A query touches only the postings of its own terms, and the top k are chosen among the
documents that hold one of them, so a query costs the same whether the corpus has a
thousand sentences or a million (see bench/speed.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from .vocab import Vocabulary

__all__ = ["BM25", "DENSE_SHARE", "SCAN_SHARE", "BM25Params", "count_postings", "narrow_counts"]

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]
CountArray = npt.NDArray[np.uint8] | npt.NDArray[np.uint16]

# Counting into an array of every document beats np.unique once the postings number more than
# 1/DENSE_SHARE of the documents; finding the documents counted by scanning that array beats
# sorting the postings once they number more than 1/SCAN_SHARE (measured at 20k, 200k and 1M).
DENSE_SHARE = 40
SCAN_SHARE = 8


@dataclass(frozen=True)
class BM25Params:
    """BM25Okapi's parameters (rank_bm25's defaults)."""

    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25


class BM25:
    """An inverted index whose posting weights are BM25Okapi's per-term scores."""

    def __init__(
        self,
        vocab: dict[str, int],
        indptr: npt.NDArray[np.int64],
        doc_ids: IntArray,
        weights: FloatArray,
        idf: npt.NDArray[np.float64],
        n_docs: int,
        tf: CountArray | None = None,
    ) -> None:
        self.vocab = vocab
        self.indptr = indptr
        self.doc_ids = doc_ids
        self.weights = weights
        self.idf = idf
        self.n_docs = n_docs
        # Each posting's term frequency, which an update re-weighs (qa/bm25_update.py), as
        # uint8 or uint16; None when one is past 65,535 (an update then builds the index whole).
        self.tf = tf

    @classmethod
    def build(cls, docs: Sequence[Sequence[str]], params: BM25Params = BM25Params()) -> BM25:
        """Index tokenized documents."""
        vocab = Vocabulary()
        term_ids = vocab.add(chain.from_iterable(docs)).astype(np.int64)
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        return cls.from_term_ids(vocab.ids, term_ids, doc_of, len(docs), params)

    @classmethod
    def from_term_ids(
        cls,
        vocab: dict[str, int],
        term_ids: npt.NDArray[np.integer[Any]],
        doc_of: npt.NDArray[np.integer[Any]],
        n_docs: int,
        params: BM25Params = BM25Params(),
    ) -> BM25:
        """Index documents given as parallel arrays: each token's term id and document."""
        lengths = np.bincount(doc_of, minlength=n_docs)
        indptr, doc_ids, tf = count_postings(term_ids, doc_of, n_docs, len(vocab))
        return cls.from_postings(vocab, indptr, doc_ids, tf, lengths, params)

    @classmethod
    def from_postings(
        cls,
        vocab: dict[str, int],
        indptr: npt.NDArray[np.int64],
        doc_ids: IntArray,
        tf: npt.NDArray[Any],
        lengths: npt.NDArray[np.integer[Any]],
        params: BM25Params = BM25Params(),
    ) -> BM25:
        """Index postings grouped by term (`indptr`), documents ascending within each term, with
        how often each document holds the term (`tf`; float32 counts are reused in place) and
        every document's length in tokens."""
        n_docs = len(lengths)
        kept = narrow_counts(tf)
        weights = np.asarray(tf, dtype=np.float32)  # turned into weights in place
        df = np.diff(indptr)
        idf = _okapi_idf(df, n_docs, params.epsilon)
        avgdl = float(lengths.mean()) if n_docs and lengths.sum() else 1.0
        # weight = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl)), in float32
        scale = (params.k1 * params.b / avgdl * lengths).astype(np.float32)
        norm = scale[doc_ids]
        norm += np.float32(params.k1 * (1 - params.b))
        norm += weights
        weights *= np.float32(params.k1 + 1)
        weights /= norm
        del norm
        weights *= np.repeat(idf.astype(np.float32), df)
        return cls(vocab, indptr, doc_ids, weights, idf, n_docs, kept)

    def __len__(self) -> int:
        return self.n_docs

    def _terms(self, query: Iterable[str]) -> list[tuple[int, int, int]]:
        """Each distinct query term's postings (lo, hi) and how often the query says it."""
        out = []
        for term, count in Counter(query).items():
            t = self.vocab.get(term)
            if t is not None:
                out.append((int(self.indptr[t]), int(self.indptr[t + 1]), count))
        return out

    def _postings(self, terms: list[tuple[int, int, int]]) -> tuple[IntArray, FloatArray]:
        if not terms:
            return np.empty(0, np.int32), np.empty(0, np.float32)
        ids = [self.doc_ids[lo:hi] for lo, hi, _ in terms]
        # rank_bm25 adds a term once per occurrence in the query.
        weights = [
            self.weights[lo:hi] * n if n > 1 else self.weights[lo:hi] for lo, hi, n in terms
        ]
        return np.concatenate(ids), np.concatenate(weights)

    def candidates(self, query: Iterable[str]) -> tuple[IntArray, FloatArray]:
        """Return every document holding a query term, with its score (sorted by document)."""
        return self._candidates(*self._postings(self._terms(query)))

    def _candidates(self, ids: IntArray, weights: FloatArray) -> tuple[IntArray, FloatArray]:
        if len(ids) == 0:
            return ids, weights
        if len(ids) * DENSE_SHARE <= self.n_docs:
            docs = _distinct(ids)
            return docs, np.bincount(np.searchsorted(docs, ids), weights).astype(np.float32)
        dense = np.bincount(ids, weights, minlength=self.n_docs)
        if len(ids) * SCAN_SHARE <= self.n_docs:
            docs = _distinct(ids)
        else:
            # Presence, not a non-zero score: an idf can be exactly 0 (a term in one of two
            # docs). Only then is a second count needed, to find the documents scoring 0.
            held = np.bincount(ids, minlength=self.n_docs) if (weights <= 0).any() else dense
            # `> 0` first: numpy finds the True of a boolean array five times faster than the
            # non-zero of a float one.
            docs = np.flatnonzero(held > 0).astype(np.int32)
        return docs, dense[docs].astype(np.float32)

    def top(self, query: Iterable[str], k: int) -> tuple[IntArray, FloatArray]:
        """Return the k best documents and their scores, best first (ties: lower id first)."""
        terms = self._terms(query)
        ids, weights = self._postings(terms)
        if k > 0 and len(ids) * DENSE_SHARE > self.n_docs:
            dense = np.asarray(np.bincount(ids, weights, minlength=self.n_docs), np.float64)
            found = self._top_counted(terms, dense, k)
            if found is not None:
                return found
        return select_top(*self._candidates(ids, weights), k)

    def _top_counted(
        self, terms: list[tuple[int, int, int]], dense: npt.NDArray[np.float64], k: int
    ) -> tuple[IntArray, FloatArray] | None:
        """The top k from every document's score, without listing every document that matched.

        The rarest terms' documents, scored, give a score the k best reach at least; one pass
        over the scores finds the few documents reaching it (at a million sentences, about 40
        paragraphs of the 10,000 a question's words are in). None when there is no such score.
        """
        sample: list[IntArray] = []
        for lo, hi, _ in sorted(terms, key=lambda t: t[1] - t[0]):
            sample.append(self.doc_ids[lo:hi])
            if sum(map(len, sample)) >= k:
                break
        docs = _distinct(np.concatenate(sample))
        if len(docs) < k:
            return None
        scores = dense[docs].astype(np.float32)
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        # Above 0, the documents holding no query term (0) are below the best k; at 0 they
        # could tie with them, so the way that lists every match decides.
        if not kth > 0:
            return None
        # Scores are compared as float32, as `candidates` gives them: keep every document
        # whose score could round to the k-th's.
        reach = np.flatnonzero(dense >= np.nextafter(kth, np.float32(0))).astype(np.int32)
        return select_top(reach, dense[reach].astype(np.float32), k)

    def holds(self, term: str) -> bool:
        """Whether any document holds the term (a removed one's words stay in the vocabulary)."""
        t = self.vocab.get(term)
        return t is not None and bool(self.indptr[t + 1] > self.indptr[t])

    def contains(self, term: str, docs: IntArray) -> npt.NDArray[np.bool_]:
        """Which of docs hold term (a binary search in its sorted posting list)."""
        t = self.vocab.get(term)
        if t is None or len(docs) == 0:
            return np.zeros(len(docs), dtype=bool)
        posting = self.doc_ids[self.indptr[t] : self.indptr[t + 1]]
        if len(posting) == 0:  # a term of the vocabulary that no document holds any more
            return np.zeros(len(docs), dtype=bool)
        pos = np.minimum(np.searchsorted(posting, docs), len(posting) - 1)
        return np.asarray(posting[pos] == docs)

    def get_scores(self, query: Iterable[str]) -> npt.NDArray[np.float64]:
        """Return the score of every document, as rank_bm25's get_scores does."""
        dense = np.zeros(self.n_docs)
        docs, scores = self.candidates(query)
        dense[docs] = scores
        return dense


def select_top(docs: IntArray, scores: FloatArray, k: int) -> tuple[IntArray, FloatArray]:
    """Pick the k highest scores among candidates, best first, ties broken by document id.

    Every candidate holds a query term, so it stays one even when its score is not positive:
    in a corpus of one or two paragraphs every idf is negative.
    """
    if len(docs) > k > 0:
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        above = np.flatnonzero(scores > kth)
        # Of the documents tied with the k-th score, keep the lowest ids: tie-breaking by id,
        # not by chance. A common word can tie tens of thousands of documents, so no sort.
        tied = np.flatnonzero(scores == kth)
        need = k - len(above)
        if len(tied) > need:
            tied = tied[np.argpartition(docs[tied], need - 1)[:need]]
        keep = np.concatenate([above, tied])
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[: max(k, 0)]
    return docs[order], scores[order]


def count_postings(
    term_ids: npt.NDArray[np.integer[Any]],
    doc_of: npt.NDArray[np.integer[Any]],
    n_docs: int,
    n_terms: int,
) -> tuple[npt.NDArray[np.int64], IntArray, FloatArray]:
    """Postings of tokens given as (term id, document): grouped by term, documents ascending
    within each, and how often each document holds the term."""
    # A sparse term-by-document count matrix: scipy's conversion groups postings by term
    # and sums repeated (document, term) pairs in linear time, 5x faster than a sort.
    shape = (max(n_docs, 1), max(n_terms, 1))
    coo = sparse.coo_matrix((np.ones(len(term_ids), np.float32), (doc_of, term_ids)), shape=shape)
    counts = coo.tocsc()
    del coo  # memory: a million sentences make these arrays hundreds of MB
    counts.sum_duplicates()
    indptr = counts.indptr.astype(np.int64)[: n_terms + 1]
    return indptr, counts.indices.astype(np.int32, copy=False), counts.data


def narrow_counts(tf: npt.NDArray[Any]) -> CountArray | None:
    """Term frequencies in the smallest unsigned type that holds them: uint8 nearly always
    (kept with the index, so a byte a posting); None past uint16."""
    top = float(tf.max()) if len(tf) else 0.0
    if top <= np.iinfo(np.uint8).max:
        return tf.astype(np.uint8, copy=False)
    if top <= np.iinfo(np.uint16).max:
        return tf.astype(np.uint16, copy=False)
    return None


def _distinct(ids: IntArray) -> IntArray:
    """The distinct ids, sorted."""
    ids = np.sort(ids)
    first = np.empty(len(ids), dtype=bool)
    first[:1] = True
    np.not_equal(ids[1:], ids[:-1], out=first[1:])
    return ids[first]


def _okapi_idf(df: npt.NDArray[np.int64], n_docs: int, epsilon: float) -> npt.NDArray[np.float64]:
    idf = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
    used = df > 0  # a vocabulary shared between indexes may hold terms this one lacks
    if used.any():
        # rank_bm25 floors negative idf at epsilon times the mean idf of its terms.
        idf[idf < 0] = epsilon * float(idf[used].mean())
    return np.asarray(idf, dtype=np.float64)
