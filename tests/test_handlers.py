"""Handler helpers on a real Application (no network): buttons, answers off the loop, the log,
and sends retried through network failures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bot_harness import TOKEN
from telegram.error import BadRequest, NetworkError
from telegram.ext import ApplicationBuilder, CallbackContext

from qa import Retriever, Settings
from qa.questionlog import QuestionLog
from qabot import handlers
from qabot.buttons import MoreButton, SourceButton, decode_button
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
    [[source, more], [up, down]] = handlers.keyboard(context, result, 0).inline_keyboard
    answer = result.answers[0]
    assert (source.text, more.text) == ("查看原文", "更多答案")
    assert "👍" in up.text and "👎" in down.text
    assert decode_button(str(source.callback_data)) == SourceButton(
        "tingche", answer.article.digest[:8], answer.paragraph
    )
    button = decode_button(str(more.callback_data))
    assert isinstance(button, MoreButton) and button.offset == 1
    assert context.bot_data.questions.get(button.key) == "新增了多少停车位？"


async def test_record_writes_only_when_the_log_is_on(context: Context, tmp_path: Path) -> None:
    row = {"chat_type": "private", "question": "问", "answered": True, "score": 1.0}
    await handlers.record(context, **row, latency_ms=3.0)  # no log: nothing happens
    context.bot_data.log = QuestionLog(tmp_path / "q.db")
    await handlers.record(context, **row, latency_ms=3.0)
    await handlers.record(context, **{**row, "answered": False}, latency_ms=5.0)
    stats = context.bot_data.log.stats()
    assert (stats.asked, stats.answered_share) == (2, 0.5)


async def test_deliver_retries_network_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    delays: list[float] = []

    async def no_wait(delay: float) -> None:
        delays.append(delay)

    monkeypatch.setattr("qabot.handlers.asyncio.sleep", no_wait)
    outcomes: list[Exception | None] = [NetworkError("down"), NetworkError("down"), None]

    async def send() -> None:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    await handlers.deliver(send)
    assert (outcomes, delays) == ([], [0.5, 1.0])


async def test_deliver_gives_up_on_bad_requests_at_once_and_on_outages_at_last(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    async def no_wait(delay: float) -> None:
        calls.append(f"wait {delay}")

    monkeypatch.setattr("qabot.handlers.asyncio.sleep", no_wait)

    async def bad() -> None:
        calls.append("send")
        raise BadRequest("chat not found")

    with pytest.raises(BadRequest):
        await handlers.deliver(bad)
    assert calls == ["send"]

    async def down() -> None:
        raise NetworkError("down")

    calls.clear()
    with pytest.raises(NetworkError):
        await handlers.deliver(down)
    assert calls == [f"wait {d}" for d in (0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0)]
