"""The searchable index of a corpus: sentences, tokens, BM25 over sentences and paragraphs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .bm25 import BM25
from .chunking import Sentence, split_sentences
from .corpus import Article, Corpus

__all__ = ["Index", "SentenceTable", "Tokens", "build_index"]

IntArray = npt.NDArray[np.int64]
TokenizeMany = Callable[[Sequence[str]], list[list[str]]]


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
    ids: IntArray
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
    places: list[tuple[int, int, int]] = []
    pieces: list[IntArray] = []
    todo: list[tuple[int, int]] = []  # (piece slot, first text) of articles to tokenize
    for a, article in enumerate(corpus.articles):
        old = reuse.get(article.digest)
        first = len(texts)
        if old is not None and previous is not None:
            lo, hi = old
            texts.extend(previous.sentences.texts[lo:hi])
            places.extend((a, int(p), int(q)) for p, q in _places(previous.sentences, lo, hi))
            pieces.append(_slices(previous.tokens, lo, hi))
        else:
            split = _split(article)
            texts.extend(t for _, _, t in split)
            places.extend((a, p, q) for p, q, _ in split)
            pieces.append(np.empty(0, np.int64))
            todo.append((len(pieces) - 1, first))
        pieces.append(np.array([len(texts)], np.int64))  # sentinel: where the article ends
    tokens = _assemble(texts, pieces, todo, vocab, tokenize_many, previous)
    return _index_from(corpus, texts, places, tokens, tokenize_many)


def _reusable(previous: Index | None) -> dict[str, tuple[int, int]]:
    if previous is None:
        return {}
    starts = previous.article_start
    return {
        a.digest: (int(starts[n]), int(starts[n + 1]))
        for n, a in enumerate(previous.corpus.articles)
    }


def _places(table: SentenceTable, lo: int, hi: int) -> zip[tuple[np.int32, np.int32]]:
    return zip(table.paragraph[lo:hi], table.position[lo:hi], strict=True)


def _slices(tokens: Tokens, lo: int, hi: int) -> IntArray:
    """Token ids of sentences lo..hi, preceded by each sentence's length (for reassembly)."""
    lengths = np.diff(tokens.offsets[lo : hi + 1])
    body = tokens.ids[tokens.offsets[lo] : tokens.offsets[hi]]
    return np.concatenate([lengths, body])


def _split(article: Article) -> list[tuple[int, int, str]]:
    return [
        (p, q, text)
        for p, paragraph in enumerate(article.paragraphs)
        for q, text in enumerate(split_sentences(paragraph.text))
    ]


def _assemble(
    texts: list[str],
    pieces: list[IntArray],
    todo: list[tuple[int, int]],
    vocab: dict[str, int],
    tokenize_many: TokenizeMany,
    previous: Index | None,
) -> Tokens:
    """Tokenize new sentences, then lay every sentence's ids end to end."""
    new_ranges = [(first, int(pieces[slot + 1][0])) for slot, first in todo]
    new_texts = [t for lo, hi in new_ranges for t in texts[lo:hi]]
    new_tokens = iter(tokenize_many(new_texts))
    for (slot, _), (lo, hi) in zip(todo, new_ranges, strict=True):
        docs = [next(new_tokens) for _ in range(lo, hi)]
        lengths = np.array([len(d) for d in docs], np.int64)
        ids = np.fromiter((vocab.setdefault(t, len(vocab)) for d in docs for t in d), np.int64)
        pieces[slot] = np.concatenate([lengths, ids])
    lengths_all: list[IntArray] = []
    ids_all: list[IntArray] = []
    start = 0
    for slot in range(0, len(pieces), 2):
        end = int(pieces[slot + 1][0])
        n = end - start
        lengths_all.append(pieces[slot][:n])
        ids_all.append(pieces[slot][n:])
        start = end
    lengths = np.concatenate(lengths_all) if lengths_all else np.empty(0, np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    ids = np.concatenate(ids_all) if ids_all else np.empty(0, np.int64)
    terms = list(vocab)
    return Tokens(terms, ids.astype(np.int64), offsets)


def _index_from(
    corpus: Corpus,
    texts: list[str],
    places: list[tuple[int, int, int]],
    tokens: Tokens,
    tokenize_many: TokenizeMany,
) -> Index:
    arr = np.array(places, np.int32).reshape(-1, 3)
    table = SentenceTable(texts, arr[:, 0].copy(), arr[:, 1].copy(), arr[:, 2].copy())
    n = len(texts)
    keys = arr[:, 0].astype(np.int64) * 1_000_003 + arr[:, 1]
    new_para = np.ones(n, dtype=bool)
    new_para[1:] = keys[1:] != keys[:-1]
    para_of = (np.cumsum(new_para) - 1).astype(np.int32)
    para_start = np.append(np.flatnonzero(new_para), n).astype(np.int32)
    article_start = np.searchsorted(arr[:, 0], np.arange(len(corpus.articles) + 1)).astype(
        np.int64
    )
    sent_doc = np.repeat(np.arange(n, dtype=np.int64), np.diff(tokens.offsets))
    sentence_bm25 = _bm25(tokens.terms, tokens.ids, sent_doc, n)
    head_ids, head_doc = _heading_ids(corpus, table, para_start, tokens, tokenize_many)
    paragraph_bm25 = _bm25(
        tokens.terms,
        np.concatenate([tokens.ids, head_ids]),
        np.concatenate([para_of[sent_doc].astype(np.int64), head_doc]),
        len(para_start) - 1,
    )
    return Index(
        corpus, table, tokens, article_start, para_of, para_start, sentence_bm25, paragraph_bm25
    )


def _bm25(terms: list[str], ids: IntArray, doc_of: IntArray, n_docs: int) -> BM25:
    """BM25 over the terms actually used, so idf matches an index built from scratch."""
    used = np.flatnonzero(np.bincount(ids, minlength=len(terms)))
    remap = np.full(len(terms), -1, np.int64)
    remap[used] = np.arange(len(used))
    vocab = {terms[int(t)]: i for i, t in enumerate(used)}
    return BM25.from_term_ids(vocab, remap[ids], doc_of, n_docs)


def _heading_ids(
    corpus: Corpus,
    table: SentenceTable,
    para_start: npt.NDArray[np.int32],
    tokens: Tokens,
    tokenize_many: TokenizeMany,
) -> tuple[IntArray, IntArray]:
    """Tokens of each paragraph's article title and subheading, which give it its topic."""
    labels = []
    for start in para_start[:-1]:
        article = corpus.articles[int(table.article[start])]
        heading = article.paragraphs[int(table.paragraph[start])].heading or ""
        labels.append(f"{article.title} {heading}")
    unique = sorted(set(labels))
    vocab = {t: i for i, t in enumerate(tokens.terms)}
    coded: dict[str, list[int]] = {}
    for label, words in zip(unique, tokenize_many(unique), strict=True):
        coded[label] = [vocab.setdefault(w, len(vocab)) for w in words]
    tokens.terms.extend(list(vocab)[len(tokens.terms) :])
    ids = [np.array(coded[label], np.int64) for label in labels]
    doc = [np.full(len(c), p, np.int64) for p, c in enumerate(ids)]
    empty = np.empty(0, np.int64)
    return (np.concatenate(ids) if ids else empty), (np.concatenate(doc) if doc else empty)
