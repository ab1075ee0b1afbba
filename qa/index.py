"""The searchable index of a corpus: sentences, tokens, BM25 over sentences and paragraphs."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .bm25 import BM25
from .chunking import Sentence, split_sentences
from .corpus import Corpus

__all__ = ["Index", "SentenceTable", "Tokens", "build_index"]

IntArray = npt.NDArray[np.int64]
TokenizeMany = Callable[[Sequence[str]], list[list[str]]]
TOKENIZE_CHUNK = 50_000


@dataclass
class SentenceTable:
    """Every sentence's text and place (article, paragraph, position), as flat arrays."""

    texts: list[str]
    article: npt.NDArray[np.int32]
    paragraph: npt.NDArray[np.int32]
    position: npt.NDArray[np.int32]

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i: int) -> Sentence:
        return Sentence(
            i, int(self.article[i]), int(self.paragraph[i]), int(self.position[i]), self.texts[i]
        )


@dataclass
class Tokens:
    """Every sentence's tokens as ids into one vocabulary (id → term)."""

    terms: list[str]
    ids: npt.NDArray[np.int32]
    offsets: IntArray  # sentence i holds ids[offsets[i]:offsets[i + 1]]


@dataclass
class Index:
    """Sentences, their tokens, and BM25 indexes over sentences and paragraphs."""

    corpus: Corpus
    sentences: SentenceTable
    tokens: Tokens
    article_start: IntArray  # article number -> first sentence id (+ sentinel)
    para_of: npt.NDArray[np.int32]  # sentence id -> paragraph number
    para_start: npt.NDArray[np.int32]  # paragraph number -> first sentence id (+ sentinel)
    sentence_bm25: BM25
    paragraph_bm25: BM25
    labels: dict[str, IntArray]  # title + heading -> token ids, reused by later builds

    def paragraph_text(self, paragraph: int) -> str:
        """Return the text of a paragraph."""
        s = self.sentences[int(self.para_start[paragraph])]
        return self.corpus.articles[s.article].paragraphs[s.paragraph].text


def build_index(
    corpus: Corpus, tokenize_many: TokenizeMany, previous: Index | None = None
) -> Index:
    """Index a corpus; articles unchanged since `previous` are not split or tokenized again."""
    reuse = _reusable(previous)
    vocab: dict[str, int] = {t: i for i, t in enumerate(previous.tokens.terms)} if previous else {}
    texts: list[str] = []
    # Each sentence's article, paragraph and position, as compact C int arrays.
    article_of, paragraph_of, position_of = array("i"), array("i"), array("i")
    # Per article: (reused, lo, hi): a sentence range of `previous`, or of the new texts.
    plan: list[tuple[bool, int, int]] = []
    for a, article in enumerate(corpus.articles):
        old = reuse.get(article.digest)
        if old is not None and previous is not None:
            lo, hi = old
            table = previous.sentences
            texts.extend(table.texts[lo:hi])
            article_of.extend([a] * (hi - lo))
            paragraph_of.frombytes(table.paragraph[lo:hi].astype(np.int32).tobytes())
            position_of.frombytes(table.position[lo:hi].astype(np.int32).tobytes())
            plan.append((True, lo, hi))
            continue
        first = len(texts)
        for p, paragraph in enumerate(article.paragraphs):
            for q, text in enumerate(split_sentences(paragraph.text)):
                texts.append(text)
                article_of.append(a)
                paragraph_of.append(p)
                position_of.append(q)
        plan.append((False, first, len(texts)))
    tokens = _assemble(texts, plan, vocab, tokenize_many, previous)
    labels = dict(previous.labels) if previous else {}
    table = SentenceTable(
        texts,
        np.frombuffer(article_of, np.int32).copy(),
        np.frombuffer(paragraph_of, np.int32).copy(),
        np.frombuffer(position_of, np.int32).copy(),
    )
    return _index_from(corpus, table, tokens, tokenize_many, labels)


def _reusable(previous: Index | None) -> dict[str, tuple[int, int]]:
    if previous is None:
        return {}
    starts = previous.article_start
    return {
        a.digest: (int(starts[n]), int(starts[n + 1]))
        for n, a in enumerate(previous.corpus.articles)
    }


