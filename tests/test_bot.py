"""End to end: bot.py's real Application polling a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from bot_harness import check_html, run_bot, running_bot
from conftest import MINI_ARTICLES
from fake_botapi import FakeBotAPI
from fake_botapi_updates import DEFAULT_GROUP_IDS, DEFAULT_USER_ID

from qabot import card

pytestmark = pytest.mark.asyncio
TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345"
SECRET = TOKEN.split(":")[1]
GROUP = DEFAULT_GROUP_IDS["group"]
ADMIN = 7
HTML_ARTICLE = '# A&B <公司> 年报\n\n<公司>营收增长&利润翻倍,股东大会在"总部"召开。\n'
Bot = Callable[..., AbstractAsyncContextManager[Any]]


def long_article() -> str:
    paragraphs = [f"鲸鱼观察第{n}段开始。" + "海" * 300 + f"第{n}段结束。" for n in range(40)]
    return "# 海洋长篇报道\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The conftest mini corpus plus an article full of HTML and a long one."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in {
        **MINI_ARTICLES,
        "html.md": HTML_ARTICLE,
        "long.md": long_article(),
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def start_bot(server: FakeBotAPI, corpus: Path) -> Bot:
    """Return a factory running bot.build_application(settings) against the server."""

    def running(**overrides: Any) -> Any:
        return running_bot(server, corpus, fast=False, **overrides)

    return running


@pytest_asyncio.fixture
async def app(start_bot: Bot) -> AsyncIterator[Any]:
    """The bot with default settings."""
    async with start_bot() as application:
        yield application


async def reply_to(server: FakeBotAPI, message: dict[str, Any]) -> dict[str, Any]:
    """Wait for the bot's sendMessage replying to message (by chat and message id)."""

    def replies(params: dict[str, Any]) -> bool:
        quoted = (params.get("reply_parameters") or {}).get("message_id")
        return params["chat_id"] == message["chat"]["id"] and (
            quoted == message["message_id"] or message["chat"]["type"] == "private"
        )

    found = await server.wait_for("sendMessage", predicate=replies)
    return found[-1]


def bot_message(server: FakeBotAPI, chat_id: int) -> dict[str, Any]:
    """The latest message the bot sent to chat_id, as stored by the server."""
    return server.bot_messages(chat_id)[-1]


def buttons(params: dict[str, Any]) -> dict[str, str]:
    return {b["text"]: b["callback_data"] for b in params["reply_markup"]["inline_keyboard"][0]}


async def test_private_question_gets_a_card_with_two_buttons(server: FakeBotAPI, app: Any) -> None:
    asked = server.send_text("新增了多少停车位？")
    reply = await reply_to(server, asked)
    assert reply["parse_mode"] == "HTML"
    assert check_html(reply["text"]).startswith("社区在东门空地建成停车场2处,新增停车位120个。")
    assert "停车位</b>120个" in reply["text"]
    assert "《幸福社区新建停车场》 记者 张明 · 2024-03-01" in reply["text"]
    assert list(buttons(reply)) == ["查看原文", "更多答案"]
    assert all(len(d.encode()) <= 64 for d in buttons(reply).values())


async def test_below_the_floor_the_nearest_sentence_is_offered_not_answered(
    server: FakeBotAPI, start_bot: Bot
) -> None:
    async with start_bot(min_confidence=1.0, hint_confidence=0.0):
        asked = server.send_text("新增了多少停车位？")
        reply = await reply_to(server, asked)
    text = check_html(reply["text"])
    assert text.startswith("没有找到确切的答案。最接近的一句（不一定回答了问题）：")
    assert "社区在东门空地建成停车场2处,新增停车位120个。" in text
    assert "《幸福社区新建停车场》 记者 张明 · 2024-03-01" in text
    assert "reply_markup" not in reply  # no buttons: it is not an answer


async def test_commands_are_registered_in_chinese(server: FakeBotAPI, app: Any) -> None:
    private = server.get_commands({"type": "all_private_chats"})
    group = server.get_commands({"type": "all_group_chats"})
    assert [c["command"] for c in private] == ["start", "ask", "articles", "help"]
    assert [c["command"] for c in group] == ["ask", "articles", "help"]
    assert all(c["description"] for c in private + group)


