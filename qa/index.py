"""The searchable index of a corpus: sentences, tokens, BM25 over sentences and paragraphs."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from .bm25 import BM25
from .corpus import Corpus
from .index_bm25 import bm25_pair, joined
from .normalize import normalize_many
from .sentences import SentenceTable, split_articles
from .vocab import Encoded, Vocabulary

__all__ = ["Index", "ProgressHook", "Tokenizes", "Tokens", "build_index"]

IntArray = npt.NDArray[np.int64]
ProgressHook = Callable[[int, int], None]
"""Called with (texts tokenized so far, texts to tokenize) while an index is built."""
TOKENIZE_CHUNK = 50_000
# Per article of a build: (reused, lo, hi), a sentence range of the previous index or of this one.
Plan = list[tuple[bool, int, int]]
_PLACES = ("paragraph", "position", "start", "end")  # as in `split_articles`'s rows


class Tokenizes(Protocol):
    """What building an index needs of a tokenizer (`qa.tokenizer.Tokenizer` is one)."""

    def many(self, texts: Sequence[str]) -> list[list[str]]:
        """Tokenize texts (titles and headings)."""
        ...

    def encode_many(self, texts: Sequence[str]) -> Encoded:
        """Tokenize texts into ids (sentences; faster for big corpora)."""
        ...


@dataclass(frozen=True)
class Tokens:
    """Every sentence's tokens as ids into one vocabulary, shared with the BM25 indexes."""

    vocab: Vocabulary
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
    # Article number -> whether its text changes from traditional to simplified Chinese: the
    # others' sentences skip the conversion, most of normalising a question's candidates.
    traditional: npt.NDArray[np.bool_]

    @cached_property
    def bylines(self) -> tuple[str, ...]:
        """Each article's byline, normalised ("" for none)."""
        return tuple(normalize_many([a.byline or "" for a in self.sentences.articles]))

    @cached_property
    def all_bylines(self) -> str:
        """Every byline in one text, to tell at once whether a word is in any."""
        return "\n".join(self.bylines)


def build_index(
    corpus: Corpus,
    tokenizer: Tokenizes,
    previous: Index | None = None,
    progress: ProgressHook | None = None,
) -> Index:
    """Index a corpus; articles unchanged since `previous` are not split or tokenized again,
    and their BM25 postings are kept (renumbered and weighed again).

    Args:
        corpus: the articles.
        tokenizer: turns sentences into token ids, titles and headings into tokens.
        previous: an older index of the same corpus, whose unchanged articles are reused.
        progress: called with (sentences tokenized, sentences to tokenize).
    """
    table, plan, new_texts, traditional = _split(corpus, previous)
    # New terms are numbered after the previous index's, so its saved token ids stay valid.
    vocab = previous.tokens.vocab.copy() if previous else Vocabulary()
    new_ids, new_lengths = [], []
    for chunk in _encode(new_texts, tokenizer.encode_many, progress):
        new_ids.append(vocab.translate(chunk))
        new_lengths.append(chunk.lengths.astype(np.int64))
    del new_texts
    runs = _runs(plan)
    ids, offsets = _assemble(
        runs, joined(new_lengths, np.int64), joined(new_ids, np.int32), previous
    )
    para_of, para_start = _paragraphs(table)
    names = _paragraph_names(corpus, table, para_start)
    labels = _labels(names, previous.labels if previous else {}, vocab, tokenizer.many)
    tokens = Tokens(vocab, ids, offsets)
    heading_ids = [labels[name] for name in names]
    sentence_bm25, paragraph_bm25 = bm25_pair(
        tokens, para_of, para_start, heading_ids, runs, previous
    )
    article_start = np.searchsorted(table.article, np.arange(len(corpus.articles) + 1))
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
        traditional,
    )


