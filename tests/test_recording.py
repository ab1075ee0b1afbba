"""The question log never costs an answer: a locked or broken database only loses its row."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bot_harness import running_bot
from fake_botapi import FakeBotAPI

from qa.questionlog import QuestionLog

QUESTION = "新增了多少停车位"


def count(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM questions").fetchone()[0])


async def test_a_locked_log_delays_nothing_and_keeps_the_row(
    server: FakeBotAPI, corpus: Path, tmp_path: Path
) -> None:
    path = tmp_path / "q.db"
    QuestionLog(path).close()
    lock = sqlite3.connect(path, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")  # another process holds the database
    try:
        async with running_bot(server, corpus, question_log=path):
            server.send_text(QUESTION)
            [reply] = await server.wait_for(timeout=2)  # SQLite would wait 5 s for the lock
            assert "120" in reply["text"]
            lock.execute("ROLLBACK")  # released in time: the row is written after all
    finally:
        lock.close()
    assert count(path) == 1


async def test_stats_right_after_a_question_counts_it(
    server: FakeBotAPI, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow write is still read by /stats sent at once: reads wait for the rows queued."""
    record = QuestionLog.record

    def slow_record(self: QuestionLog, **row: object) -> None:
        time.sleep(0.3)
        record(self, **row)

    monkeypatch.setattr(QuestionLog, "record", slow_record)
    async with running_bot(server, corpus, question_log=tmp_path / "q.db", admins=[1]):
        server.send_text("火星探测器何时发射", user_id=2)
        await server.wait_for("sendMessage")
        server.send_text("/stats", user_id=1)
        [*_, stats] = await server.wait_for("sendMessage", count=2)
    assert "unanswered: 火星探测器何时发射 (1×)" in stats["text"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda db: db.execute("DROP TABLE questions"),
        lambda db: db.execute(
            "CREATE TRIGGER no BEFORE INSERT ON questions BEGIN "
            "SELECT RAISE(ABORT, 'disk I/O error'); END"
        ),
    ],
    ids=["no-table", "insert-fails"],
)
async def test_a_broken_log_only_loses_its_rows(
    server: FakeBotAPI,
    corpus: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    damage: Callable[[sqlite3.Connection], object],
) -> None:
    path = tmp_path / "q.db"
    async with running_bot(server, corpus, question_log=path):
        with sqlite3.connect(path) as db:
            damage(db)
        with caplog.at_level(logging.WARNING, logger="qabot"):
            for n in range(1, 3):
                server.send_text(QUESTION)
                await server.wait_for(count=n, timeout=2)
    assert "could not record a question" in caplog.text
    assert "Exception while handling an update" not in caplog.text