def _assemble(
    texts: list[str],
    plan: list[tuple[bool, int, int]],
    vocab: dict[str, int],
    tokenize_many: TokenizeMany,
    previous: Index | None,
) -> Tokens:
    """Tokenize the new sentences, then lay every sentence's ids end to end, in corpus order."""
    new_ranges = [(lo, hi) for reused, lo, hi in plan if not reused]
    new_lengths, new_ids = _tokenize(texts, new_ranges, vocab, tokenize_many)
    new_offsets = np.concatenate([[0], np.cumsum(new_lengths)]).astype(np.int64)
    lengths: list[IntArray] = []
    ids: list[npt.NDArray[np.integer[Any]]] = []
    done = 0  # new sentences laid out so far
    for reused, lo, hi in plan:
        if reused and previous is not None:
            offsets = previous.tokens.offsets
            lengths.append(np.diff(offsets[lo : hi + 1]))
            ids.append(previous.tokens.ids[offsets[lo] : offsets[hi]])
        else:
            n = hi - lo
            lengths.append(new_lengths[done : done + n])
            ids.append(new_ids[new_offsets[done] : new_offsets[done + n]])
            done += n
    all_lengths = np.concatenate(lengths) if lengths else np.empty(0, np.int64)
    offsets = np.concatenate([[0], np.cumsum(all_lengths)]).astype(np.int64)
    flat = np.concatenate(ids) if ids else np.empty(0, np.int32)
    return Tokens(list(vocab), flat.astype(np.int32, copy=False), offsets)


def _tokenize(
    texts: list[str],
    ranges: list[tuple[int, int]],
    vocab: dict[str, int],
    tokenize_many: TokenizeMany,
) -> tuple[IntArray, npt.NDArray[np.int32]]:
    """Token ids of the texts in ranges, a chunk at a time so token strings never pile up."""
    todo = [t for lo, hi in ranges for t in texts[lo:hi]]
    lengths: list[IntArray] = []
    ids: list[npt.NDArray[np.int32]] = []
    for start in range(0, len(todo), TOKENIZE_CHUNK):
        docs = tokenize_many(todo[start : start + TOKENIZE_CHUNK])
        lengths.append(np.fromiter((len(d) for d in docs), np.int64, len(docs)))
        ids.append(
            np.fromiter((vocab.setdefault(t, len(vocab)) for d in docs for t in d), np.int32)
        )
    return (
        np.concatenate(lengths) if lengths else np.empty(0, np.int64),
        np.concatenate(ids) if ids else np.empty(0, np.int32),
    )


def _index_from(
    corpus: Corpus,
    table: SentenceTable,
    tokens: Tokens,
    tokenize_many: TokenizeMany,
    labels: dict[str, IntArray],
) -> Index:
    n = len(table)
    keys = table.article.astype(np.int64) * 1_000_003 + table.paragraph
    new_para = np.ones(n, dtype=bool)
    new_para[1:] = keys[1:] != keys[:-1]
    para_of = (np.cumsum(new_para) - 1).astype(np.int32)
    para_start = np.append(np.flatnonzero(new_para), n).astype(np.int32)
    article_start = np.searchsorted(table.article, np.arange(len(corpus.articles) + 1))
    sent_doc = np.repeat(np.arange(n, dtype=np.int32), np.diff(tokens.offsets))
    head_ids, head_doc = _heading_ids(corpus, table, para_start, tokens, tokenize_many, labels)
    # Both indexes share one vocabulary: one dictionary to build, save and load.
    vocab = {t: i for i, t in enumerate(tokens.terms)}
    sentence_bm25 = BM25.from_term_ids(vocab, tokens.ids, sent_doc, n)
    para_doc = np.concatenate([para_of[sent_doc], head_doc.astype(np.int32)])
    del sent_doc  # memory: one int per token of the corpus
    para_ids = np.concatenate([tokens.ids, head_ids.astype(np.int32)])
    paragraph_bm25 = BM25.from_term_ids(vocab, para_ids, para_doc, len(para_start) - 1)
    return Index(
        corpus,
        table,
        tokens,
        article_start.astype(np.int64),
        para_of,
        para_start,
        sentence_bm25,
        paragraph_bm25,
        labels,
    )


def _heading_ids(
    corpus: Corpus,
    table: SentenceTable,
    para_start: npt.NDArray[np.int32],
    tokens: Tokens,
    tokenize_many: TokenizeMany,
    labels: dict[str, IntArray],
) -> tuple[IntArray, IntArray]:
    """Tokens of each paragraph's article title and subheading, which give it its topic.

    `labels` caches the ids of every title and heading seen, across rebuilds.
    """
    names = []
    for start in para_start[:-1]:
        article = corpus.articles[int(table.article[start])]
        heading = article.paragraphs[int(table.paragraph[start])].heading or ""
        names.append(f"{article.title} {heading}")
    missing = sorted(set(names) - labels.keys())
    vocab = {t: i for i, t in enumerate(tokens.terms)}
    for name, words in zip(missing, tokenize_many(missing), strict=True):
        labels[name] = np.array([vocab.setdefault(w, len(vocab)) for w in words], np.int64)
    tokens.terms.extend(list(vocab)[len(tokens.terms) :])
    ids = [labels[name] for name in names]
    doc = [np.full(len(c), p, np.int64) for p, c in enumerate(ids)]
    empty = np.empty(0, np.int64)
    return (np.concatenate(ids) if ids else empty), (np.concatenate(doc) if doc else empty)
