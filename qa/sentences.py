"""Where each sentence of a corpus is (article, paragraph, span), kept as arrays, and its text."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .chunking import Sentence, sentence_spans
from .corpus import Article
from .normalize import needs_simplifying
from .workers import run_all

__all__ = ["Places", "SentenceTable", "SentenceTexts", "split_articles"]

# Articles are split in worker processes from this many characters on (some 50,000 sentences),
# in jobs of about a tenth of that.
PARALLEL_CHARS = 2_000_000
JOB_CHARS = 200_000
Places = npt.NDArray[np.int32]
"""One row a sentence of an article: paragraph, position in it, start and end."""


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

    def many(self, ids: npt.NDArray[np.integer[Any]]) -> list[str]:
        """The texts of several sentences (reading the arrays once, not once a sentence)."""
        t, articles = self._table, self._table.articles
        places = zip(
            *(a[ids].tolist() for a in (t.article, t.paragraph, t.start, t.end)), strict=True
        )
        return [articles[a].paragraphs[p].text[s:e] for a, p, s, e in places]


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


def split_articles(articles: Sequence[Article]) -> list[tuple[Places, bool]]:
    """Each article's sentences, and whether its text is in traditional characters."""
    jobs: list[tuple[int, int]] = []
    first = size = total = 0
    for a, article in enumerate(articles):
        if size >= JOB_CHARS:
            jobs.append((first, a))
            first, size = a, 0
        chars = sum(len(p.text) for p in article.paragraphs)
        size, total = size + chars, total + chars
    jobs.append((first, len(articles)))
    if total < PARALLEL_CHARS:  # forking costs more than splitting a small corpus
        jobs = [(0, len(articles))]
    return [split for done in run_all(_split_job, articles, jobs) for split in done]


def _split_job(articles: Sequence[Article], job: tuple[int, int]) -> list[tuple[Places, bool]]:
    return [_split_one(article) for article in articles[job[0] : job[1]]]


def _split_one(article: Article) -> tuple[Places, bool]:
    rows = array("i")
    texts = [p.text for p in article.paragraphs]
    for p, text in enumerate(texts):
        for q, (start, end) in enumerate(sentence_spans(text)):
            rows.extend((p, q, start, end))
    places = np.frombuffer(rows, np.int32).reshape(-1, 4)
    labels = [article.title, article.byline or "", *(p.heading or "" for p in article.paragraphs)]
    return places, needs_simplifying([*labels, *texts])
