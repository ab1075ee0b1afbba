#!/usr/bin/env python
"""Telegram bot answering Chinese questions from news articles with the best sentence.

Usage:
    Create a bot with @BotFather, then run
        TELEGRAM_BOT_TOKEN=123456:ABC... python bot.py
    It polls for updates; set QA_WEBHOOK_URL (and QA_WEBHOOK_PORT, QA_WEBHOOK_SECRET) to use a
    webhook instead. In a private chat any text is a question; in groups use /ask 问题, mention
    the bot or reply to it; in any chat type @botname 问题 for inline answers. Ctrl-C stops it.
"""

import argparse
import logging
import sys

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.error import InvalidToken
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from qa import ConfigError, QAError
from qa.doctor import check_lines, run_checks
from qabot import admin, channel, editor, feedback, lifecycle
from qabot.handlers import (
    ask_command,
    check_access,
    error_handler,
    group_question,
    help_command,
    inline_query,
    not_text,
    on_button,
    private_question,
    start,
)
from qabot.limits import limit_requests
from qabot.logsafety import install_secret_mask
from qabot.preflight import environment_report, mode_check
from qabot.sending import ChatSends
from qabot.settings import BotSettings
from qabot.state import CONTEXT_TYPES, App

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


def _not_refused_token(record: logging.LogRecord) -> bool:
    """Drop PTB's traceback for a refused token: main() reports it in one line."""
    return "Invalid token. Aborting retry loop." not in record.getMessage()


logging.getLogger("telegram.ext").addFilter(_not_refused_token)

COMMANDS = [
    BotCommand("ask", "提问：/ask 问题"),
    BotCommand("articles", "列出全部文章"),
    BotCommand("help", "使用说明"),
]


async def post_init(application: App) -> None:
    """Load the corpus and start the jobs, then register the bot's commands."""
    await lifecycle.load(application)
    start = BotCommand("start", "开始使用")
    await application.bot.set_my_commands([start, *COMMANDS], BotCommandScopeAllPrivateChats())
    await application.bot.set_my_commands(COMMANDS, BotCommandScopeAllGroupChats())


def build_application(settings: BotSettings) -> App:
    """Return the Application with every handler registered (not yet running)."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    secret = settings.webhook_secret
    install_secret_mask(
        settings.telegram_bot_token.get_secret_value(), secret.get_secret_value() if secret else ""
    )
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .context_types(CONTEXT_TYPES)
        # Retry a send that Telegram answers with RetryAfter instead of losing the answer.
        .rate_limiter(AIORateLimiter(max_retries=3))
        # Updates are handled concurrently, so one slow question never holds up the others.
        .concurrent_updates(8)
        .post_init(post_init)
    )
    if settings.telegram_api_base_url:
        base = settings.telegram_api_base_url
        builder = builder.base_url(base)
        # Files (documents sent to the bot) come from <server>/file/bot<token>/<path>.
        builder = builder.base_file_url(base.removesuffix("/bot") + "/file/bot")
    application = builder.build()
    application.bot_data.configure(settings)
    # Sends run as tasks of the application: stop() waits for them, errors reach error_handler.
    application.bot_data.sends = ChatSends(application.create_task)
    # Edits and requests over the limits stop here, before anything else (even the allow-list,
    # whose polite refusals would otherwise be unlimited).
    application.add_handler(TypeHandler(Update, limit_requests), group=-2)
    new_message = filters.UpdateType.MESSAGE
    # The allow-list runs first (group -1) and stops updates from other chats.
    application.add_handler(TypeHandler(Update, check_access), group=-1)
    # Commands; CommandHandler ignores /ask@OtherBot by itself.
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_command))
    application.add_handler(CommandHandler("ask", ask_command))
    application.add_handler(CommandHandler("articles", editor.articles_command))
    application.add_handler(CommandHandler("add", editor.add_command))
    application.add_handler(CommandHandler("delete", editor.delete_command))
    application.add_handler(CommandHandler("synonym", editor.synonym_command))
    application.add_handler(CommandHandler("reload", admin.reload_command))
    application.add_handler(CommandHandler("stats", admin.stats_command))
    # Plain text: every private message is a question; in groups only mentions and replies.
    text = filters.TEXT & ~filters.COMMAND & new_message
    forwarded = filters.ChatType.PRIVATE & filters.FORWARDED & text
    application.add_handler(MessageHandler(forwarded, editor.forwarded_message))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & text, private_question))
    application.add_handler(MessageHandler(filters.ChatType.GROUPS & text, group_question))
    # Documents: admins add articles; anyone else gets the not-text hint.
    private_file = filters.ChatType.PRIVATE & filters.Document.ALL & new_message
    application.add_handler(MessageHandler(private_file, editor.document_message))
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.TEXT & new_message, not_text)
    )
    # Posts of the channels in QA_CHANNELS become articles; an edit replaces its article.
    application.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POSTS, channel.channel_post))
    # Buttons under answer cards and inline mode.
    application.add_handler(CallbackQueryHandler(feedback.on_vote, pattern=r"^vote:"))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(InlineQueryHandler(inline_query))
    application.add_error_handler(error_handler)
    return application


def check(settings: BotSettings) -> int:
    """Validate settings, corpus and index without contacting Telegram; return the exit code."""
    checks, _ = run_checks(settings)
    checks.append(mode_check(settings))
    print("\n".join(check_lines(checks)))
    for warning in environment_report(settings).warnings():
        print(f"warn {warning}")
    return 0 if all(c.ok for c in checks) else 1


def main() -> None:
    """Start the bot: long polling, or a webhook when QA_WEBHOOK_URL is set."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="check the setup, then exit")
    args = parser.parse_args()
    try:
        settings = BotSettings.load()
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(2) from None
    if args.check:
        raise SystemExit(check(settings))
    for warning in environment_report(settings).warnings():
        print(f"warning: {warning}", file=sys.stderr)
    if not (mode := mode_check(settings)).ok:
        print(f"error: {mode.detail}", file=sys.stderr)
        raise SystemExit(2)
    application = build_application(settings)
    try:
        if settings.webhook_url:
            application.run_webhook(**settings.webhook_options(), allowed_updates=Update.ALL_TYPES)
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
