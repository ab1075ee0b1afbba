"""The operator's commands: /reload and /stats, for the users listed in QA_ADMINS."""

from __future__ import annotations

import asyncio
from functools import partial

from telegram import Message, Update
from telegram.constants import ChatType

from qa import QAError
from qa.gaps import reader_words
from qa.render import stats_text

from .card import MAX_MESSAGE_CHARS
from .chart import send_chart
from .lifecycle import reload_index
from .recording import after_pending
from .state import Context

__all__ = [
    "ADMIN_ONLY",
    "NO_LOG",
    "PRIVATE_ONLY",
    "is_admin",
    "reload_command",
    "stats_command",
]

ADMIN_ONLY = "这个命令只有管理员可以使用。"
PRIVATE_ONLY = "管理命令只能在和我的私聊中使用。"
NO_LOG = "问题日志没有开启：设置 QA_QUESTION_LOG 为一个 SQLite 文件路径。"


def is_admin(update: Update, context: Context) -> bool:
    """True when the update comes from a user listed in QA_ADMINS."""
    user = update.effective_user
    return user is not None and user.id in context.bot_data.settings.admins


async def _admin_message(update: Update, context: Context) -> Message | None:
    """The command's message when an admin sent it in a private chat, else None.

    In a group an answer (/stats lists what people asked) would be read by everyone there, so
    an admin is told to ask in private and anyone else gets no answer at all.
    """
    message = update.effective_message
    if message is None:
        return None
    if message.chat.type != ChatType.PRIVATE:
        if is_admin(update, context):
            send = partial(message.reply_text, PRIVATE_ONLY)
            context.bot_data.sends.submit(message.chat_id, send)
        return None
    if not is_admin(update, context):
        await message.reply_text(ADMIN_ONLY)
        return None
    return message


async def reload_command(update: Update, context: Context) -> None:
    """Reload the corpus for an admin, reporting success or why the old index stays."""
    message = await _admin_message(update, context)
    if message is None:
        return
    await message.reply_text("正在重新加载文章……")
    try:
        report = await reload_index(context.bot_data)
    except QAError as e:
        await message.reply_text(f"重新加载失败，继续使用原来的索引。\n{e}")
        return
    await message.reply_text(report)


def answered_now(context: Context, unanswered: tuple[tuple[str, int], ...]) -> frozenset[str]:
    """The questions once unanswered that the corpus answers now: the editor's done to-dos."""
    retriever = context.bot_data.retriever
    return frozenset(q for q, _ in unanswered if q.strip() and retriever.ask(q, 1).answers)


async def stats_command(update: Update, context: Context) -> None:
    """Show an admin what people asked, what went unanswered or wrong, and the chart."""
    message = await _admin_message(update, context)
    if message is None:
        return
    log = context.bot_data.log
    if log is None:
        await message.reply_text(NO_LOG)
        return
    summary = await after_pending(log.stats)
    unanswered = await after_pending(log.unanswered)
    retriever = context.bot_data.retriever
    answerable = await asyncio.to_thread(answered_now, context, summary.top_unanswered)
    words = await asyncio.to_thread(reader_words, retriever, unanswered)
    await message.reply_text(stats_text(summary, answerable, words)[:MAX_MESSAGE_CHARS])
    await send_chart(message, log, context.bot_data.settings.log_retention_days)
