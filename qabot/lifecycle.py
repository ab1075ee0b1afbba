"""The bot's corpus over its life: the start-up load, /reload, the watcher, log pruning."""

from __future__ import annotations

import asyncio
import logging

from qa import QAError
from qa.corpus import corpus_signature
from qa.questionlog import QuestionLog
from qa.retriever import Retriever

from .state import App, BotState, Context

__all__ = ["load", "prune_log", "reload_index", "watch_corpus"]

logger = logging.getLogger(__name__)
LOG_PRUNE_SECONDS = 86_400


async def load(application: App) -> None:
    """Load the corpus off the event loop, open the question log and start the jobs.

    Raises:
        QAError: the corpus is broken.
    """
    state = application.bot_data
    settings = state.settings
    await reload_index(state)
    retriever = state.retriever
    state.example = settings.example_question or retriever.corpus.articles[0].title
    # Asked once here so the first user does not wait for tables loaded on first use.
    if state.example.strip():
        await asyncio.to_thread(retriever.ask, state.example)
    if settings.question_log:
        state.log = QuestionLog(
            settings.question_log, settings.log_retention_days, settings.log_chat_ids
        )
    jobs = application.job_queue
    if jobs is not None:
        jobs.run_repeating(prune_log, interval=LOG_PRUNE_SECONDS, first=1)
        if settings.watch_corpus_seconds:
            jobs.run_repeating(watch_corpus, interval=settings.watch_corpus_seconds)


async def reload_index(state: BotState) -> str:
    """Build the index of the corpus as it is now and swap it in; the old one serves meanwhile.

    Raises:
        QAError: the corpus is broken; the old index stays in use.
    """
    async with state.reload_lock:
        settings = state.settings
        signature = await asyncio.to_thread(corpus_signature, settings.corpus_path())
        retriever = await asyncio.to_thread(Retriever.from_settings, settings)
        state.retriever = retriever
        state.signature = signature
    articles = len(retriever.corpus.articles)
    return f"已重新加载：{articles} 篇文章，{retriever.sentence_count} 句。"


async def watch_corpus(context: Context) -> None:
    """Reload when the corpus files changed; tell the admins when the new corpus is broken."""
    state = context.bot_data
    signature = await asyncio.to_thread(corpus_signature, state.settings.corpus_path())
    if signature == state.signature:
        return
    try:
        report = await reload_index(state)
    except QAError as e:
        state.signature = signature  # report a broken edit once, not every tick
        logger.warning("corpus reload failed, keeping the old index: %s", e)
        for admin in state.settings.admins:
            await context.bot.send_message(admin, f"文章有改动，但重新加载失败：{e}")
        return
    logger.info("corpus changed: %s", report)


async def prune_log(context: Context) -> None:
    """Delete logged questions older than the retention period."""
    log = context.bot_data.log
    if log is not None:
        removed = await asyncio.to_thread(log.prune)
        logger.info("question log: pruned %d old rows", removed)
