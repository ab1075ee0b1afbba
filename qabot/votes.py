"""The buttons under an answer card: 查看原文 and 更多答案, then 👍 and 👎."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from qa.answer import Answer

from .buttons import KEY_PATTERN, MAX_MORE, answer_buttons
from .channel import is_post_url

__all__ = ["VoteButton", "answer_keyboard", "decode_vote", "sentence_tag"]

_OFFSET = re.compile(r"^[0-9]{1,6}$")  # str.isdigit would take "²", which int() refuses
_TAG = re.compile(r"^[0-9a-f]{8}$")


def sentence_tag(sentence: str) -> str:
    """A short digest of an answer's sentence: which answer a vote is about, after a reload."""
    return hashlib.blake2b(sentence.encode(), digest_size=4).hexdigest()


@dataclass(frozen=True)
class VoteButton:
    """👍 or 👎 on answer number `offset` (sentence `tag`) to the question under `key`."""

    key: str
    offset: int
    helpful: bool
    tag: str

    def encode(self) -> str:
        """Return the callback data (about 32 bytes: the key is 12 characters, the tag 8)."""
        return f"vote:{self.key}:{self.offset}:{'+' if self.helpful else '-'}:{self.tag}"


def decode_vote(data: str | None) -> VoteButton | None:
    """Return the vote that callback data stands for; None for anything else."""
    fields = (data or "").split(":")
    if len(fields) != 5:
        return None
    kind, key, offset, sign, tag = fields
    if kind != "vote" or not KEY_PATTERN.match(key) or sign not in ("+", "-"):
        return None
    if not _OFFSET.match(offset) or int(offset) > MAX_MORE or not _TAG.match(tag):
        return None
    return VoteButton(key, int(offset), sign == "+", tag)


def answer_keyboard(answer: Answer, key: str, offset: int) -> InlineKeyboardMarkup:
    """查看原文 (a link when the answer comes from a public channel post) and 更多答案, then
    👍 and 👎."""
    url = answer.article.url
    (source_label, source_data), (more_label, more_data) = answer_buttons(answer, key, offset)
    source = (
        InlineKeyboardButton(source_label, url=url)
        if url and is_post_url(url)
        else InlineKeyboardButton(source_label, callback_data=source_data)
    )
    more = InlineKeyboardButton(more_label, callback_data=more_data)
    tag = sentence_tag(answer.sentence)
    votes = [
        InlineKeyboardButton("👍 有用", callback_data=VoteButton(key, offset, True, tag).encode()),
        InlineKeyboardButton(
            "👎 答非所问", callback_data=VoteButton(key, offset, False, tag).encode()
        ),
    ]
    return InlineKeyboardMarkup([[source, more], votes])
