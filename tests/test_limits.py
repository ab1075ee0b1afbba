"""The gate: every kind of request limited per user and per chat, edits ignored, sends capped,
and a flooded group never delays anyone else (real Application, fake Bot API server)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from bot_harness import running_bot
from conftest import MINI_ARTICLES
from fake_botapi import FakeBotAPI
from fake_botapi_updates import DEFAULT_GROUP_IDS, DEFAULT_USER_ID

from qabot import card
from qabot.limits import MAX_MESSAGES_PER_REQUEST, capped

GROUP = DEFAULT_GROUP_IDS["supergroup"]
QUESTION = "新增了多少停车位"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The mini corpus plus a long article (many messages for 查看原文)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    long = "\n\n".join(f"第{n}段。" + "海" * 1500 for n in range(20))
    for name, text in {**MINI_ARTICLES, "long.md": f"# 海洋长篇报道\n\n{long}\n"}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def texts(server: FakeBotAPI, chat_id: int) -> list[str]:
    return [p["text"] for p in server.sent("sendMessage") if p["chat_id"] == chat_id]


async def settle(server: FakeBotAPI, seconds: float = 0.4) -> None:
    """Wait until the bot has been quiet (no new call) for a while."""
    seen = -1
    while seen != len(server.calls):
        seen = len(server.calls)
        await asyncio.sleep(seconds)


async def test_a_flooding_group_does_not_delay_a_private_question(
    server: FakeBotAPI, corpus: Path
) -> None:
    # Every send into the group is slow, as when its 20-a-minute budget is spent.
    server.slow_chats[GROUP] = 0.6
    async with running_bot(server, corpus, questions_per_minute=10):
        for _ in range(50):
            server.send_text(f"/ask {QUESTION}", chat_id=GROUP, chat_type="supergroup")
        await asyncio.sleep(0.3)  # the flood is being handled
        started = time.monotonic()
        server.send_text(QUESTION, user_id=2002)
        await server.wait_for(predicate=lambda p: p["chat_id"] == 2002, timeout=3)
        latency = time.monotonic() - started
        server.slow_chats.clear()
        await server.wait_for(predicate=lambda p: p["chat_id"] == GROUP, count=11)
        await settle(server)
    assert latency < 0.8, f"the private question waited {latency:.1f} s"
    group = texts(server, GROUP)
    # Ten answers, one "slow down", then silence: refusals spend none of the group's budget.
    assert len(group) == 11 and group.count(card.SLOW_DOWN) == 1


async def test_each_chat_has_a_limit_whoever_asks(server: FakeBotAPI, corpus: Path) -> None:
    async with running_bot(server, corpus, chat_requests_per_minute=3):
        for user in range(6):
            server.send_text(
                f"/ask {QUESTION}", chat_id=GROUP, chat_type="supergroup", user_id=3000 + user
            )
        await server.wait_for(predicate=lambda p: p["chat_id"] == GROUP, count=4)
        server.send_text(QUESTION, user_id=2002)  # another chat is not affected
        await server.wait_for(predicate=lambda p: p["chat_id"] == 2002)
        await settle(server)
    group = texts(server, GROUP)
    assert len(group) == 4 and group.count(card.SLOW_DOWN) == 1


async def test_buttons_are_limited_too(server: FakeBotAPI, corpus: Path) -> None:
    async with running_bot(server, corpus, questions_per_minute=2):
        server.send_text(QUESTION)
        [card_params] = await server.wait_for()
        [[source, more], _votes] = card_params["reply_markup"]["inline_keyboard"]
        [sent] = server.bot_messages(DEFAULT_USER_ID)
        for n in range(20):
            server.press_button(sent, (source if n % 2 else more)["callback_data"])
        await settle(server)
    pop_ups = [p.get("text") for p in server.sent("answerCallbackQuery")]
    assert pop_ups.count(card.SLOW_DOWN) == 1
    assert len(pop_ups) <= 2  # one press allowed (the question took the other), one notice
    assert len(server.sent("sendMessage")) <= 1 + MAX_MESSAGES_PER_REQUEST


async def test_inline_queries_are_limited(server: FakeBotAPI, corpus: Path) -> None:
    async with running_bot(server, corpus, questions_per_minute=2):
        for _ in range(20):
            server.inline_query(QUESTION)
        await settle(server)
    assert len(server.sent("answerInlineQuery")) == 6  # three times the per-user budget


async def test_one_press_or_command_sends_a_few_messages_at_most(
    server: FakeBotAPI, corpus: Path
) -> None:
    for n in range(300):
        title = f"第{n}篇" + "很长的标题" * 40
        (corpus / f"t{n:03}.md").write_text(f"# {title}\n\n正文{n}。\n", encoding="utf-8")
    async with running_bot(server, corpus, questions_per_minute=0):
        server.send_text("/articles")
        await server.wait_for(count=MAX_MESSAGES_PER_REQUEST)
        server.send_text("海洋长篇报道第3段")
        await server.wait_for(count=MAX_MESSAGES_PER_REQUEST + 1)
        [[source, _], _votes] = server.sent()[-1]["reply_markup"]["inline_keyboard"]
        server.press_button(server.bot_messages(DEFAULT_USER_ID)[-1], source["callback_data"])
        await server.wait_for("answerCallbackQuery")
        await settle(server)
    sent = texts(server, DEFAULT_USER_ID)
    listing, article = sent[:MAX_MESSAGES_PER_REQUEST], sent[MAX_MESSAGES_PER_REQUEST + 1 :]
    assert "共 304 篇文章" in listing[0] and "没有显示" in listing[-1]
    assert len(article) == MAX_MESSAGES_PER_REQUEST and "没有显示" in article[-1]


@pytest.mark.parametrize("text", [f"/ask {QUESTION}", QUESTION], ids=["command", "text"])
async def test_edited_messages_are_never_answered(
    server: FakeBotAPI, corpus: Path, text: str
) -> None:
    async with running_bot(server, corpus):
        message = server.send_text(text)
        await server.wait_for()
        server.push_update({"edited_message": message | {"edit_date": message["date"] + 1}})
        server.send_text("公园种了多少樱花树")  # answered: the bot is still listening
        await server.wait_for(count=2)
        await settle(server)
    assert len(texts(server, DEFAULT_USER_ID)) == 2


def test_capped_says_how_many_were_left_out() -> None:
    assert capped(["a", "b"], "+{left}", cap=3) == ["a", "b"]
    assert capped(list("abcdef"), "+{left}", cap=3) == ["a", "b", "+4"]
