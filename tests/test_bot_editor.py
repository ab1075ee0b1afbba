"""The editor's loop in Telegram: /stats shows what is missing, a document adds it, readers get
the answer; /add, /delete and /articles; refusals in one line. Against the fake Bot API."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import docx
import pytest
import pytest_asyncio
from bot_harness import running_bot
from conftest import MINI_ARTICLES, PAGES
from fake_botapi import FakeBotAPI
from pdfmaker import article_pdf, scanned_pdf
from test_card import visible
from test_ingest import YANGLAO

from qabot import card, editor

pytestmark = pytest.mark.asyncio
ADMIN, READER = 1001, 2002
YANGLAO_TITLE = "城南街道新建三处社区养老驿站"
DITIE = [
    "6月28日上午8时，地铁5号线南段正式开通运营，线路全长18.6公里，共设车站12座。",
    "开通初期，列车最小行车间隔为6分钟，首班车6时发车。",
]


def ditie_docx() -> bytes:
    document = docx.Document()
    document.add_heading("地铁5号线南段今日开通运营", 0)
    for text in DITIE:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest_asyncio.fixture
async def app(server: FakeBotAPI, corpus: Path, tmp_path: Path) -> AsyncIterator[Any]:
    """The bot with a writable corpus, an admin and a question log."""
    log = tmp_path / "questions.db"
    async with running_bot(server, corpus, admins=[ADMIN], question_log=log) as application:
        yield application


async def next_text(server: FakeBotAPI, chat_id: int) -> str:
    """Wait for the next message the bot sends to chat_id and return its text."""
    before = len([p for p in server.sent() if p["chat_id"] == chat_id])
    found = await server.wait_for(
        "sendMessage", count=before + 1, predicate=lambda p: p["chat_id"] == chat_id, timeout=20
    )
    return str(found[-1]["text"])


async def test_from_unanswered_in_stats_to_an_answer(server: FakeBotAPI, app: Any) -> None:
    """Done when: an admin goes from a /stats line "unanswered: …" to sending the missing
    article as a document, and the same question then gets answered."""
    server.send_text("地铁5号线南段全长多少公里？", user_id=READER)
    assert card.NO_ANSWER in await next_text(server, READER)
    server.send_text("/stats", user_id=ADMIN)
    stats = await next_text(server, ADMIN)
    [photo] = await server.wait_for("sendPhoto")
    assert photo["photo"]["data"].startswith(b"\x89PNG")
    [question] = re.findall(r"unanswered: (.+) \(\d+×\)", stats)
    server.send_document(ditie_docx(), "地铁.docx", user_id=ADMIN)
    added = await next_text(server, ADMIN)
    assert added.startswith("已添加：<b>《地铁5号线南段今日开通运营》</b>")
    assert "2 句 · id <code>telegram/files/" in added
    server.send_text(question, user_id=READER)
    assert visible(await next_text(server, READER)).startswith(DITIE[0])
    server.send_text("/stats", user_id=ADMIN)
    assert f"unanswered: {question} (1×) ✓ 现在能回答了" in await next_text(server, ADMIN)


async def test_from_a_readers_word_in_stats_to_a_synonym(
    server: FakeBotAPI, app: Any, corpus: Path
) -> None:
    """/stats lists the words readers asked with that no article has; /synonym mapping one
    to the articles' word writes synonyms.txt, reloads, and the question is answered."""
    server.send_text("跑道有多长", user_id=READER)  # the article says 步道
    await next_text(server, READER)
    server.send_text("/stats", user_id=ADMIN)
    stats = await next_text(server, ADMIN)
    assert "unanswered: 跑道有多长 (1×)\n" in stats
    assert "  跑道 (1×) 如 e.g. 跑道有多长" in stats
    server.send_text("/synonym 跑道, 步道", user_id=ADMIN)
    assert (await next_text(server, ADMIN)).startswith(
        "已添加同义词（synonyms.txt 第 1 行）：跑道, 步道。已重新加载：3 篇文章"
    )
    assert (corpus / "synonyms.txt").read_text(encoding="utf-8") == "跑道, 步道\n"
    server.send_text("跑道有多长", user_id=READER)
    assert visible(await next_text(server, READER)).startswith("湖滨公园改造工程近日完工")
    server.send_text("/stats", user_id=ADMIN)
    stats = await next_text(server, ADMIN)
    assert "unanswered: 跑道有多长 (1×) ✓ 现在能回答了" in stats and "  跑道 (" not in stats