async def test_start_help_and_articles(server: FakeBotAPI, app: Any) -> None:
    server.send_text("/start", first_name="<小明>")
    [start] = await server.wait_for("sendMessage")
    assert "你好，&lt;小明&gt;！" in start["text"] and "<code>" in start["text"]
    server.send_text("/help")
    [_, help_] = await server.wait_for("sendMessage", count=2)
    assert "/ask" in help_["text"] and "@qa_test_bot" in help_["text"]
    server.send_text("/articles")
    [*_, articles] = await server.wait_for("sendMessage", count=3)
    assert (
        "共 5 篇文章" in articles["text"] and "《A&amp;B &lt;公司&gt; 年报》" in articles["text"]
    )


async def test_non_text_in_private_gets_a_hint(server: FakeBotAPI, app: Any) -> None:
    server.send_sticker()
    [hint] = await server.wait_for("sendMessage")
    assert hint["text"] == card.NOT_TEXT


@pytest.mark.parametrize(
    "text",
    [
        "/ask 公园种了多少樱花树",
        "/ask@qa_test_bot 公园种了多少樱花树",
        "@qa_test_bot 公园种了多少樱花树",
    ],
)
async def test_group_questions_are_answered_as_replies(
    server: FakeBotAPI, app: Any, text: str
) -> None:
    asked = server.send_text(text, chat_type="group")
    reply = await reply_to(server, asked)
    assert reply["chat_id"] == GROUP
    assert "<b>樱花树</b>400棵" in reply["text"]


async def test_group_reply_to_the_bot_is_answered(server: FakeBotAPI, app: Any) -> None:
    asked = server.send_text("/ask 新增了多少停车位", chat_type="group")
    await reply_to(server, asked)
    follow_up = server.send_text(
        "停车场怎么收费", chat_type="group", reply_to_message=bot_message(server, GROUP)
    )
    reply = await reply_to(server, follow_up)
    assert "每月<b>收费</b>100元" in reply["text"]


async def test_group_chatter_and_other_bots_are_ignored(server: FakeBotAPI, app: Any) -> None:
    human = server.send_text("大家好", chat_type="group")
    server.send_text("停车位有多少", chat_type="group", reply_to_message=human)
    server.send_text("/ask@OtherBot 新增了多少停车位", chat_type="group")
    server.send_text("/start@OtherBot", chat_type="group")
    server.send_text("@someone 停车位", chat_type="group")
    server.send_sticker(chat_type="group")
    server.send_photo("@qa_test_bot 看图", chat_type="group")
    sentinel = server.send_text("/ask", chat_type="group")
    reply = await reply_to(server, sentinel)
    assert reply["text"] == card.ASK_USAGE
    assert server.sent("sendMessage") == [reply]


async def test_more_answers_until_none_left(server: FakeBotAPI, app: Any) -> None:
    server.send_text("幸福社区停车场")
    [first] = await server.wait_for("sendMessage")
    texts = [first["text"]]
    for presses in range(1, 10):
        server.press_button(
            bot_message(server, DEFAULT_USER_ID),
            buttons(texts and first)["更多答案"]
            if presses == 1
            else buttons(server.sent("sendMessage")[-1])["更多答案"],
        )
        [*_, answered] = await server.wait_for("answerCallbackQuery", count=presses)
        if answered.get("text") == card.NO_MORE:
            break
        sent = await server.wait_for("sendMessage", count=presses + 1)
        texts.append(sent[-1]["text"])
    else:
        pytest.fail("更多答案 never ran out")
    assert len(texts) >= 2 and len(set(texts)) == len(texts)
    assert texts[1].startswith("2. ")


async def test_source_button_sends_the_long_article_split(server: FakeBotAPI, app: Any) -> None:
    server.send_text("鲸鱼观察第0段")
    [card_message] = await server.wait_for("sendMessage")
    assert "《海洋长篇报道》" in card_message["text"]
    server.press_button(bot_message(server, DEFAULT_USER_ID), buttons(card_message)["查看原文"])
    await server.wait_for("answerCallbackQuery")
    [long] = [a for a in app.bot_data.retriever.corpus.articles if a.id == "long"]
    expected = card.article_messages(long, 0)
    assert len(expected) >= 3
    pages = (await server.wait_for("sendMessage", count=1 + len(expected)))[1:]
    assert [p["text"] for p in pages] == expected
    assert all(len(p["text"]) <= 4096 for p in pages)
    joined = "".join(check_html(p["text"]) for p in pages)
    assert joined.startswith("《海洋长篇报道》")
    assert joined.count("段开始") == joined.count("段结束") == 40


