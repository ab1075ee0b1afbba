"""Handler helpers on a real Application (no network): buttons, answers off the loop, the log."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from bot_harness import TOKEN
from telegram.ext import ApplicationBuilder, CallbackContext

from qa import Retriever, Settings
from qa.questionlog import QuestionLog
from qabot import handlers
from qabot.buttons import MoreButton, SourceButton, decode_button
from qabot.recording import record_later
from qabot.settings import BotSettings
from qabot.state import CONTEXT_TYPES, Context

pytestmark = pytest.mark.asyncio


@pytest.fixture
def context(mini_corpus: Path) -> Iterator[Context]:
    """A context of a built (never started) application with the mini corpus loaded."""
    application = ApplicationBuilder().token(TOKEN).context_types(CONTEXT_TYPES).build()
    state = application.bot_data
    state.configure(BotSettings(telegram_bot_token=TOKEN, corpus=mini_corpus, use_cache=False))
    state.retriever = Retriever.from_settings(Settings(corpus=mini_corpus, use_cache=False))
    yield CallbackContext(application)
    if state.log is not None:
        state.log.close()


async def test_keyboard_names_the_article_and_remembers_the_question(context: Context) -> None:
    result = await handlers.find_answers(context, "新增了多少停车位？", 2)
    [[source, more], [up, down]] = handlers.keyboard(context, result, 0, 42).inline_keyboard
    answer = result.answers[0]
    assert (source.text, more.text) == ("查看原文", "更多答案")
    assert "👍" in up.text and "👎" in down.text
    assert decode_button(str(source.callback_data)) == SourceButton(
        "tingche", answer.article.digest[:8], answer.paragraph
    )
    button = decode_button(str(more.callback_data))
    assert isinstance(button, MoreButton) and button.offset == 1
    assert context.bot_data.questions.get(42, button.key) == "新增了多少停车位？"
    assert context.bot_data.questions.get(43, button.key) is None  # only in its own chat


# The application is built, not running: PTB warns that it won't await the tasks; we do.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBUserWarning")
async def test_record_writes_only_when_the_log_is_on(context: Context, tmp_path: Path) -> None:
    row = {"chat_type": "private", "question": "问", "answered": True, "score": 1.0}
    record_later(context, **row, latency_ms=3.0)  # no log: nothing happens
    context.bot_data.log = QuestionLog(tmp_path / "q.db")
    record_later(context, **row, latency_ms=3.0)
    record_later(context, **{**row, "answered": False}, latency_ms=5.0)
    for _ in range(100):  # written in the background, after the reply
        if context.bot_data.log.stats().asked == 2:
            break
        await asyncio.sleep(0.02)
    stats = context.bot_data.log.stats()
    assert (stats.asked, stats.answered_share) == (2, 0.5)
