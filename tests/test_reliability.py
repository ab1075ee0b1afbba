"""Reliability against the fake Bot API: bursts, faults, corpus edits, /stats, --check."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bot_harness import POLL_TIMEOUT, READ_TIMEOUT, TOKEN, completeness, running_bot
from click.testing import CliRunner
from fake_botapi import FakeBotAPI
from telegram.ext import CallbackContext

from qa.cli import cli
from qabot import admin, lifecycle

ROOT = Path(__file__).resolve().parent.parent
ADMIN = 7
QUESTIONS = [
    "新增了多少停车位？",
    "停车场怎么收费",
    "公园种了多少樱花树",
    "读书节评选出多少阅读之星",
    "环湖步道有多长",
    "大家好",  # nothing answers it
]
BROKEN = "---\ntitle 没有冒号\n---\n\n正文。\n"
JSON = dict[str, Any]


@pytest.fixture
def corpus(mini_corpus: Path) -> Path:
    """The conftest mini corpus, in a folder of this test's own, free to edit."""
    return mini_corpus


def ask(server: FakeBotAPI, question: str, user: int = 2001) -> tuple[JSON, str]:
    """Inject a private question; returns (message, question)."""
    return server.send_text(question, user_id=user), question


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait until condition() holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition never held"
        await asyncio.sleep(0.02)


def fault_seen(server: FakeBotAPI, method: str) -> Callable[[], bool]:
    """True once a call to method has met its injected fault."""
    return lambda: any(c.fault and c.method == method for c in server.calls)


async def test_burst_every_question_answered_exactly_once(
    server: FakeBotAPI, corpus: Path
) -> None:
    async with running_bot(server, corpus, questions_per_minute=0) as app:
        asked: list[tuple[JSON, str]] = []
        for round_ in range(5):
            for user in range(2001, 2011):
                asked.append(ask(server, QUESTIONS[(user + round_) % len(QUESTIONS)], user))
            for n, kind in enumerate(["group", "supergroup"]):
                q = QUESTIONS[(n + round_) % len(QUESTIONS)]
                msg = server.send_text(f"/ask {q}", chat_type=kind, user_id=3000 + round_)
                asked.append((msg, q))
        await server.wait_for("sendMessage", count=len(asked), timeout=15)
        await asyncio.sleep(0.3)  # time for a duplicate to show up
        assert len(server.sent("sendMessage")) == len(asked) == 60
        assert completeness(server, app.bot_data.retriever, asked) == []


@pytest.mark.parametrize(
    ("inject", "method"),
    [
        (lambda s: s.fail_next("getUpdates", 500, count=2), "getUpdates"),
        (lambda s: s.delay_next("getUpdates", READ_TIMEOUT + POLL_TIMEOUT + 1.5), "getUpdates"),
        (lambda s: s.drop_next("getUpdates"), "getUpdates"),
    ],
    ids=["getUpdates-500", "getUpdates-timeout", "getUpdates-dropped"],
)
async def test_polling_recovers_from(
    server: FakeBotAPI, corpus: Path, inject: Callable[[FakeBotAPI], None], method: str
) -> None:
    async with running_bot(server, corpus) as app:
        inject(server)
        await until(fault_seen(server, method), timeout=POLL_TIMEOUT + 2)
        asked = [ask(server, QUESTIONS[0])]
        await server.wait_for("sendMessage", timeout=10)
        assert completeness(server, app.bot_data.retriever, asked) == []


