"""The answer card's buttons (查看原文, 更多答案): callback data and what it points to."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from qa.answer import Answer
from qa.corpus import Article

__all__ = [
    "MAX_CALLBACK_BYTES",
    "MoreButton",
    "QuestionStore",
    "SourceButton",
    "answer_buttons",
    "decode_button",
    "find_source",
]

MAX_CALLBACK_BYTES = 64
MAX_MORE = 50  # the most answers a question can have (Settings.top_k's bound)
MAX_PARAGRAPH = 99_999
KEY_CHARS = 8
KEY_PATTERN = re.compile(rf"^[A-Za-z0-9_-]{{{KEY_CHARS}}}$")
_VERSION = re.compile(r"^[0-9a-f]{0,8}$")
_NUMBER = re.compile(r"^[0-9]{1,6}$")  # int() alone would take "-1", " 1" and "1_0"
VERSION_CHARS = 8  # of the article digest: enough to tell an edited article from the old one


def _hashed(article_id: str) -> str:
    # A short stand-in for an article id too long for callback data.
    return "#" + hashlib.blake2b(article_id.encode(), digest_size=8).hexdigest()


@dataclass(frozen=True)
class SourceButton:
    """查看原文: show article `article` (its id, unlike a position stable across /reload) from
    paragraph `paragraph`, which holds while the article's digest starts with `version`."""

    article: str
    version: str
    paragraph: int

    @classmethod
    def of(cls, answer: Answer) -> SourceButton:
        """Return the button opening the article of an answer at the answer's paragraph."""
        version = answer.article.digest[:VERSION_CHARS]
        button = cls(answer.article.id, version, answer.paragraph)
        if len(button._data().encode()) > MAX_CALLBACK_BYTES:
            button = cls(_hashed(answer.article.id), version, answer.paragraph)
        return button

    def _data(self) -> str:
        # The id comes last: it may contain ':' itself.
        return f"src:{self.version}:{self.paragraph}:{self.article}"

    def encode(self) -> str:
        """Return the callback data (at most 64 bytes)."""
        return _checked(self._data())


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
    """Return the button that callback data stands for; None for anything unknown.

    Every field is checked: callback data comes from the client and can be anything.
    """
    kind, _, rest = (data or "").partition(":")
    fields = rest.split(":", 2 if kind == "src" else -1)
    if kind == "src" and len(fields) == 3:
        version, paragraph, article = fields
        number = int(paragraph) if _NUMBER.match(paragraph) else -1
        if _VERSION.match(version) and 0 <= number <= MAX_PARAGRAPH and article:
            return SourceButton(article, version, number)
    if kind == "more" and len(fields) == 2:
        key, offset = fields
        if KEY_PATTERN.match(key) and _NUMBER.match(offset) and 1 <= int(offset) <= MAX_MORE:
            return MoreButton(key, int(offset))
    return None


class QuestionStore:
    """A small LRU from (chat, random key) to questions; keys fit in callback data.

    Keys are random and only valid in the chat they were made for, so a key tells nothing
    about the question and another chat can't use it.
    """

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._questions: OrderedDict[tuple[int, str], str] = OrderedDict()

    def put(self, chat_id: int, question: str) -> str:
        """Remember a question asked in chat_id and return its new key."""
        key = secrets.token_urlsafe(KEY_CHARS * 3 // 4)
        self._questions[(chat_id, key)] = question
        while len(self._questions) > self.size:
            self._questions.popitem(last=False)
        return key

    def get(self, chat_id: int, key: str) -> str | None:
        """Return the question stored under key for chat_id, or None (forgotten or foreign)."""
        question = self._questions.get((chat_id, key))
        if question is not None:
            self._questions.move_to_end((chat_id, key))
        return question


def answer_buttons(answer: Answer, key: str, offset: int) -> list[tuple[str, str]]:
    """Return (label, callback data) of 查看原文 and 更多答案 under answer number offset."""
    return [
        ("查看原文", SourceButton.of(answer).encode()),
        ("更多答案", MoreButton(key, offset + 1).encode()),
    ]


def find_source(articles: Sequence[Article], button: SourceButton) -> tuple[Article, int] | None:
    """Return the article a 查看原文 button names and the paragraph to start from.

    None when the article is gone. An article edited since the button was made opens at its
    start, since its paragraph numbers may have moved.
    """
    hashed = button.article.startswith("#")
    for article in articles:
        if article.id == button.article or (hashed and _hashed(article.id) == button.article):
            same = article.digest.startswith(button.version) and button.version
            fits = 0 <= button.paragraph < len(article.paragraphs)
            return article, button.paragraph if same and fits else 0
    return None
