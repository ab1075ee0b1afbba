"""Words readers ask with that no article holds: what a line of synonyms.txt could map."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .asking import asks
from .errors import QuestionError
from .rarity import known_rarity, parts_rarity

__all__ = ["ReaderWord", "reader_words"]

# Below this IDF a word is in any text (地方 4.4, 东西 4.8, 不会 4.4): mapping it to an
# article's word would match everything. Everyday words readers say instead of the text's
# (街道 7.2, 老人 6.4, 工钱 9.0, 打算 6.2) lie above it.
COMMON = 5.0


@dataclass(frozen=True)
class ReaderWord:
    """A word readers asked with that no article holds: how many questions used it, and one."""

    word: str
    questions: int
    example: str


class Reader(Protocol):
    """What reading a question takes (qa.Retriever)."""

    def unknown_words(self, question: str) -> tuple[str, ...]:
        """The question's main words that no article holds."""
        ...


def reader_words(
    retriever: Reader, questions: Iterable[tuple[str, int]], top: int = 10
) -> tuple[ReaderWord, ...]:
    """The `top` words of (question, times asked) pairs that no article holds, most asked first.

    Numbers, single characters and words common in any text are left out; a word's count is
    the times the questions holding it were asked.
    """
    asked: Counter[str] = Counter()
    example: dict[str, str] = {}
    for question, times in questions:
        try:
            words = retriever.unknown_words(question)
        except QuestionError:
            continue
        for word in dict.fromkeys(words):
            if _worth_mapping(word):
                asked[word] += times
                example.setdefault(word, question)
    ranked = sorted(asked.items(), key=lambda item: (-item[1], item[0]))[: max(top, 0)]
    return tuple(ReaderWord(w, n, example[w]) for w, n in ranked)


def _worth_mapping(word: str) -> bool:
    """A word naming something, not a number, a character or an asking word, and rarer than
    the words of any text (a word the table lacks by its rarest part: 发了 is 发)."""
    if len(word) < 2 or any(c.isdigit() for c in word) or asks(word):
        return False
    rarity = known_rarity(word) or parts_rarity(word)
    return rarity is None or rarity >= COMMON
