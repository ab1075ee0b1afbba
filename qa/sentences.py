"""Where each sentence of a corpus is (article, paragraph, span), kept as arrays, and its text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .chunking import Sentence
from .corpus import Article

__all__ = ["SentenceTable", "SentenceTexts"]


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
