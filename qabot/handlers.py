"""What users see: questions in private chats, groups and inline, the answer card's buttons."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, cast

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, NetworkError
from telegram.ext import (
    ApplicationHandlerStop,
    ContextTypes,
)

from qa import AskResult, Retriever, card
from qa.bot_settings import BotSettings
from qa.buttons import (
    MoreButton,
    QuestionStore,
    SourceButton,
    answer_buttons,
    article_at,
    decode_button,
)
from qa.ratelimit import RateLimiter

from . import admin

logger = logging.getLogger(__name__)

INLINE_RESULTS = 3
SEND_ATTEMPTS = 8  # 0.5 s doubling to 10 s: about a minute of outage


def _settings(context: ContextTypes.DEFAULT_TYPE) -> BotSettings:
    return cast(BotSettings, context.bot_data["settings"])


def _retriever(context: ContextTypes.DEFAULT_TYPE) -> Retriever:
    # Read at every use: /reload swaps in a new retriever while questions are being answered.
    return cast(Retriever, context.bot_data["retriever"])


def keyboard(context: ContextTypes.DEFAULT_TYPE, result: AskResult, offset: int) -> Any:
    """Return the 查看原文 / 更多答案 buttons for answer number offset of a result."""
    key = cast(QuestionStore, context.bot_data["questions"]).put(result.question)
    articles = _retriever(context).corpus.articles
    pairs = answer_buttons(articles, result.answers[offset], key, offset)
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in pairs]])


async def ask(context: ContextTypes.DEFAULT_TYPE, question: str, top_k: int) -> AskResult:
    """Rank answers to question in a worker thread so other updates keep flowing."""
    text = question.strip()[: _settings(context).max_question_chars]
    return await asyncio.to_thread(_retriever(context).ask, text, top_k)


async def deliver(send: Callable[[], Awaitable[object]]) -> None:
    """Send, retrying network failures with backoff.

    The update was confirmed when it was fetched, so a send lost to a network failure would be
    an answer lost for good.
    """
    delay = 0.5
    for attempt in range(SEND_ATTEMPTS):
        try:
            await send()
            return
        except BadRequest:
            raise
        except NetworkError:
            if attempt == SEND_ATTEMPTS - 1:
                raise
            logger.warning("send failed, retrying in %.1f s", delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)


async def answer(message: Message, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Reply to message with the answer card for question (rate-limited, logged)."""
    settings, user = _settings(context), message.from_user
    limiter = cast(RateLimiter, context.bot_data["limiter"])
    if not question.strip():
        await message.reply_text(card.ASK_USAGE)
        return
    if user and user.id not in settings.admins and not limiter.allow(user.id, time.monotonic()):
        await message.reply_text(card.SLOW_DOWN)
        return
    started = time.perf_counter()
    result = await ask(context, question, 1)
    ms = (time.perf_counter() - started) * 1000
    top = result.answers[0].score if result.answers else None
    # Logged before the reply goes out, so /stats counts every question already answered.
    await admin.record(
        context,
        chat_type=message.chat.type,
        question=question,
        answered=bool(result.answers),
        score=top,
        latency_ms=ms,
        chat_id=message.chat.id,
        user_id=user.id if user else None,
    )
    score = f"{top:.3f}" if top is not None else "-"
    shown = f" text={question!r}" if settings.log_questions else ""
    logger.info(
        "question chat=%s latency_ms=%.1f score=%s answered=%s%s",
        *(message.chat.type, ms, score, "yes" if result.answers else "no", shown),
    )
    if result.answers:
        text, markup = card.answer_card(result.answers[0]), keyboard(context, result, 0)
        await deliver(lambda: message.reply_html(text, reply_markup=markup))
    else:
        await deliver(lambda: message.reply_html(card.no_answer_text()))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the user and show an example question."""
    assert update.effective_message and update.effective_user
    text = card.start_text(update.effective_user.first_name, context.bot_data["example"])
    await update.effective_message.reply_html(text)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain asking in private, in groups and inline."""
    assert update.effective_message
    text = card.help_text(context.bot.username, context.bot_data["example"])
    await update.effective_message.reply_html(text)