@pytest.mark.parametrize(
    ("name", "data", "title", "sentences"),
    [
        (
            "yanglao.html",
            (PAGES / "jiedao-yanglao.html").read_bytes(),
            "城南街道新建三处社区养老驿站",
            5,
        ),
        ("ditie.docx", ditie_docx(), "地铁5号线南段今日开通运营", 2),
        ("yanglao.pdf", article_pdf("城南街道养老驿站", YANGLAO), "城南街道养老驿站", 5),
        ("gongyuan.txt", "湖滨公园开放\n新建环湖步道5公里。".encode(), "湖滨公园开放", 1),
        (
            "a.md",
            "---\ntitle: 图书馆开放\ndate: 2024-07-01\n---\n\n周一闭馆。\n".encode(),
            "图书馆开放",
            1,
        ),
    ],
)
async def test_each_format_becomes_an_article(
    server: FakeBotAPI, app: Any, corpus: Path, name: str, data: bytes, title: str, sentences: int
) -> None:
    server.send_document(data, name, user_id=ADMIN)
    reply = await next_text(server, ADMIN)
    assert reply.startswith(f"已添加：<b>《{title}》</b>") and f"\n{sentences} 句 · id" in reply
    [written] = (corpus / "telegram" / "files").iterdir()
    assert f"title: {title}" in written.read_text(encoding="utf-8")
    assert title in [a.title for a in app.bot_data.retriever.corpus.articles]


@pytest.mark.parametrize(
    ("name", "data", "size", "reply"),
    [
        ("setup.exe", b"MZ\x90\x00", None, editor.UNSUPPORTED.format(name="setup.exe")),
        ("big.pdf", b"%PDF-1.4", 25 * 2**20, editor.TOO_LARGE.format(name="big.pdf", mb=25.0)),
        ("scan.pdf", scanned_pdf(), None, "没有添加：scan.pdf: has no text layer (a scan?)"),
        ("fake.docx", b"%PDF-1.4\n", None, "没有添加：fake.docx: is not a Word .docx file"),
        ("empty.txt", b"\n\n", None, "没有添加：empty.txt: is empty"),
    ],
)
async def test_a_refused_document_gets_one_line_and_nothing_is_written(
    server: FakeBotAPI,
    app: Any,
    corpus: Path,
    name: str,
    data: bytes,
    size: int | None,
    reply: str,
) -> None:
    server.send_document(data, name, user_id=ADMIN, file_size=size)
    text = await next_text(server, ADMIN)
    assert text.startswith(reply) and "\n" not in text
    assert not (corpus / "telegram").exists()
    if size or name.endswith(".exe"):
        assert server.sent("getFile") == []  # refused before downloading


async def test_a_broken_corpus_file_keeps_the_article_and_says_why_it_is_not_searched(
    server: FakeBotAPI, app: Any, corpus: Path
) -> None:
    (corpus / "broken.md").write_text("---\ntitel: 坏文件\n---\n\n正文。\n", encoding="utf-8")
    server.send_document(ditie_docx(), "地铁.docx", user_id=ADMIN)
    reply = await next_text(server, ADMIN)
    assert reply.startswith("已添加：<b>《地铁5号线南段今日开通运营》</b>")
    assert "已保存，但索引没有更新（修好后发送 /reload）：" in reply and "broken.md:2" in reply
    assert len(list((corpus / "telegram" / "files").iterdir())) == 1


async def test_a_file_telegram_will_not_hand_over_is_one_line(
    server: FakeBotAPI, app: Any, corpus: Path
) -> None:
    # The message claims a small file, but the server refuses the download as too big.
    server.send_document(b"%PDF-1.4" + b"0" * 21 * 2**20, "big.pdf", user_id=ADMIN, file_size=9)
    assert await next_text(server, ADMIN) == "没有添加：big.pdf 下载失败（File is too big）。"
    assert not (corpus / "telegram").exists()