async def test_source_button_survives_reload_by_article_id(
    server: FakeBotAPI, start_bot: Bot, corpus: Path
) -> None:
    async with start_bot(admins=[ADMIN]) as app:
        server.send_text("新增了多少停车位？")
        [card_message] = await server.wait_for("sendMessage")
        message, data = bot_message(server, DEFAULT_USER_ID), buttons(card_message)["查看原文"]
        [answer] = app.bot_data.retriever.ask("新增了多少停车位？", 1).answers
        # A new article sorts first: every article's position moves by one.
        (corpus / "0-first.md").write_text("# 新来的文章\n\n第一段。\n\n第二段。\n\n第三段。\n")
        server.send_text("/reload", user_id=ADMIN)
        await server.wait_for("sendMessage", count=3)
        server.press_button(message, data)
        await server.wait_for("answerCallbackQuery")
        [article] = [a for a in app.bot_data.retriever.corpus.articles if a.id == "tingche"]
        expected = card.article_messages(article, answer.paragraph)
        sent = await server.wait_for("sendMessage", count=3 + len(expected))
        assert [p["text"] for p in sent[3:]] == expected
        assert check_html(expected[0]).startswith("《幸福社区新建停车场》")
        # The article is deleted: the old button says so instead of opening another one.
        (corpus / "tingche.md").unlink()
        server.send_text("/reload", user_id=ADMIN)
        await server.wait_for("sendMessage", count=5 + len(expected))
        server.press_button(message, data)
        [_, gone] = await server.wait_for("answerCallbackQuery", count=2)
        assert gone["text"] == card.GONE
        assert len(server.sent("sendMessage")) == 5 + len(expected)


async def test_stale_and_unknown_buttons_get_a_notice(server: FakeBotAPI, app: Any) -> None:
    server.send_text("新增了多少停车位")
    await server.wait_for("sendMessage")
    message = bot_message(server, DEFAULT_USER_ID)
    for n, data in enumerate(["more:0123456789ab:1", "src:99:0", "src:0:99", "???"], start=1):
        server.press_button(message, data)
        [*_, notice] = await server.wait_for("answerCallbackQuery", count=n)
        assert notice["text"] == card.EXPIRED
    assert len(server.sent("sendMessage")) == 1


async def test_crafted_button_data_is_answered_quietly(
    server: FakeBotAPI, app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    server.send_text("幸福社区停车场")  # more than one answer
    [card_message] = await server.wait_for("sendMessage")
    message = bot_message(server, DEFAULT_USER_ID)
    key = buttons(card_message)["更多答案"].split(":")[1]
    crafted = [f"more:{key}:-1", f"more:{key}:0", f"more:{key}:1:x", "src::-1:tingche", "src"]
    for n, data in enumerate(crafted, start=1):
        server.press_button(message, data)
        [*_, notice] = await server.wait_for("answerCallbackQuery", count=n)
        assert notice["text"] == card.EXPIRED
    # The key only works in the chat it was made for: another chat can't probe it.
    server.send_text("/ask 公园种了多少樱花树", chat_type="group", user_id=2002)
    await server.wait_for("sendMessage", count=2)
    server.press_button(bot_message(server, GROUP), f"more:{key}:1", user_id=2002)
    [*_, foreign] = await server.wait_for("answerCallbackQuery", count=len(crafted) + 1)
    assert foreign["text"] == card.EXPIRED
    server.press_button(message, f"more:{key}:1")
    await server.wait_for("sendMessage", count=3)
    assert "Exception while handling an update" not in caplog.text


async def test_inline_query_offers_answers(server: FakeBotAPI, app: Any) -> None:
    server.inline_query("停车场怎么收费")
    [answer] = await server.wait_for("answerInlineQuery")
    results = answer["results"]
    assert 1 <= len(results) <= 3
    assert results[0]["type"] == "article"
    assert results[0]["title"] == "停车场由物业公司统一管理,每月收费100元。"
    assert results[0]["description"].startswith("《幸福社区新建停车场》")
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML" and "<b>收费</b>" in content["message_text"]


@pytest.mark.parametrize("query", ["", "   ", "大家好"])
async def test_inline_query_without_answers_gets_a_hint(
    server: FakeBotAPI, app: Any, query: str
) -> None:
    server.inline_query(query)
    [answer] = await server.wait_for("answerInlineQuery")
    assert answer["results"] == []
    assert answer["button"]["text"] and answer["button"]["start_parameter"] == "help"


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("<公司>营收怎样？<script>", "<公司>营收增长&利润翻倍"),
        ("<b>大家好</b> & <i>", "没有找到相关内容"),
        ("😀 ＜公園＞種了多少櫻花樹？！", "公园新种植樱花树400棵"),
        ("停" * 5000, ""),
    ],
    ids=["html-corpus", "html-question", "emoji-traditional", "very-long"],
)
async def test_hostile_questions_get_valid_html(
    server: FakeBotAPI, app: Any, question: str, shown: str
) -> None:
    server.send_text(question)
    [reply] = await server.wait_for("sendMessage")
    assert shown in check_html(reply["text"])
    assert "<script>" not in reply["text"]


