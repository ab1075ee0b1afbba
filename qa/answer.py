"""Typed results of a question: answers with their article, context and matched words."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .corpus import Article
from .normalize import normalize, normalize_many

__all__ = [
    "Answer",
    "ArticleRef",
    "AskResult",
    "fold",
    "fold_many",
    "highlight",
    "highlight_spans",
]


@dataclass(frozen=True)
class ArticleRef:
    """The article an answer comes from."""

    id: str
    title: str
    byline: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    # Of the article's content, to tell whether it changed since; not part of its identity.
    digest: str = field(default="", compare=False)

    @classmethod
    def of(cls, article: Article) -> ArticleRef:
        """Return the reference to an article."""
        return cls(
            article.id,
            article.title,
            article.byline,
            article.date,
            article.source,
            article.url,
            article.digest,
        )

    def source_line(self) -> str:
        """Return 《title》 byline · date, leaving out what is missing."""
        head = " ".join(p for p in (f"《{self.title}》", self.byline) if p)
        return " · ".join(p for p in (head, self.date) if p)


@dataclass(frozen=True)
class Answer:
    """One answer sentence, how well it scored and where it comes from.

    `article.id` and `paragraph` (its index in the article) name the place in the corpus for
    as long as the article exists; `sentence_id` is a position in one index only.
    """

    sentence: str
    score: float
    confidence: float
    article: ArticleRef
    context: str
    matched: tuple[str, ...]
    sentence_id: int
    paragraph: int
    heading: str | None = None

    def spans(self) -> list[tuple[int, int]]:
        """Return the (start, end) spans of matched words in the sentence."""
        return highlight_spans(self.sentence, self.matched)

    def highlighted(self, mark: Callable[[str], str], plain: Callable[[str], str] = str) -> str:
        """Return the sentence with matched words through mark and the rest through plain."""
        return highlight(self.sentence, self.spans(), mark, plain)


@dataclass(frozen=True)
class AskResult:
    """A question, the words it was searched with, and its answers, best first."""

    question: str
    terms: tuple[str, ...]
    answers: tuple[Answer, ...]
    ranker: str = "lexical"  # "semantic" when sentence vectors took part
    # With no answer: the best sentence, when its confidence was below the floor but not far
    # (QA_HINT_CONFIDENCE). A lead to offer after 不知道, never an answer.
    nearest: Answer | None = None

    @property
    def answered(self) -> bool:
        """True when at least one answer was relevant enough to give."""
        return bool(self.answers)


def fold(text: str) -> str:
    """Normalise text keeping every character's offset (停車位１６ → 停车位16)."""
    whole = normalize(text)
    if len(whole) == len(text):  # the usual case: nothing expanded or merged
        return whole
    return "".join(n if len(n := normalize(c)) == 1 else c for c in text)


def fold_many(texts: Sequence[str]) -> list[str]:
    """`fold` of each text, normalised in one pass where nothing changes length."""
    return [
        whole if len(whole) == len(text) else fold(text)
        for text, whole in zip(texts, normalize_many(texts), strict=True)
    ]


def highlight(
    text: str,
    spans: list[tuple[int, int]],
    mark: Callable[[str], str],
    plain: Callable[[str], str] = str,
) -> str:
    """Return text with each (start, end) span through mark and the text between through plain."""
    parts, last = [], 0
    for start, end in spans:
        parts += [plain(text[last:start]), mark(text[start:end])]
        last = end
    parts.append(plain(text[last:]))
    return "".join(parts)


def highlight_spans(text: str, words: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    """Return merged, sorted spans where any of words occurs in text (case-insensitive)."""
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    spans = sorted((m.start(), m.end()) for m in pattern.finditer(fold(text)))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
