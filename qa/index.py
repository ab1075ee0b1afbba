"""The searchable index of a corpus: sentences, tokens, BM25 over sentences and paragraphs."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .bm25 import BM25
from .chunking import Sentence, sentence_spans
from .corpus import Article, Corpus
from .tokenizer import Encoded, encode

__all__ = ["Index", "ProgressHook", "SentenceTable", "Tokens", "build_index"]

IntArray = npt.NDArray[np.int64]
TokenizeMany = Callable[[Sequence[str]], list[list[str]]]
EncodeMany = Callable[[Sequence[str]], Encoded]
ProgressHook = Callable[[int, int], None]
"""Called with (texts tokenized so far, texts to tokenize) while an index is built."""
TOKENIZE_CHUNK = 50_000


class SentenceTexts:
    """Sentence texts cut from their paragraphs when asked for: no second copy of the corpus."""

    def __init__(self, table: SentenceTable) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table.article)

    def __getitem__(self, i: int) -> str:
        t = self._table
        text = t.articles[int(t.article[i])].paragraphs[int(t.paragraph[i])].text
        return text[int(t.start[i]) : int(t.end[i])]


@dataclass
class SentenceTable:
    """Every sentence's place: article, paragraph, position and character span, as arrays."""

    articles: tuple[Article, ...]
    article: npt.NDArray[np.int32]
    paragraph: npt.NDArray[np.int32]
    position: npt.NDArray[np.int32]
    start: npt.NDArray[np.int32]
    end: npt.NDArray[np.int32]

    @property
    def texts(self) -> SentenceTexts:
        """The sentences' texts, by sentence id."""
        return SentenceTexts(self)

    def __len__(self) -> int:
        return len(self.article)

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


def build_index(
    corpus: Corpus,
    tokenize_many: TokenizeMany,
    previous: Index | None = None,
    encode_many: EncodeMany | None = None,
    progress: ProgressHook | None = None,
) -> Index:
    """Index a corpus; articles unchanged since `previous` are not split or tokenized again.

    Args:
        corpus: the articles.
        tokenize_many: texts to token lists (titles and headings go through it).
        previous: an older index of the same corpus, whose unchanged articles are reused.
        encode_many: texts to token ids, faster for big corpora (default: via tokenize_many).
        progress: called with (sentences tokenized, sentences to tokenize).
    """
    encoder = encode_many or (lambda texts: encode(tokenize_many(texts)))
    reuse = _reusable(previous)
    vocab: dict[str, int] = {t: i for i, t in enumerate(previous.tokens.terms)} if previous else {}
    new_texts: list[str] = []  # sentences of new or changed articles, to tokenize
    # Each sentence's article, paragraph, position and span, as compact C int arrays.
    columns = {name: array("i") for name in ("article", "paragraph", "position", "start", "end")}
    # Per article: (reused, lo, hi): a sentence range of `previous`, or of this index.
    plan: list[tuple[bool, int, int]] = []
    for a, article in enumerate(corpus.articles):
        first = len(columns["article"])
        old = reuse.get(article.digest)
        if old is not None and previous is not None:
            lo, hi = old
            columns["article"].extend([a] * (hi - lo))
            for name in ("paragraph", "position", "start", "end"):
                column = getattr(previous.sentences, name)[lo:hi]
                columns[name].frombytes(column.astype(np.int32).tobytes())
            plan.append((True, lo, hi))
            continue
        for p, paragraph in enumerate(article.paragraphs):
            for q, (start, end) in enumerate(sentence_spans(paragraph.text)):
                for name, value in zip(columns, (a, p, q, start, end), strict=True):
                    columns[name].append(value)
                new_texts.append(paragraph.text[start:end])
        plan.append((False, first, len(columns["article"])))
    tokens = _assemble(new_texts, plan, vocab, encoder, previous, progress)
    del new_texts
    arrays = {name: np.frombuffer(col, np.int32).copy() for name, col in columns.items()}
    table = SentenceTable(corpus.articles, **arrays)
    labels = dict(previous.labels) if previous else {}
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
    new_texts: list[str],
    plan: list[tuple[bool, int, int]],
    vocab: dict[str, int],
    encode_many: EncodeMany,
    previous: Index | None,
    progress: ProgressHook | None,
) -> Tokens:
    """Tokenize the new sentences, then lay every sentence's ids end to end, in corpus order."""
    new_lengths, new_ids = _tokenize(new_texts, vocab, encode_many, progress)
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
    todo: list[str], vocab: dict[str, int], encode_many: EncodeMany, progress: ProgressHook | None
) -> tuple[IntArray, npt.NDArray[np.int32]]:
    """Token ids of texts in the shared vocabulary, a chunk at a time."""
    lengths: list[IntArray] = []
    ids: list[npt.NDArray[np.int32]] = []
    for start in range(0, len(todo), TOKENIZE_CHUNK):
        chunk = encode_many(todo[start : start + TOKENIZE_CHUNK])
        remap = np.fromiter((vocab.setdefault(t, len(vocab)) for t in chunk.terms), np.int32)
        ids.append(remap[chunk.ids] if len(chunk.ids) else chunk.ids)
        lengths.append(chunk.lengths.astype(np.int64))
        if progress is not None:
            progress(min(start + TOKENIZE_CHUNK, len(todo)), len(todo))
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
    """Tokens of each paragraph's article title, subheading and byline, which give it its topic.

    `labels` caches the ids of every title and heading seen, across rebuilds.
    """
    names = []
    for start in para_start[:-1]:
        article = corpus.articles[int(table.article[start])]
        heading = article.paragraphs[int(table.paragraph[start])].heading or ""
        # The byline too: a question naming the reporter finds the article's paragraphs.
        names.append(" ".join(p for p in (article.title, heading, article.byline) if p))
    missing = sorted(set(names) - labels.keys())
    vocab = {t: i for i, t in enumerate(tokens.terms)}
    for name, words in zip(missing, tokenize_many(missing), strict=True):
        labels[name] = np.array([vocab.setdefault(w, len(vocab)) for w in words], np.int64)
    tokens.terms.extend(list(vocab)[len(tokens.terms) :])
    ids = [labels[name] for name in names]
    doc = [np.full(len(c), p, np.int64) for p, c in enumerate(ids)]
    empty = np.empty(0, np.int64)
    return (np.concatenate(ids) if ids else empty), (np.concatenate(doc) if doc else empty)
