#!/usr/bin/env python
"""Telegram bot answering Chinese questions from news articles with the best sentence.

Usage:
    Create a bot with @BotFather, then run
        TELEGRAM_BOT_TOKEN=123456:ABC... python bot.py
    It polls for updates; set QA_WEBHOOK_URL (and QA_WEBHOOK_PORT, QA_WEBHOOK_SECRET) to use a
    webhook instead. In a private chat any text is a question; in groups use /ask 问题, mention
    the bot or reply to it; in any chat type @botname 问题 for inline answers. Ctrl-C stops it.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from typing import Any, cast
from urllib.parse import urlparse

from pydantic import ValidationError
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, InvalidToken
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from qa import AskResult, QAError, QuestionError, Retriever, card
from qa.bot_settings import BotSettings
from qa.ratelimit import RateLimiter

logging.basicConfig(
    format="%(asctime)s - %(name)s - %(levelname)s - %(message)s", level=logging.INFO
)
# set higher logging level for httpx to avoid all GET and POST requests being logged
# (their URLs contain the bot token)
logging.getLogger("httpx").setLevel(logging.WARNING)
# PTB's bot loggers print the Bot API URL, token included, at DEBUG level
for name in ("telegram.Bot", "telegram.ext.ExtBot"):
    logging.getLogger(name).setLevel(logging.INFO)
logger = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]
INLINE_RESULTS = 3
COMMANDS = [
    BotCommand("ask", "提问：/ask 问题"),
    BotCommand("articles", "列出全部文章"),
    BotCommand("help", "使用说明"),
]


def _settings(context: ContextTypes.DEFAULT_TYPE) -> BotSettings:
    return cast(BotSettings, context.bot_data["settings"])


def _retriever(context: ContextTypes.DEFAULT_TYPE) -> Retriever:
    return cast(Retriever, context.bot_data["retriever"])


async def post_init(application: App) -> None:
    """Build the retriever off the event loop and register the bot's commands."""
    settings = cast(BotSettings, application.bot_data["settings"])
    retriever = await asyncio.to_thread(Retriever.from_settings, settings)
    application.bot_data["retriever"] = retriever
    application.bot_data["example"] = f"{retriever.corpus.articles[0].title}讲了什么？"
    start = BotCommand("start", "开始使用")
    await application.bot.set_my_commands([start, *COMMANDS], BotCommandScopeAllPrivateChats())
    await application.bot.set_my_commands(COMMANDS, BotCommandScopeAllGroupChats())


def keyboard(context: ContextTypes.DEFAULT_TYPE, result: AskResult, offset: int) -> Any:
    """Return the 查看原文 / 更多答案 buttons for answer number offset of a result."""
    key = cast(card.QuestionStore, context.bot_data["questions"]).put(result.question)
    articles = _retriever(context).corpus.articles
    pairs = card.buttons(articles, result.answers[offset], key, offset)
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in pairs]])


async def ask(context: ContextTypes.DEFAULT_TYPE, question: str, top_k: int) -> AskResult:
    """Rank answers to question in a worker thread so other updates keep flowing."""
    text = question.strip()[: _settings(context).max_question_chars]
    return await asyncio.to_thread(_retriever(context).ask, text, top_k)


