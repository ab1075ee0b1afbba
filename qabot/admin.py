"""The operator's side: /reload and /stats, the corpus watcher and the question log."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, cast

from telegram import Message, Update
from telegram.ext import Application, ContextTypes

from qa import QAError, Retriever
from qa.bot_settings import BotSettings
from qa.corpus import corpus_signature
from qa.questionlog import QuestionLog
from qa.render import stats_text

logger = logging.getLogger(__name__)

ADMIN_ONLY = "这个命令只有管理员可以使用。"
NO_LOG = "问题日志没有开启：设置 QA_QUESTION_LOG 为一个 SQLite 文件路径。"


def _settings(bot_data: dict[str, Any]) -> BotSettings:
    return cast(BotSettings, bot_data["settings"])


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """True when the update comes from a user listed in QA_ADMINS."""
    user = update.effective_user
    return user is not None and user.id in _settings(context.bot_data).admins


async def reload_index(application: Application[Any, Any, Any, Any, Any, Any]) -> str:
    """Build the index of the corpus as it is now and swap it in; the old one serves meanwhile.

    Raises:
        QAError: the corpus is broken; the old index stays in use.
    """
    lock = cast(asyncio.Lock, application.bot_data.setdefault("reload_lock", asyncio.Lock()))
    async with lock:
        settings = _settings(application.bot_data)
        signature = await asyncio.to_thread(corpus_signature, settings.corpus_path())
        retriever = await asyncio.to_thread(Retriever.from_settings, settings)
        application.bot_data["retriever"] = retriever
        application.bot_data["signature"] = signature
    n_sentences = len(retriever.index.sentences)
    return f"已重新加载：{len(retriever.corpus.articles)} 篇文章，{n_sentences} 句。"


async def _admin_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Message | None:
    """The command's message when an admin sent it; others are told it is for admins."""
    message = update.effective_message
    if message is not None and not is_admin(update, context):
        await message.reply_text(ADMIN_ONLY)
        return None
    return message


async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reload the corpus for an admin, reporting success or why the old index stays."""
    message = await _admin_message(update, context)
    if message is None:
        return
    await message.reply_text("正在重新加载文章……")
    try:
        report = await reload_index(context.application)
    except QAError as e:
        await message.reply_text(f"重新加载失败，继续使用原来的索引。\n{e}")
        return
    await message.reply_text(report)


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show an admin what people asked and what went unanswered."""
    message = await _admin_message(update, context)
    if message is None:
        return
    log = context.bot_data.get("log")
    if not isinstance(log, QuestionLog):
        await message.reply_text(NO_LOG)
        return
    summary = await asyncio.to_thread(log.stats)
    await message.reply_text(stats_text(summary)[:4096])


async def watch_corpus(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reload when the corpus files changed; tell the admins when the new corpus is broken."""
    settings = _settings(context.bot_data)
    signature = await asyncio.to_thread(corpus_signature, settings.corpus_path())
    if signature == context.bot_data.get("signature"):
        return
    try:
        report = await reload_index(context.application)
    except QAError as e:
        context.bot_data["signature"] = signature  # report a broken edit once, not every tick
        logger.warning("corpus reload failed, keeping the old index: %s", e)
        for admin in settings.admins:
            await context.bot.send_message(admin, f"文章有改动，但重新加载失败：{e}")
        return
    logger.info("corpus changed: %s", report)


async def prune_log(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete logged questions older than the retention period."""
    log = context.bot_data.get("log")
    if isinstance(log, QuestionLog):
        removed = await asyncio.to_thread(log.prune)
        logger.info("question log: pruned %d old rows", removed)


async def record(context: ContextTypes.DEFAULT_TYPE, **row: Any) -> None:
    """Add a question to the log, when the log is on."""
    log = context.bot_data.get("log")
    if isinstance(log, QuestionLog):
        await asyncio.to_thread(log.record, **row)