def _split(
    corpus: Corpus, previous: Index | None
) -> tuple[SentenceTable, Plan, list[str], npt.NDArray[np.bool_]]:
    """Every sentence's place, where its tokens come from, the texts still to tokenize, and
    which articles are in traditional characters."""
    reuse = _reusable(previous)
    old = [reuse.get(a.digest) if previous else None for a in corpus.articles]
    fresh = iter(split_articles([a for a, o in zip(corpus.articles, old, strict=True) if not o]))
    traditional = np.zeros(len(corpus.articles), dtype=bool)
    new_texts: list[str] = []  # sentences of new or changed articles, to tokenize
    # Each article's sentences: paragraph, position and span, as `split_articles` gives them.
    places: list[npt.NDArray[np.int32]] = []
    if previous is not None:
        kept = np.stack([getattr(previous.sentences, name) for name in _PLACES], axis=1)
    plan: Plan = []
    count = 0
    for a, article in enumerate(corpus.articles):
        reused = old[a]
        if reused is not None and previous is not None:
            number, lo, hi = reused
            traditional[a] = previous.traditional[number]
            places.append(kept[lo:hi])
            plan.append((True, lo, hi))
        else:
            split, traditional[a] = next(fresh)
            texts = [p.text for p in article.paragraphs]
            spans = zip(*split[:, [0, 2, 3]].T.tolist(), strict=True)
            new_texts.extend(texts[p][start:end] for p, start, end in spans)
            places.append(split)
            plan.append((False, count, count + len(split)))
        count += len(places[-1])
    rows = np.concatenate(places) if places else np.empty((0, 4), np.int32)
    columns = {name: rows[:, i].astype(np.int32) for i, name in enumerate(_PLACES)}
    counts = [len(block) for block in places]
    of_article = np.repeat(np.arange(len(places), dtype=np.int32), counts)
    table = SentenceTable(corpus.articles, of_article, **columns)
    return table, plan, new_texts, traditional


def _reusable(previous: Index | None) -> dict[str, tuple[int, int, int]]:
    """Each article of the previous index by digest: its number and sentence range."""
    if previous is None:
        return {}
    starts = previous.article_start
    return {
        a.digest: (n, int(starts[n]), int(starts[n + 1]))
        for n, a in enumerate(previous.corpus.articles)
    }


def _encode(
    texts: list[str],
    encode_many: Callable[[Sequence[str]], Encoded],
    progress: ProgressHook | None,
) -> Iterator[Encoded]:
    """Token ids of texts, a chunk at a time, each chunk in a vocabulary of its own."""
    for start in range(0, len(texts), TOKENIZE_CHUNK):
        chunk = encode_many(texts[start : start + TOKENIZE_CHUNK])
        if progress is not None:
            progress(min(start + TOKENIZE_CHUNK, len(texts)), len(texts))
        yield chunk


def _assemble(
    runs: Plan, new_lengths: IntArray, new_ids: npt.NDArray[np.int32], previous: Index | None
) -> tuple[npt.NDArray[np.int32], IntArray]:
    """Every sentence's token ids end to end, in corpus order, and where each one starts.

    `runs` is the plan with neighbouring ranges joined (`_runs`)."""
    new_offsets = np.concatenate([[0], np.cumsum(new_lengths)]).astype(np.int64)
    lengths: list[IntArray] = []
    ids: list[npt.NDArray[np.integer[Any]]] = []
    done = 0  # new sentences laid out so far
    for reused, lo, hi in runs:
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
    return flat.astype(np.int32, copy=False), offsets


def _runs(plan: Plan) -> Plan:
    """The plan with neighbouring ranges of the same source joined: an update reuses nearly every
    article in order, and a cold build's are all new, so a few slices instead of one an article."""
    runs: Plan = []
    for reused, lo, hi in plan:
        if runs and runs[-1][0] == reused and runs[-1][2] == lo:
            runs[-1] = (reused, runs[-1][1], hi)
        else:
            runs.append((reused, lo, hi))
    return runs


def _paragraphs(table: SentenceTable) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Each sentence's paragraph number, and each paragraph's first sentence (+ sentinel)."""
    n = len(table)
    keys = table.article.astype(np.int64) * 1_000_003 + table.paragraph
    new_para = np.ones(n, dtype=bool)
    new_para[1:] = keys[1:] != keys[:-1]
    para_of = (np.cumsum(new_para) - 1).astype(np.int32)
    para_start = np.append(np.flatnonzero(new_para), n).astype(np.int32)
    return para_of, para_start


def _paragraph_names(
    corpus: Corpus, table: SentenceTable, para_start: npt.NDArray[np.int32]
) -> list[str]:
    """Each paragraph's article title, subheading and byline, which give it its topic."""
    names = []
    starts = para_start[:-1]  # read as lists: a million sentences have 200,000 paragraphs
    for a, p in zip(table.article[starts].tolist(), table.paragraph[starts].tolist(), strict=True):
        article = corpus.articles[a]
        heading = article.paragraphs[p].heading or ""
        # The byline too: a question naming the reporter finds the article's paragraphs.
        names.append(" ".join(x for x in (article.title, heading, article.byline) if x))
    return names


def _labels(
    names: list[str],
    known: dict[str, IntArray],
    vocab: Vocabulary,
    tokenize_many: Callable[[Sequence[str]], list[list[str]]],
) -> dict[str, IntArray]:
    """Token ids of every title + heading: `known` ones reused across rebuilds, others added."""
    missing = sorted(set(names) - known.keys())
    added = {
        name: vocab.add(words).astype(np.int64)
        for name, words in zip(missing, tokenize_many(missing), strict=True)
    }
    return {**known, **added}