async def test_send_500_is_retried_and_nothing_is_lost(
    server: FakeBotAPI, corpus: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running_bot(server, corpus) as app:
        server.fail_next("sendMessage", 500)
        asked = [ask(server, QUESTIONS[0])]
        await server.wait_for("sendMessage", include_failed=True)
        await until(lambda: "send failed, retrying" in caplog.text)
        await server.wait_for("sendMessage")
        asked.append(ask(server, QUESTIONS[1]))
        await server.wait_for("sendMessage", count=2)
        assert completeness(server, app.bot_data.retriever, asked) == []


async def test_server_outage_then_questions_are_answered(server: FakeBotAPI, corpus: Path) -> None:
    """The spec's outage is 10 s (see bench/load.py); 2.5 s here keeps the test fast."""
    async with running_bot(server, corpus) as app:
        asked = [ask(server, QUESTIONS[0])]
        await server.wait_for("sendMessage")
        await server.go_away()
        asked.append(ask(server, QUESTIONS[1], 2002))  # queued by "Telegram" meanwhile
        await asyncio.sleep(2.5)
        await server.come_back()
        back = time.monotonic()
        asked.append(ask(server, QUESTIONS[2], 2003))
        await server.wait_for("sendMessage", count=3, timeout=10)
        assert time.monotonic() - back < 6  # backoff after 2.5 s of errors stays short
        assert completeness(server, app.bot_data.retriever, asked) == []


async def test_answer_in_flight_during_an_outage_is_not_lost(
    server: FakeBotAPI, corpus: Path
) -> None:
    async with running_bot(server, corpus) as app:
        server.delay_next("sendMessage", 0.5)
        asked = [ask(server, QUESTIONS[0])]
        await until(fault_seen(server, "sendMessage"))
        await server.go_away()
        await asyncio.sleep(1)
        await server.come_back()
        await server.wait_for("sendMessage", timeout=4)
        assert completeness(server, app.bot_data.retriever, asked) == []


async def test_retry_after_on_send_is_honoured(
    server: FakeBotAPI, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB 22 warns in RetryAfter() about int periods unless opted in; pytest makes that an error.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    async with running_bot(server, corpus) as app:
        server.retry_after("sendMessage", 1)
        started = time.monotonic()
        asked = [ask(server, QUESTIONS[0])]
        await server.wait_for("sendMessage", timeout=3)
        assert time.monotonic() - started >= 1
        assert completeness(server, app.bot_data.retriever, asked) == []


async def test_reload_during_a_burst_loses_nothing(server: FakeBotAPI, corpus: Path) -> None:
    async with running_bot(server, corpus, admins=[ADMIN], questions_per_minute=0) as app:
        asked = [ask(server, QUESTIONS[n % 6], 2001 + n % 4) for n in range(10)]
        server.send_text("/reload", user_id=ADMIN)
        asked += [ask(server, QUESTIONS[n % 6], 2001 + n % 4) for n in range(10)]
        await server.wait_for("sendMessage", count=22, timeout=10)
        await asyncio.sleep(0.2)
        assert completeness(server, app.bot_data.retriever, asked) == []
        to_admin = [p["text"] for p in server.sent() if p["chat_id"] == ADMIN]
        assert len(to_admin) == 2 and to_admin[1].startswith("已重新加载：3 篇文章")


async def test_broken_reload_reports_the_file_and_keeps_the_old_index(
    server: FakeBotAPI, corpus: Path
) -> None:
    async with running_bot(server, corpus, admins=[ADMIN]) as app:
        old = app.bot_data.retriever
        (corpus / "broken.md").write_text(BROKEN, encoding="utf-8")
        server.send_text("/reload", user_id=ADMIN)
        [_, failure] = await server.wait_for("sendMessage", count=2)
        assert failure["text"].startswith("重新加载失败，继续使用原来的索引。")
        assert "broken.md" in failure["text"]
        asked = [ask(server, QUESTIONS[0])]
        await server.wait_for("sendMessage", count=3)
        assert app.bot_data.retriever is old
        assert completeness(server, old, asked) == []


async def test_watch_corpus_picks_up_edits_and_reports_a_broken_one_once(
    server: FakeBotAPI, corpus: Path
) -> None:
    async with running_bot(server, corpus, admins=[ADMIN]) as app:
        context = CallbackContext(app)
        article = corpus / "tingche.md"
        article.write_text(
            article.read_text(encoding="utf-8") + "\n社区还新建了充电桩35个。\n", encoding="utf-8"
        )
        await lifecycle.watch_corpus(context)
        ask(server, "新建了多少充电桩")
        [answer] = await server.wait_for("sendMessage")
        assert "35个" in answer["text"]
        article.write_text(BROKEN, encoding="utf-8")
        for _ in range(3):
            await lifecycle.watch_corpus(context)
        reports = [p for p in server.sent() if p["chat_id"] == ADMIN]
        assert len(reports) == 1 and "tingche.md" in reports[0]["text"]
        ask(server, "新建了多少充电桩")
        [*_, again] = await server.wait_for("sendMessage", count=3)
        assert again["text"] == answer["text"]


@pytest.mark.parametrize(
    ("user", "log", "expected"),
    [(2001, True, admin.ADMIN_ONLY), (ADMIN, False, admin.NO_LOG)],
    ids=["not-admin", "no-log"],
)
async def test_stats_refusals(
    server: FakeBotAPI, corpus: Path, tmp_path: Path, user: int, log: bool, expected: str
) -> None:
    path = tmp_path / "q.db" if log else None
    async with running_bot(server, corpus, admins=[ADMIN], question_log=path):
        server.send_text("/stats", user_id=user)
        [reply] = await server.wait_for("sendMessage")
        assert reply["text"] == expected


@pytest.mark.parametrize("keep_ids", [False, True], ids=["no-ids", "log_chat_ids"])
async def test_stats_shows_counts_and_unanswered(
    server: FakeBotAPI, corpus: Path, tmp_path: Path, keep_ids: bool
) -> None:
    path = tmp_path / "q.db"
    async with running_bot(
        server, corpus, admins=[ADMIN], question_log=path, log_chat_ids=keep_ids
    ):
        for question in QUESTIONS[:2] + ["大家好", "大家好"]:
            ask(server, question)
        server.send_text("/ask 公园种了多少樱花树", chat_type="group")
        await server.wait_for("sendMessage", count=5)
        await until(lambda: logged(path) == 5)  # rows are written just after the replies
        server.send_text("/stats", user_id=ADMIN)
        [*_, stats] = await server.wait_for("sendMessage", count=6)
    assert "提问 5 个，已回答 60%" in stats["text"]
    assert "unanswered: 大家好 (2×)" in stats["text"]
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT chat_type, chat_id, user_id FROM questions").fetchall()
    assert sorted(r[0] for r in rows) == ["group"] + ["private"] * 4
    ids = {(r[1], r[2]) for r in rows}
    assert ids == ({(2001, 2001), (-4001, 1001)} if keep_ids else {(None, None)})


def logged(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM questions").fetchone()[0])


def run_check(corpus: Path, base_url: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("QA_", "TELEGRAM_"))}
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "QA_CORPUS": str(corpus),
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "--check"],
        env=clean | env,
        cwd=corpus.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(("broken", "code"), [(False, 0), (True, 1)], ids=["pass", "fail"])
async def test_bot_check_is_offline_and_says_pass_or_fail(
    server: FakeBotAPI, corpus: Path, broken: bool, code: int
) -> None:
    if broken:
        (corpus / "broken.md").write_text(BROKEN, encoding="utf-8")
    done = await asyncio.to_thread(run_check, corpus, f"{server.url}/bot")
    assert done.returncode == code, done.stderr
    assert server.calls == []  # Telegram never contacted
    lines = done.stdout.splitlines()
    if broken:
        assert any(line.startswith("FAIL corpus:") and "broken.md" in line for line in lines)
    else:
        assert [line[:4] for line in lines] == ["ok  "] * 7
        assert "3 articles" in done.stdout
    assert TOKEN.split(":")[1] not in done.stdout + done.stderr


@pytest.mark.parametrize(("broken", "code"), [(False, 0), (True, 1)], ids=["pass", "fail"])
def test_qa_doctor(corpus: Path, broken: bool, code: int) -> None:
    if broken:
        (corpus / "broken.md").write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(cli, ["doctor", "--corpus", str(corpus)])
    assert result.exit_code == code, result.output
    if broken:
        assert "FAIL corpus:" in result.output and "broken.md" in result.output
    else:
        assert "FAIL" not in result.output and "ok   question:" in result.output
