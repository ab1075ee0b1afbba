"""👍 / 👎 under answer cards: one vote per user per answer, in private and in groups."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from bot_harness import running_bot
from fake_botapi import FakeBotAPI
from fake_botapi_updates import DEFAULT_GROUP_IDS
from test_card import visible

from qa.questionlog import QuestionLog
from qabot import feedback

pytestmark = pytest.mark.asyncio
ADMIN, READER, OTHER = 1001, 2002, 3003
GROUP = DEFAULT_GROUP_IDS["group"]


@pytest_asyncio.fixture
async def app(server: FakeBotAPI, mini_corpus: Path, tmp_path: Path) -> AsyncIterator[Any]:
    log = tmp_path / "questions.db"
    async with running_bot(server, mini_corpus, admins=[ADMIN], question_log=log) as application:
        yield application


def vote_buttons(params: dict[str, Any]) -> dict[str, str]:
    rows = params["reply_markup"]["inline_keyboard"]
    return {b["text"]: b["callback_data"] for b in rows[1]}


def down(params: dict[str, Any]) -> str:
    return next(d for t, d in vote_buttons(params).items() if "👎" in t)


def up(params: dict[str, Any]) -> str:
    return next(d for t, d in vote_buttons(params).items() if "👍" in t)


async def toasts(server: FakeBotAPI, count: int) -> list[str | None]:
    calls = await server.wait_for("answerCallbackQuery", count=count)
    return [c.get("text") for c in calls]


async def test_thumbs_down_thanks_shows_the_next_answer_and_counts_once(
    server: FakeBotAPI, app: Any
) -> None:
    server.send_text("幸福社区停车场", user_id=READER)
    [first] = await server.wait_for("sendMessage")
    server.press_button(server.bot_messages(READER)[-1], down(first), user_id=READER)
    assert await toasts(server, 1) == [feedback.THANKS]
    [_, following] = await server.wait_for("sendMessage", count=2)
    assert following["text"].startswith(feedback.NEXT_ANSWER + "\n2. ")
    assert visible(following["text"]) != visible(first["text"])
    assert "👎" in "".join(vote_buttons(following))
    server.press_button(server.bot_messages(READER)[0], down(first), user_id=READER)
    assert (await toasts(server, 2))[-1] == feedback.ALREADY
    assert len(server.sent()) == 2  # no second "next answer"
    wrong = app.bot_data.log.stats().marked_wrong
    assert [(w.question, w.down, w.up) for w in wrong] == [("幸福社区停车场", 1, 0)]


async def test_group_members_vote_once_each(server: FakeBotAPI, app: Any) -> None:
    server.send_text("/ask 公园种了多少樱花树", chat_type="group", user_id=READER)
    [answer] = await server.wait_for("sendMessage")
    card_message = server.bot_messages(GROUP)[-1]
    for user in (READER, OTHER, READER):
        server.press_button(card_message, down(answer), user_id=user)
    server.press_button(card_message, up(answer), user_id=ADMIN)
    said = await toasts(server, 4)  # handled concurrently: in any order
    assert Counter(said) == {feedback.THANKS_DOWN: 2, feedback.ALREADY: 1, feedback.THANKS: 1}
    log: QuestionLog = app.bot_data.log
    [wrong] = log.stats().marked_wrong
    assert (wrong.question, wrong.article_id, wrong.down, wrong.up) == (
        "公园种了多少樱花树",
        "gongyuan",
        2,
        1,
    )
    server.send_text("/stats", user_id=ADMIN)
    [*_, stats] = await server.wait_for("sendMessage", predicate=lambda p: p["chat_id"] == ADMIN)
    assert f"2/1 公园种了多少樱花树 → {wrong.answer} [gongyuan]" in stats["text"]


async def test_a_vote_on_an_answer_gone_since_is_an_expired_button(
    server: FakeBotAPI, app: Any, mini_corpus: Path
) -> None:
    server.send_text("停车场怎么收费", user_id=READER)
    [first] = await server.wait_for("sendMessage")
    (mini_corpus / "tingche.md").unlink()
    server.send_text("/reload", user_id=ADMIN)
    await server.wait_for("sendMessage", count=3)  # 正在重新加载 and 已重新加载
    server.press_button(server.bot_messages(READER)[-1], down(first), user_id=READER)
    assert await toasts(server, 1) == ["这个按钮已过期，请重新提问"]
    assert app.bot_data.log.stats().marked_wrong == ()


async def test_a_forgotten_question_is_an_expired_button(server: FakeBotAPI, app: Any) -> None:
    server.send_text("停车场怎么收费", user_id=READER)
    [first] = await server.wait_for("sendMessage")
    app.bot_data.questions.size = 0
    app.bot_data.questions.put(READER, "别的问题")  # pushes the question out
    server.press_button(server.bot_messages(READER)[-1], down(first), user_id=READER)
    assert await toasts(server, 1) == ["这个按钮已过期，请重新提问"]
