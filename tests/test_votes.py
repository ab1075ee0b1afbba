"""Readers' votes on answers in the question log, the editor's to-do and the chart."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_questionlog import NOW, fill

from qa.chart import daily_series, stats_png
from qa.cli import cli
from qa.questionlog import DayCount, QuestionLog, WrongAnswer


def vote(
    log: QuestionLog, user: int, helpful: bool, at: datetime = NOW, answer: str = "A"
) -> bool:
    return log.vote(
        question="停车位有多少",
        answer=answer,
        article_id="tingche",
        user_id=user,
        helpful=helpful,
        at=at,
    )


@pytest.fixture
def log(tmp_path: Path) -> QuestionLog:
    log = QuestionLog(tmp_path / "q.db")
    fill(log)
    return log


def test_one_vote_per_user_per_answer_the_last_counts(log: QuestionLog) -> None:
    assert vote(log, 1, helpful=False) is True
    assert vote(log, 1, helpful=False) is False  # pressed twice
    assert vote(log, 2, helpful=False) is True
    assert vote(log, 3, helpful=True) is True
    assert vote(log, 3, helpful=False) is True  # changed their mind
    assert vote(log, 1, helpful=True, answer="B") is True  # another answer, another vote
    stats = log.stats(now=NOW)
    assert stats.marked_wrong == (WrongAnswer("停车位有多少", "A", "tingche", 3, 0),)


def test_voters_are_not_stored_as_user_ids(log: QuestionLog) -> None:
    vote(log, 123456789, helpful=False)
    with sqlite3.connect(log.path) as db:
        [voter] = db.execute("SELECT voter FROM votes").fetchone()
    assert "123456789" not in voter and len(voter) == 16


def test_share_marked_wrong_per_day(log: QuestionLog) -> None:
    vote(log, 1, helpful=False, at=NOW - timedelta(days=1))
    vote(log, 2, helpful=False, at=NOW - timedelta(days=1))  # the same answer: counted once
    stats = log.stats(now=NOW)
    day = (NOW - timedelta(days=1)).date().isoformat()
    assert [d for d in stats.days if d.day == day] == [DayCount(day, 2, 2, 1)]


def test_old_votes_are_pruned(log: QuestionLog) -> None:
    vote(log, 1, helpful=False, at=NOW - timedelta(days=200))
    log.prune(now=NOW)
    assert log.stats(days=3650, now=NOW).marked_wrong == ()


def test_daily_series_fills_the_days_without_questions(log: QuestionLog) -> None:
    log.record(
        chat_type="group",
        question="q",
        answered=True,
        score=1.0,
        latency_ms=1.0,
        at=NOW - timedelta(days=3),
    )
    series = daily_series(log.stats(days=30, now=NOW), 30, NOW.date())
    assert [(d.day[-2:], d.asked) for d in series] == [("28", 1), ("29", 0), ("30", 2), ("31", 3)]


def test_chart_is_a_png(log: QuestionLog) -> None:
    vote(log, 1, helpful=False)
    png = stats_png(log.stats(now=NOW), 90, NOW.date())
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


def test_qa_stats_shows_the_to_do_and_plots(log: QuestionLog, tmp_path: Path) -> None:
    vote(log, 1, helpful=False, at=datetime.now(UTC))
    log.close()
    chart = tmp_path / "chart.png"
    args = ["stats", "--log", str(log.path), "--days", "3650", "--plot", str(chart)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "1/0 停车位有多少 → A [tingche]" in result.output
    assert "unanswered: 明天会下雨吗 (2×)" in result.output
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_qa_stats_plot_to_an_unwritable_place_is_one_line(
    log: QuestionLog, tmp_path: Path
) -> None:
    log.close()
    args = ["stats", "--log", str(log.path), "--plot", str(tmp_path / "no" / "such" / "c.png")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0 and "can't be written" in str(result.exception)
