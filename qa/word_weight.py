"""How much a question's word says about which paragraph answers: its rarity in Chinese, or in
the corpus for a word jieba's table lacks."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from .index import Index
from .rarity import known_rarity, median_rarity, parts_rarity

__all__ = ["BYLINE_ARTICLES_READ", "word_weight"]

# Articles whose bylines are read to count a word found in some byline (see _byline_df).
BYLINE_ARTICLES_READ = 200


def word_weight(index: Index, word: str) -> float:
    """A word's rarity in Chinese; a word the table lacks weighs by its rarity in the corpus.

    An unknown word the corpus has often (郑港 on a page about 郑港) is its topic and says little
    about which paragraph answers; one the corpus lacks means the question is about something else.
    """
    known = known_rarity(word)
    if known is None and len(word) > 1 and word[-1] in "了着过":  # 减了: a verb and its particle
        known = known_rarity(word[:-1])
    if known is not None:
        return known
    bm25 = index.paragraph_bm25
    lo, hi = _postings(index, word)
    median = median_rarity()
    if lo == hi:
        # A spoken compound the segmenter kept whole (发没发, 会拉上) is no rarer than its
        # parts; only a word that will not split (a name) weighs as much as any unknown word.
        parts = parts_rarity(word)
        return median if parts is None else min(parts, median)
    df = _byline_df(index, word, bm25.doc_ids[lo:hi]) if word in index.all_bylines else hi - lo
    return min(median, 2.0 * math.log((bm25.n_docs + 1) / (df + 0.5)) + 1.0)


def _byline_df(index: Index, word: str, paragraphs: npt.NDArray[np.int32]) -> int:
    """How many paragraphs hold a word, an article whose byline names it counting once.

    A byline is indexed with each paragraph of its article, so that a question naming the
    reporter finds it; counted that way, a reporter's name would seem as common as 参与.
    """
    articles = index.sentences.article[index.para_start[paragraphs]]
    firsts = np.flatnonzero(np.r_[True, articles[1:] != articles[:-1]])
    if len(firsts) > BYLINE_ARTICLES_READ:
        return len(paragraphs)  # a word of so many articles is common whatever its bylines
    df = len(paragraphs)
    for first, end in zip(firsts.tolist(), [*firsts[1:].tolist(), len(articles)], strict=True):
        if word in index.bylines[int(articles[first])]:
            df -= end - first - 1
    return df


def _postings(index: Index, term: str) -> tuple[int, int]:
    """Where the paragraphs holding a term are listed: (lo, hi), empty when none holds it.

    An incremental build keeps the words of removed articles in the vocabulary, listing no
    paragraph: the vocabulary alone would make an answer depend on how the index was built.
    """
    bm25 = index.paragraph_bm25
    t = bm25.vocab.get(term)
    return (0, 0) if t is None else (int(bm25.indptr[t]), int(bm25.indptr[t + 1]))
