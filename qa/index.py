"""The searchable index of a corpus: its sentences and paragraphs, each with a BM25 index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt

from .bm25 import BM25
from .chunking import Sentence, sentences_of
from .corpus import Corpus

__all__ = ["Index", "build_index"]

Tokenize = Callable[[str], list[str]]
TokenizeMany = Callable[[Sequence[str]], list[list[str]]]


@dataclass
class Index:
    """Sentences, their paragraphs, and BM25 indexes over both."""

    corpus: Corpus
    sentences: list[Sentence]
    para_of: npt.NDArray[np.int32]  # sentence id -> paragraph number
    para_start: npt.NDArray[np.int32]  # paragraph number -> first sentence id (+ sentinel)
    sentence_bm25: BM25
    paragraph_bm25: BM25

    def paragraph_sentences(self, paragraph: int) -> range:
        """Return the sentence ids of a paragraph."""
        return range(int(self.para_start[paragraph]), int(self.para_start[paragraph + 1]))

    def paragraph_text(self, paragraph: int) -> str:
        """Return the text of a paragraph."""
        s = self.sentences[int(self.para_start[paragraph])]
        return self.corpus.articles[s.article].paragraphs[s.paragraph].text


def build_index(corpus: Corpus, tokenize_many: TokenizeMany) -> Index:
    """Split a corpus into sentences, tokenize them once, and index sentences and paragraphs."""
    sentences = sentences_of(corpus.articles)
    tokens = tokenize_many([s.text for s in sentences])
    return index_from_tokens(corpus, sentences, tokens, tokenize_many)


def index_from_tokens(
    corpus: Corpus,
    sentences: list[Sentence],
    tokens: Sequence[Sequence[str]],
    tokenize_many: TokenizeMany,
) -> Index:
    """Build the index from sentences already tokenized."""
    para_of, para_start = _paragraphs(sentences)
    headings = _heading_tokens(corpus, sentences, para_start, tokenize_many)
    para_docs = [
        list(chain(headings[p], *tokens[para_start[p] : para_start[p + 1]]))
        for p in range(len(para_start) - 1)
    ]
    return Index(
        corpus, sentences, para_of, para_start, BM25.build(tokens), BM25.build(para_docs)
    )


def _paragraphs(
    sentences: list[Sentence],
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    keys = np.fromiter(
        (s.article * 1_000_003 + s.paragraph for s in sentences), np.int64, len(sentences)
    )
    new = np.ones(len(keys), dtype=bool)
    new[1:] = keys[1:] != keys[:-1]
    para_of = (np.cumsum(new) - 1).astype(np.int32)
    starts = np.flatnonzero(new).astype(np.int32)
    return para_of, np.append(starts, np.int32(len(sentences)))


def _heading_tokens(
    corpus: Corpus,
    sentences: list[Sentence],
    para_start: npt.NDArray[np.int32],
    tokenize_many: TokenizeMany,
) -> list[list[str]]:
    """Tokens of each paragraph's article title and subheading, which give it its topic."""
    labels = []
    for start in para_start[:-1]:
        s = sentences[int(start)]
        article = corpus.articles[s.article]
        heading = article.paragraphs[s.paragraph].heading or ""
        labels.append(f"{article.title} {heading}")
    unique = sorted(set(labels))
    by_label = dict(zip(unique, tokenize_many(unique), strict=True))
    return [by_label[label] for label in labels]
