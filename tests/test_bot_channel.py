"""Channel posts become articles; an edit replaces its article; answers link to the post."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from bot_harness import running_bot
from fake_botapi import FakeBotAPI
from fake_botapi_files import DEFAULT_CHANNEL_ID
from test_card import visible

from qa import load_corpus
from qabot import editor

pytestmark = pytest.mark.asyncio
ADMIN, READER = 1001, 2002
POST = "滨江路夜市周五开业\n滨江路夜市本周五晚6点开业，共有摊位80个。\n夜市营业到晚上11点。"


@pytest_asyncio.fixture
async def app(server: FakeBotAPI, corpus: Path) -> AsyncIterator[Any]:
    channels = [DEFAULT_CHANNEL_ID, -1009]
    async with running_bot(server, corpus, admins=[ADMIN], channels=channels) as application:
        yield application


async def until(condition: Any, timeout: float = 20.0) -> None:
    """Wait until condition() is true (the bot works on updates in the background)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def titles(app: Any) -> list[str]:
    return [a.title for a in app.bot_data.retriever.corpus.articles]


async def ask(server: FakeBotAPI, question: str) -> dict[str, Any]:
    before = len(server.sent())
    server.send_text(question, user_id=READER)
    return (await server.wait_for("sendMessage", count=before + 1))[-1]


async def test_a_post_becomes_an_article_whose_answers_link_to_it(
    server: FakeBotAPI, app: Any, corpus: Path
) -> None:
    post = server.post_to_channel(POST, date=1718900000)  # 2024-06-20
    await until(lambda: "滨江路夜市周五开业" in titles(app))
    [article] = [a for a in load_corpus(corpus).articles if a.title == "滨江路夜市周五开业"]
    url = f"https://t.me/binjiang_news/{post['message_id']}"
    assert (article.id, article.date, article.source, article.url) == (
        f"telegram/binjiang_news/{post['message_id']}",
        "2024-06-20",
        "滨江新闻",
        url,
    )
    card = await ask(server, "夜市有多少个摊位")
    assert visible(card["text"]).startswith("滨江路夜市本周五晚6点开业，共有摊位80个。")
    [source, more] = card["reply_markup"]["inline_keyboard"][0]
    assert (source["text"], source["url"]) == ("查看原文", url) and "callback_data" not in source
    assert more["text"] == "更多答案"


async def test_an_edited_post_replaces_its_article(
    server: FakeBotAPI, app: Any, corpus: Path
) -> None:
    post = server.post_to_channel(POST)
    await until(lambda: "滨江路夜市周五开业" in titles(app))
    server.edit_channel_post(post, POST.replace("80个", "120个"))
    await until(lambda: "摊位120个" in str(app.bot_data.retriever.corpus.articles))
    assert titles(app).count("滨江路夜市周五开业") == 1
    assert "120个" in visible((await ask(server, "夜市有多少个摊位"))["text"])
    assert len(list((corpus / "telegram" / "binjiang_news").iterdir())) == 1


async def test_a_private_channel_post_has_no_link(server: FakeBotAPI, app: Any) -> None:
    server.post_to_channel(POST, chat_id=-1009, title="内部通知", username=None)
    await until(lambda: "滨江路夜市周五开业" in titles(app))
    [source, _] = (await ask(server, "夜市有多少个摊位"))["reply_markup"]["inline_keyboard"][0]
    assert source["callback_data"].startswith("src:") and "url" not in source


async def test_posts_of_other_channels_and_posts_without_text_are_ignored(
    server: FakeBotAPI, app: Any, corpus: Path
) -> None:
    server.post_to_channel(POST, chat_id=-1000666, title="别人的频道", username="someone")
    server.post_to_channel("   ")
    server.post_to_channel("湖滨公园开放\n湖滨公园今天开放。")  # a sentinel that is added
    await until(lambda: "湖滨公园开放" in titles(app))
    assert "滨江路夜市周五开业" not in titles(app)
    assert not (corpus / "telegram" / "someone").exists()


async def test_add_a_forwarded_post_links_to_the_original(
    server: FakeBotAPI, app: Any, corpus: Path
) -> None:
    post = server.post_to_channel(POST, chat_id=-1000777, title="外部频道", username="waibu")
    forwarded = server.forward_post(post, user_id=ADMIN)
    [hint] = await server.wait_for("sendMessage")  # not answered as a question: how to add it
    assert hint["text"] == editor.FORWARDED_HINT
    server.send_text("/add", user_id=ADMIN, reply_to_message=forwarded)
    [_, reply] = await server.wait_for("sendMessage", count=2)
    assert reply["text"].startswith("已添加：<b>《滨江路夜市周五开业》</b>")
    [article] = [a for a in load_corpus(corpus).articles if a.title == "滨江路夜市周五开业"]
    assert article.url == f"https://t.me/waibu/{post['message_id']}"
    assert article.source == "外部频道"


async def test_a_forwarded_post_is_a_question_for_readers(server: FakeBotAPI, app: Any) -> None:
    post = server.post_to_channel("新增停车位多少个", chat_id=-1000777, title="外部频道")
    server.forward_post(post, user_id=READER)
    [answer] = await server.wait_for("sendMessage")
    assert answer["chat_id"] == READER
    assert "新增停车位" in visible(answer["text"]) and answer["text"] != editor.FORWARDED_HINT