async def answer(message: Message, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Reply to message with the answer card for question (rate-limited, logged)."""
    settings, user = _settings(context), message.from_user
    limiter = cast(RateLimiter, context.bot_data["limiter"])
    if user and user.id not in settings.admins and not limiter.allow(user.id, time.monotonic()):
        await message.reply_text(card.SLOW_DOWN)
        return
    started = time.perf_counter()
    try:
        result = await ask(context, question, 1)
    except QuestionError:
        await message.reply_text(card.ASK_USAGE)
        return
    if result.answers:
        markup = keyboard(context, result, 0)
        await message.reply_html(card.answer_card(result.answers[0]), reply_markup=markup)
    else:
        await message.reply_html(card.no_answer_text())
    score = result.answers[0].score if result.answers else 0.0
    logger.info(
        "question chat=%s latency_ms=%.1f score=%.3f answered=%s%s",
        message.chat.type,
        (time.perf_counter() - started) * 1000,
        score,
        "yes" if result.answers else "no",
        f" text={question!r}" if settings.log_questions else "",
    )


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the user and show an example question."""
    assert update.effective_message and update.effective_user
    text = card.start_text(update.effective_user.first_name, context.bot_data["example"])
    await update.effective_message.reply_html(text)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain asking in private, in groups and inline."""
    assert update.effective_message
    await update.effective_message.reply_html(card.help_text(context.bot.username))


async def articles_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the articles of the corpus."""
    assert update.effective_message
    for text in card.articles_list(_retriever(context).corpus.articles):
        await update.effective_message.reply_html(text)


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question after /ask, or show how to use it."""
    message = update.effective_message
    assert message and message.text
    parts = message.text.split(maxsplit=1)
    question = parts[1].strip() if len(parts) > 1 else ""
    if not question:
        await message.reply_text(card.ASK_USAGE)
        return
    await answer(message, context, question)


async def private_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer any text sent in a private chat."""
    assert update.effective_message and update.effective_message.text
    await answer(update.effective_message, context, update.effective_message.text)


async def group_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer group messages that mention the bot or reply to it; ignore other chatter."""
    message = update.effective_message
    assert message and message.text
    question = card.strip_mention(message.text, context.bot.username)
    replied = message.reply_to_message
    if (
        question is None
        and replied
        and replied.from_user
        and replied.from_user.id == context.bot.id
    ):
        question = message.text
    if question is None:
        return
    if not question:
        await message.reply_text(card.ASK_USAGE)
        return
    await answer(message, context, question)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private user that only text questions are understood."""
    assert update.effective_message
    await update.effective_message.reply_text(card.NOT_TEXT)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the source article or the next answer; stale buttons get a short notice."""
    query = update.callback_query
    assert query
    button, message = card.decode_button(query.data), query.message
    articles = _retriever(context).corpus.articles
    if not isinstance(message, Message):  # buttons are only sent on regular messages
        await query.answer(card.EXPIRED)
        return
    if isinstance(button, card.SourceButton) and (article := card.article_at(articles, button)):
        await query.answer()
        for text in card.article_messages(article, button.paragraph):
            await message.reply_html(text, do_quote=False)
        return
    store = cast(card.QuestionStore, context.bot_data["questions"])
    if isinstance(button, card.MoreButton) and (question := store.get(button.key)):
        result = await ask(context, question, button.offset + 1)
        if len(result.answers) <= button.offset:
            await query.answer(card.NO_MORE)
            return
        await query.answer()
        text = card.answer_card(result.answers[button.offset], button.offset + 1)
        await message.reply_html(text, reply_markup=keyboard(context, result, button.offset))
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
    body = update.to_dict() if isinstance(update, Update) else str(update)
    if isinstance(context.error, BadRequest) and "not modified" in str(context.error):
        return  # the same button pressed twice: nothing to change
    logger.error("Exception while handling an update: %s", body, exc_info=context.error)


def build_application(settings: BotSettings) -> App:
    """Return the Application with every handler registered (not yet running)."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .rate_limiter(AIORateLimiter())
        .post_init(post_init)
    )
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
    application = builder.build()
    application.bot_data.update(
        settings=settings,
        limiter=RateLimiter(settings.questions_per_minute),
        questions=card.QuestionStore(),
    )
    new_message = filters.UpdateType.MESSAGE
    # The allow-list runs first (group -1) and stops updates from other chats.
    application.add_handler(TypeHandler(Update, check_access), group=-1)
    # Commands; CommandHandler ignores /ask@OtherBot by itself.
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_command))
    application.add_handler(CommandHandler("ask", ask_command))
    application.add_handler(CommandHandler("articles", articles_command))
    # Plain text: every private message is a question; in groups only mentions and replies.
    text = filters.TEXT & ~filters.COMMAND & new_message
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & text, private_question))
    application.add_handler(MessageHandler(filters.ChatType.GROUPS & text, group_question))
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.TEXT & new_message, not_text)
    )
    # Buttons under answer cards and inline mode.
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(InlineQueryHandler(inline_query))
    application.add_error_handler(error_handler)
    return application


def load_settings() -> BotSettings:
    """Return the settings, or exit 2 with one line on stderr (never echoing the token)."""
    try:
        settings = BotSettings()
    except ValidationError as e:
        first = e.errors(include_input=False, include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        print(f"error: {where}: {first['msg']}", file=sys.stderr)
        raise SystemExit(2) from None
    if settings.telegram_bot_token is None:
        print("error: TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)", file=sys.stderr)
        raise SystemExit(2)
    return settings


def main() -> None:
    """Start the bot: long polling, or a webhook when QA_WEBHOOK_URL is set."""
    settings = load_settings()
    application = build_application(settings)
    try:
        if settings.webhook_url:
            secret = settings.webhook_secret
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlparse(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=secret.get_secret_value() if secret else None,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        print("error: the Bot API server rejected TELEGRAM_BOT_TOKEN", file=sys.stderr)
        raise SystemExit(2) from None
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
