"""The gate every update passes first: edits are ignored, requests are counted and limited."""

from __future__ import annotations

import time
from functools import partial

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from . import card
from .parsing import question_in_group
from .ratelimit import Verdict
from .state import Context

__all__ = ["MAX_MESSAGES_PER_REQUEST", "capped", "is_request", "limit_requests"]

MAX_MESSAGES_PER_REQUEST = 4  # what one command or button press may send


def capped(messages: list[str], note: str, cap: int = MAX_MESSAGES_PER_REQUEST) -> list[str]:
    """Return at most cap messages; when some are left out the last one says how many."""
    if len(messages) <= cap:
        return messages
    return [*messages[: cap - 1], note.format(left=len(messages) - cap + 1)]


def is_request(message: Message, bot_username: str, bot_id: int) -> bool:
    """True when a new message asks the bot for something (so it counts towards a limit)."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    text = message.text or ""
    if text.startswith("/"):  # a command: ours unless it names another bot
        command = text.split(maxsplit=1)[0]
        _, at, target = command.partition("@")
        return not at or target.lower() == bot_username.lower()
    replied = message.reply_to_message.from_user if message.reply_to_message else None
    to_bot = replied is not None and replied.id == bot_id
    return bool(text) and question_in_group(text, bot_username, to_bot) is not None


async def limit_requests(update: Update, context: Context) -> None:
    """Stop edits and requests over the limits; the first refusal in a window says so.

    Runs before every other handler (group -2), so every kind of request is counted: messages,
    commands, button presses and inline queries, per user and per chat. Admins are not limited.
    """
    if update.edited_message:
        raise ApplicationHandlerStop  # edits are never answered, commands and text alike
    # An edited channel post is not a request: it goes on to replace its article.
    state, user, now = context.bot_data, update.effective_user, time.monotonic()
    if user is not None and user.id in state.settings.admins:
        return
    if update.inline_query is not None:
        if state.limits.check_inline(update.inline_query.from_user.id, now) is not Verdict.ALLOW:
            raise ApplicationHandlerStop  # nothing to say: the next keystroke asks again
        return
    query, message = update.callback_query, update.message
    if query is None and (message is None or not is_request(message, *_bot(context))):
        return
    chat = update.effective_chat
    verdict = state.limits.check(user.id if user else None, chat.id if chat else None, now)
    if verdict is Verdict.ALLOW:
        return
    if verdict is Verdict.WARN and query is not None:
        await query.answer(card.SLOW_DOWN)  # a pop-up: costs the chat nothing
    elif verdict is Verdict.WARN and message is not None and _may_speak(context, message):
        state.sends.submit(message.chat_id, partial(message.reply_text, card.SLOW_DOWN))
    raise ApplicationHandlerStop


def _bot(context: Context) -> tuple[str, int]:
    return context.bot.username, context.bot.id


def _may_speak(context: Context, message: Message) -> bool:
    """Whether the bot talks in this chat at all (the allow-list check comes after the gate)."""
    allowed = context.bot_data.settings.allowed_chats
    return message.chat.type == ChatType.PRIVATE or not allowed or message.chat_id in allowed