async def articles_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the articles of the corpus."""
    assert update.effective_message
    for text in card.articles_list(_retriever(context).corpus.articles):
        await update.effective_message.reply_html(text)


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question after /ask, or show how to use it."""
    message = update.effective_message
    assert message and message.text
    await answer(message, context, "".join(message.text.split(maxsplit=1)[1:]))


async def private_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer any text sent in a private chat."""
    assert update.effective_message and update.effective_message.text
    await answer(update.effective_message, context, update.effective_message.text)


async def group_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer group messages that mention the bot or reply to it; ignore other chatter."""
    message = update.effective_message
    assert message and message.text
    question = card.strip_mention(message.text, context.bot.username)
    replied = message.reply_to_message.from_user if message.reply_to_message else None
    if question is None and replied and replied.id == context.bot.id:
        question = message.text
    if question is not None:
        await answer(message, context, question)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private user that only text questions are understood."""
    assert update.effective_message
    await update.effective_message.reply_text(card.NOT_TEXT)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the source article or the next answer; stale buttons get a short notice."""
    query = update.callback_query
    assert query
    button, message = decode_button(query.data), query.message
    articles = _retriever(context).corpus.articles
    if not isinstance(message, Message):  # buttons are only sent on regular messages
        await query.answer(card.EXPIRED)
        return
    article = article_at(articles, button) if isinstance(button, SourceButton) else None
    if isinstance(button, SourceButton) and article is not None:
        await query.answer()
        for text in card.article_messages(article, button.paragraph):
            await deliver(partial(message.reply_html, text, do_quote=False))
        return
    store = cast(QuestionStore, context.bot_data["questions"])
    if isinstance(button, MoreButton) and (question := store.get(button.key)):
        result = await ask(context, question, button.offset + 1)
        if len(result.answers) <= button.offset:
            await query.answer(card.NO_MORE)
            return
        await query.answer()
        text = card.answer_card(result.answers[button.offset], button.offset + 1)
        markup = keyboard(context, result, button.offset)
        await deliver(lambda: message.reply_html(text, reply_markup=markup))
        return
    await query.answer(card.EXPIRED)


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the best few answers to an inline question; a hint when it is empty."""
    query = update.inline_query
    assert query
    if not query.query.strip():
        hint = InlineQueryResultsButton(text=card.INLINE_HINT, start_parameter="help")
        await query.answer([], button=hint, cache_time=0)
        return
    result = await ask(context, query.query, INLINE_RESULTS)
    results = [
        InlineQueryResultArticle(
            id=str(n),
            title=a.sentence[:100],
            description=a.article.source_line(),
            input_message_content=InputTextMessageContent(card.answer_card(a), ParseMode.HTML),
        )
        for n, a in enumerate(result.answers)
    ]
    none = InlineQueryResultsButton(text=card.NO_ANSWER, start_parameter="help")
    await query.answer(results, button=None if results else none, cache_time=30)


async def check_access(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop updates from chats off the allow-list, refusing politely in private chats."""
    settings = _settings(context)
    user, chat = update.effective_user, update.effective_chat
    if not settings.allowed_chats or (user and user.id in settings.admins):
        return
    chat_id = chat.id if chat else (user.id if user else None)
    if chat_id in settings.allowed_chats:
        return
    if update.callback_query:
        await update.callback_query.answer(card.NOT_ALLOWED)
    elif update.message and update.message.chat.type == ChatType.PRIVATE:
        await update.message.reply_text(card.NOT_ALLOWED)
    raise ApplicationHandlerStop


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error with the update that caused it; the bot keeps running."""
    if isinstance(context.error, BadRequest) and "not modified" in str(context.error):
        return  # the same button pressed twice: nothing to change
    body: object = update.to_dict() if isinstance(update, Update) else update
    if isinstance(update, Update) and not _settings(context).log_questions:
        chat = update.effective_chat
        body = f"update {update.update_id} in a {chat.type if chat else 'unknown'} chat"
    logger.error("Exception while handling an update: %s", body, exc_info=context.error)
