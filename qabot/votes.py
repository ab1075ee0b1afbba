"""The buttons under an answer card: 查看原文 and 更多答案, then 👍 and 👎."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from qa.answer import Answer

from .buttons import MoreButton, SourceButton
from .channel import is_post_url

__all__ = ["VoteButton", "answer_keyboard", "decode_vote"]


@dataclass(frozen=True)
class VoteButton:
    """👍 or 👎 on answer number `offset` to the question stored under `key`."""

    key: str
    offset: int
    helpful: bool

    def encode(self) -> str:
        """Return the callback data (well under 64 bytes: the key is 12 characters)."""
        return f"vote:{self.key}:{self.offset}:{'+' if self.helpful else '-'}"


def decode_vote(data: str | None) -> VoteButton | None:
    """Return the vote that callback data stands for; None for anything else."""
    kind, key, offset, sign = ((data or "").split(":") + ["", "", ""])[:4]
    if kind != "vote" or not key or sign not in ("+", "-") or not offset.isdigit():
        return None
    return VoteButton(key, int(offset), sign == "+")


def answer_keyboard(answer: Answer, key: str, offset: int) -> InlineKeyboardMarkup:
    """查看原文 (a link when the answer comes from a public channel post) and 更多答案, then
    👍 and 👎."""
    url = answer.article.url
    source = (
        InlineKeyboardButton("查看原文", url=url)
        if url and is_post_url(url)
        else InlineKeyboardButton("查看原文", callback_data=SourceButton.of(answer).encode())
    )
    more = InlineKeyboardButton("更多答案", callback_data=MoreButton(key, offset + 1).encode())
    votes = [
        InlineKeyboardButton("👍 有用", callback_data=VoteButton(key, offset, True).encode()),
        InlineKeyboardButton("👎 答非所问", callback_data=VoteButton(key, offset, False).encode()),
    ]
    return InlineKeyboardMarkup([[source, more], votes])