async def test_a_document_from_a_reader_is_not_added(
    server: FakeBotAPI, app: Any, corpus: Path
) -> None:
    server.send_document(ditie_docx(), "地铁.docx", user_id=READER)
    assert await next_text(server, READER) == card.NOT_TEXT
    assert not (corpus / "telegram").exists() and server.sent("getFile") == []


async def test_the_same_document_twice_is_recognised(server: FakeBotAPI, app: Any) -> None:
    server.send_document(ditie_docx(), "地铁.docx", user_id=ADMIN)
    first = await next_text(server, ADMIN)
    server.send_document(ditie_docx(), "地铁-副本.docx", user_id=ADMIN)
    again = await next_text(server, ADMIN)
    assert again.startswith("文章库里已经有这篇文章了：<b>《地铁5号线南段今日开通运营》</b>")
    assert first.split("id ")[1].split("\n")[0] == again.split("id ")[1].split("\n")[0]


async def test_the_bundled_corpus_says_how_to_add(server: FakeBotAPI) -> None:
    async with running_bot(server, None, admins=[ADMIN]):
        server.send_document(ditie_docx(), "地铁.docx", user_id=ADMIN)
        text = await next_text(server, ADMIN)
    assert text.startswith("没有添加：the bundled corpus is read-only: set QA_CORPUS")
    assert server.sent("getFile") == []


async def test_add_text_and_delete_it(server: FakeBotAPI, app: Any, corpus: Path) -> None:
    server.send_text("/add 社区食堂开业\n社区食堂每餐只要8元。", user_id=ADMIN)
    added = await next_text(server, ADMIN)
    assert added.startswith("已添加：<b>《社区食堂开业》</b>")
    article_id = re.findall(r"id <code>(.+?)</code>", added)[0]
    server.send_text("社区食堂每餐多少钱", user_id=READER)
    assert visible(await next_text(server, READER)).startswith("社区食堂每餐只要8元。")
    server.send_text(f"/delete {article_id}", user_id=ADMIN)
    assert (await next_text(server, ADMIN)).startswith(
        f"已删除 {article_id}。已重新加载：3 篇文章"
    )
    assert not list((corpus / "telegram" / "files").iterdir())
    server.send_text(f"/delete {article_id}", user_id=ADMIN)
    assert "no article with id" in await next_text(server, ADMIN)


@pytest.mark.parametrize(
    ("text", "kwargs", "reply"),
    [
        ("/add", {"user_id": ADMIN}, editor.ADD_USAGE),
        ("/delete", {"user_id": ADMIN}, editor.DELETE_USAGE),
        ("/synonym", {"user_id": ADMIN}, editor.SYNONYM_USAGE),
        (
            "/synonym 街道 =>",
            {"user_id": ADMIN},
            "没有添加：{corpus}/synonyms.txt:1: 'a => b' needs words on both sides of '=>'",
        ),
        ("/synonym 街道 => 办事处", {"user_id": READER}, "这个命令只有管理员可以使用。"),
        ("/synonym 街道 => 办事处", {"user_id": ADMIN, "chat_type": "group"}, editor.PRIVATE_ONLY),
        ("/add 标题\n正文。", {"user_id": READER}, "这个命令只有管理员可以使用。"),
        ("/delete tingche", {"user_id": READER}, "这个命令只有管理员可以使用。"),
        ("/add 标题\n正文。", {"user_id": ADMIN, "chat_type": "group"}, editor.PRIVATE_ONLY),
    ],
)
async def test_add_and_delete_usage_and_refusals(
    server: FakeBotAPI, app: Any, corpus: Path, text: str, kwargs: dict[str, Any], reply: str
) -> None:
    message = server.send_text(text, **kwargs)
    [sent] = await server.wait_for("sendMessage")
    assert sent["text"] == reply.format(corpus=corpus) and sent["chat_id"] == message["chat"]["id"]
    assert sorted(p.name for p in corpus.iterdir()) == sorted(MINI_ARTICLES)  # nothing written


async def test_articles_shows_ids_to_admins_only(server: FakeBotAPI, app: Any) -> None:
    server.send_text("/articles", user_id=ADMIN)
    listed = await next_text(server, ADMIN)
    assert "<code>tingche</code> · 《幸福社区新建停车场》 · 2024-03-01" in listed
    server.send_text("/articles", user_id=READER)
    assert "<code>" not in await next_text(server, READER)
