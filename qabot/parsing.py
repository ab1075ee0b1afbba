"""What a message asks: the text after /ask, after a mention of the bot, or in a reply to it."""

from __future__ import annotations

import re

__all__ = ["command_argument", "question_in_group", "strip_mention"]


def strip_mention(text: str, bot_username: str) -> str | None:
    """Return text without @bot_username if it mentions the bot, else None."""
    pattern = re.compile(rf"(?<!\w)@{re.escape(bot_username)}(?!\w)", re.IGNORECASE)
    if not pattern.search(text):
        return None
    return pattern.sub(" ", text).strip()


def command_argument(text: str) -> str:
    """Return what follows the command word ("/ask 问题" → "问题"; "/ask" → "")."""
    return "".join(text.split(maxsplit=1)[1:])


def question_in_group(text: str, bot_username: str, replies_to_bot: bool) -> str | None:
    """Return the question in a group message, or None when it is not addressed to the bot."""
    question = strip_mention(text, bot_username)
    if question is None and replies_to_bot:
        return text
    return question
