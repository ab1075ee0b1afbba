"""What users see: questions in private chats, groups and inline, the answer card's buttons."""

from __future__ import annotations

import asyncio
import logging
import time
from functools import partial

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop

from qa import AskResult

from . import card
from .buttons import MoreButton, SourceButton, decode_button, find_source
from .limits import capped
from .parsing import command_argument, question_in_group
from .recording import record_later
from .sending import Send
from .state import Context
from .votes import answer_keyboard

logger = logging.getLogger(__name__)

INLINE_RESULTS = 3
ARTICLE_CUT = "（全文较长，后面还有 {left} 条消息没有显示。）"
LIST_CUT = "（文章较多，后面还有 {left} 条消息没有显示；直接提问即可搜索全部文章。）"


def keyboard(
    context: Context, result: AskResult, offset: int, chat_id: int, key: str | None = None
) -> InlineKeyboardMarkup:
    """Return the 查看原文 / 更多答案 and 👍 / 👎 buttons for answer number offset of a result."""
    key = key or context.bot_data.questions.put(chat_id, result.question)
    return answer_keyboard(result.answers[offset], key, offset)


def send(context: Context, chat_id: int, *sends: Send) -> None:
    """Queue messages for a chat and return at once (see qabot.sending)."""
    context.bot_data.sends.submit(chat_id, *sends)


async def find_answers(context: Context, question: str, top_k: int) -> AskResult:
    """Rank answers to question in a worker thread so other updates keep flowing."""
    # Read the retriever at every use: /reload swaps in a new one while questions are answered.
    return await asyncio.to_thread(context.bot_data.retriever.ask, question, top_k)


async def reply_with_answer(message: Message, context: Context, question: str) -> None:
    """Reply to message with the answer card for question, then log it."""
    settings = context.bot_data.settings
    if not question.strip():
        send(context, message.chat_id, partial(message.reply_text, card.ASK_USAGE))
        return
    started = time.perf_counter()
    result = await find_answers(context, question, 1)
    ms = (time.perf_counter() - started) * 1000
    if result.answers:
        text = card.answer_card(result.answers[0])
        markup = keyboard(context, result, 0, message.chat_id)
        send(context, message.chat_id, partial(message.reply_html, text, reply_markup=markup))
    else:
        text = card.no_answer_text(result.nearest)
        send(context, message.chat_id, partial(message.reply_html, text))
    # The reply goes first: a slow or broken log must never cost the answer.
    top = result.answers[0].score if result.answers else None
    user = message.from_user
    record_later(
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


async def start(update: Update, context: Context) -> None:
    """Greet the user and show an example question."""
    assert update.effective_message and update.effective_user
    text = card.start_text(update.effective_user.first_name, context.bot_data.example)
    message = update.effective_message
    send(context, message.chat_id, partial(message.reply_html, text))


async def help_command(update: Update, context: Context) -> None:
    """Explain asking in private, in groups and inline."""
    assert update.effective_message
    text = card.help_text(context.bot.username, context.bot_data.example)
    message = update.effective_message
    send(context, message.chat_id, partial(message.reply_html, text))


async def articles_command(update: Update, context: Context) -> None:
    """List the articles of the corpus."""
    message = update.effective_message
    assert message
    texts = capped(card.articles_list(context.bot_data.retriever.corpus.articles), LIST_CUT)
    send(context, message.chat_id, *(partial(message.reply_html, t) for t in texts))


async def ask_command(update: Update, context: Context) -> None:
    """Answer the question after /ask, or show how to use it."""
    message = update.effective_message
    assert message and message.text
    await reply_with_answer(message, context, command_argument(message.text))


async def private_question(update: Update, context: Context) -> None:
    """Answer any text sent in a private chat."""
    assert update.effective_message and update.effective_message.text
    await reply_with_answer(update.effective_message, context, update.effective_message.text)


async def group_question(update: Update, context: Context) -> None:
    """Answer group messages that mention the bot or reply to it; ignore other chatter."""
    message = update.effective_message
    assert message and message.text
    replied = message.reply_to_message.from_user if message.reply_to_message else None
    to_bot = replied is not None and replied.id == context.bot.id
    question = question_in_group(message.text, context.bot.username, to_bot)
    if question is not None:
        await reply_with_answer(message, context, question)


async def not_text(update: Update, context: Context) -> None:
    """Tell a private user that only text questions are understood."""
    message = update.effective_message
    assert message
    send(context, message.chat_id, partial(message.reply_text, card.NOT_TEXT))


async def on_button(update: Update, context: Context) -> None:
    """Show the source article or the next answer; stale buttons get a short notice."""
    query = update.callback_query
    assert query
    button, message = decode_button(query.data), query.message
    if not isinstance(message, Message):  # buttons are only sent on regular messages
        await query.answer(card.EXPIRED)
        return
    if isinstance(button, SourceButton):
        source = find_source(context.bot_data.retriever.corpus.articles, button)
        if source is None:
            await query.answer(card.GONE)
            return
        await query.answer()
        texts = capped(card.article_messages(*source), ARTICLE_CUT)
        send(
            context,
            message.chat_id,
            *(partial(message.reply_html, t, do_quote=False) for t in texts),
        )
        return
    stored = context.bot_data.questions
    if isinstance(button, MoreButton) and (question := stored.get(message.chat_id, button.key)):
        result = await find_answers(context, question, button.offset + 1)
        if len(result.answers) <= button.offset:
            await query.answer(card.NO_MORE)
            return
        await query.answer()
        text = card.answer_card(result.answers[button.offset], button.offset + 1)
        markup = keyboard(context, result, button.offset, message.chat_id, button.key)
        send(context, message.chat_id, partial(message.reply_html, text, reply_markup=markup))
        return
    await query.answer(card.EXPIRED)


async def inline_query(update: Update, context: Context) -> None:
    """Offer the best few answers to an inline question; a hint when it is empty."""
    query = update.inline_query
    assert query
    if not query.query.strip():
        hint = InlineQueryResultsButton(text=card.INLINE_HINT, start_parameter="help")
        await query.answer([], button=hint, cache_time=0)
        return
    result = await find_answers(context, query.query, INLINE_RESULTS)
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


async def check_access(update: Update, context: Context) -> None:
    """Stop updates from chats off the allow-list, refusing politely in private chats."""
    settings = context.bot_data.settings
    user, chat = update.effective_user, update.effective_chat
    if not settings.allowed_chats or (user and user.id in settings.admins):
        return
    chat_id = chat.id if chat else (user.id if user else None)
    if chat_id in settings.allowed_chats:
        return
    if update.callback_query:
        await update.callback_query.answer(card.NOT_ALLOWED)
    elif update.message and update.message.chat.type == ChatType.PRIVATE:
        message = update.message
        send(context, message.chat_id, partial(message.reply_text, card.NOT_ALLOWED))
    raise ApplicationHandlerStop


async def error_handler(update: object, context: Context) -> None:
    """Log the error with the update that caused it; the bot keeps running."""
    if isinstance(context.error, BadRequest) and "not modified" in str(context.error):
        return  # the same button pressed twice: nothing to change
    body: object = update.to_dict() if isinstance(update, Update) else update
    if isinstance(update, Update) and not context.bot_data.settings.log_questions:
        chat = update.effective_chat
        body = f"update {update.update_id} in a {chat.type if chat else 'unknown'} chat"
    logger.error("Exception while handling an update: %s", body, exc_info=context.error)
