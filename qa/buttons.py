"""The answer card's buttons (查看原文, 更多答案): callback data and what it points to."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from .answer import Answer
from .corpus import Article

__all__ = [
    "MAX_CALLBACK_BYTES",
    "MoreButton",
    "QuestionStore",
    "SourceButton",
    "article_at",
    "answer_buttons",
    "decode_button",
    "locate",
]

MAX_CALLBACK_BYTES = 64


def locate(articles: Sequence[Article], answer: Answer) -> tuple[int, int] | None:
    """Return (article index, paragraph index) of an answer's paragraph, if still there."""
    for a, article in enumerate(articles):
        if article.id == answer.article.id:
            for p, paragraph in enumerate(article.paragraphs):
                if paragraph.text == answer.context:
                    return a, p
            return a, 0
    return None


@dataclass(frozen=True)
class SourceButton:
    """查看原文: show article `article` from paragraph `paragraph`."""

    article: int
    paragraph: int

    def encode(self) -> str:
        """Return the callback data (at most 64 bytes)."""
        return _checked(f"src:{self.article}:{self.paragraph}")


@dataclass(frozen=True)
class MoreButton:
    """更多答案: answers from `offset` on to the question stored under `key`."""

    key: str
    offset: int

    def encode(self) -> str:
        """Return the callback data (at most 64 bytes)."""
        return _checked(f"more:{self.key}:{self.offset}")


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data is longer than {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def decode_button(data: str | None) -> SourceButton | MoreButton | None:
    """Return the button that callback data stands for; None for anything unknown."""
    kind, _, rest = (data or "").partition(":")
    fields = rest.split(":")
    try:
        if kind == "src" and len(fields) == 2:
            return SourceButton(int(fields[0]), int(fields[1]))
        if kind == "more" and len(fields) == 2 and fields[0]:
            return MoreButton(fields[0], int(fields[1]))
    except ValueError:
        return None
    return None


class QuestionStore:
    """A small LRU from short keys (fit for callback data) to questions."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._questions: OrderedDict[str, str] = OrderedDict()

    def put(self, question: str) -> str:
        """Remember a question and return its key."""
        key = hashlib.blake2b(question.encode(), digest_size=6).hexdigest()
        self._questions[key] = question
        self._questions.move_to_end(key)
        while len(self._questions) > self.size:
            self._questions.popitem(last=False)
        return key

    def get(self, key: str) -> str | None:
        """Return the question stored under key, or None once it has been forgotten."""
        question = self._questions.get(key)
        if question is not None:
            self._questions.move_to_end(key)
        return question


def answer_buttons(
    articles: Sequence[Article], answer: Answer, key: str, offset: int
) -> list[tuple[str, str]]:
    """Return (label, callback data) of 查看原文 and 更多答案 under answer number offset."""
    where = locate(articles, answer)
    more = ("更多答案", MoreButton(key, offset + 1).encode())
    return [("查看原文", SourceButton(*where).encode()), more] if where else [more]


def article_at(articles: Sequence[Article], button: SourceButton) -> Article | None:
    """Return the article a 查看原文 button points to, or None if it no longer exists."""
    if 0 <= button.article < len(articles):
        article = articles[button.article]
        if 0 <= button.paragraph < len(article.paragraphs):
            return article
    return None