async def test_allow_list_refuses_politely_in_private_and_silently_in_groups(
    server: FakeBotAPI, start_bot: Bot
) -> None:
    async with start_bot(allowed_chats=[GROUP], admins=[7]):
        server.send_text("/ask 新增了多少停车位", chat_type="supergroup")
        server.inline_query("停车场怎么收费")
        server.send_text("新增了多少停车位")
        [refusal] = await server.wait_for("sendMessage")
        assert refusal == {"chat_id": DEFAULT_USER_ID, "text": card.NOT_ALLOWED}
        allowed = server.send_text("/ask 新增了多少停车位", chat_type="group")
        await reply_to(server, allowed)
        server.send_text("新增了多少停车位", user_id=7)  # an admin, in private
        await server.wait_for("sendMessage", count=3)
    assert server.sent("answerInlineQuery") == []


async def test_per_user_limit_answers_politely(server: FakeBotAPI, start_bot: Bot) -> None:
    async with start_bot(questions_per_minute=2):
        for _ in range(3):
            server.send_text("新增了多少停车位")
        server.send_text("新增了多少停车位", user_id=2002)
        sent = await server.wait_for("sendMessage", count=4)
    by_user = {p["chat_id"]: p["text"] for p in sent}
    # Updates run concurrently, so which of the three is refused is not fixed; one is.
    mine = [p["text"] for p in sent if p["chat_id"] == DEFAULT_USER_ID]
    assert len(mine) == 3 and mine.count(card.SLOW_DOWN) == 1
    assert by_user[2002] != card.SLOW_DOWN


async def test_token_never_logged_even_on_errors(
    server: FakeBotAPI, start_bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with start_bot(log_questions=True):
        server.fail_next("sendMessage", 400, description="Bad Request: chat not found")
        server.send_text("新增了多少停车位")
        await server.wait_for("sendMessage", include_failed=True)
        server.retry_after("sendMessage", 1)
        server.send_text("公园种了多少樱花树")
        server.send_text("读书节评选出多少阅读之星")
        await server.wait_for("sendMessage", count=1, timeout=8)
    assert "could not send a message" in caplog.text  # logged by the chat's send queue
    assert "latency_ms=" in caplog.text and "新增了多少停车位" in caplog.text
    # aiohttp.* is the fake server (Telegram's side), which sees the token in its URLs.
    records = [r for r in caplog.records if not r.name.startswith("aiohttp")]
    ours = "\n".join(caplog.handler.format(r) for r in records)
    assert "Application.stop() complete" in ours and "Chat not found" in ours
    assert SECRET not in ours


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "42:not-a-real-token"}, "TELEGRAM_BOT_TOKEN is malformed"),
    ],
    ids=["missing", "malformed"],
)
async def test_bad_token_exits_2_with_one_line(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    done = await asyncio.to_thread(run_bot, tmp_path, **env)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr
    assert "Traceback" not in done.stderr and "not-a-real-token" not in done.stderr


@pytest.mark.parametrize("path", ["/bot", "/bot/", "", "/api"])
async def test_a_wrong_api_url_or_a_refused_token_never_shows_the_token(
    tmp_path: Path, path: str
) -> None:
    """A server that refuses the token, or a base URL without /bot: one line, exit 2."""
    async with FakeBotAPI(token="999:another-token-0123456789abc") as other:
        done = await asyncio.to_thread(
            run_bot, tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=other.url + path
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert SECRET not in done.stdout + done.stderr
