"""The question log: recording, ids only on request, retention, summary and `qa stats`."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa.cli import cli, main
from qa.questionlog import QuestionLog

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)


def fill(log: QuestionLog) -> None:
    """Three answered and two unanswered questions over two days."""
    rows = [
        ("停车位有多少", True, 0.9, 10.0, NOW - timedelta(days=1)),
        ("停车场怎么收费", True, 0.8, 20.0, NOW - timedelta(days=1)),
        ("樱花树多少棵", True, 0.7, 30.0, NOW),
        ("明天会下雨吗", False, None, 40.0, NOW),
        ("明天会下雨吗", False, None, 50.0, NOW),
    ]
    for question, answered, score, ms, at in rows:
        log.record(
            chat_type="private",
            question=question,
            answered=answered,
            score=score,
            latency_ms=ms,
            chat_id=42,
            user_id=43,
            at=at,
        )


def ids(path: Path) -> set[tuple[int | None, int | None]]:
    with sqlite3.connect(path) as db:
        return set(db.execute("SELECT chat_id, user_id FROM questions").fetchall())


@pytest.mark.parametrize(("keep", "expected"), [(False, {(None, None)}), (True, {(42, 43)})])
def test_ids_are_kept_only_when_allowed(
    tmp_path: Path, keep: bool, expected: set[tuple[int | None, int | None]]
) -> None:
    log = QuestionLog(tmp_path / "q.db", keep_ids=keep)
    fill(log)
    log.close()
    assert ids(tmp_path / "q.db") == expected


def test_wal_mode(tmp_path: Path) -> None:
    QuestionLog(tmp_path / "q.db").close()
    with sqlite3.connect(tmp_path / "q.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize(("age_days", "kept"), [(0, True), (29, True), (31, False), (400, False)])
def test_prune_drops_rows_older_than_retention(tmp_path: Path, age_days: int, kept: bool) -> None:
    log = QuestionLog(tmp_path / "q.db", retention_days=30)
    log.record(
        chat_type="group",
        question="q",
        answered=True,
        score=1.0,
        latency_ms=1.0,
        at=NOW - timedelta(days=age_days),
    )
    assert log.prune(now=NOW) == (0 if kept else 1)
    assert log.stats(days=3650, now=NOW).asked == (1 if kept else 0)
    assert log.prune(now=NOW) == 0


def test_stats_summary(tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / "q.db")
    fill(log)
    stats = log.stats(now=NOW)
    assert stats.asked == 5 and stats.answered_share == pytest.approx(0.6)
    assert [(d.asked, d.answered) for d in stats.days] == [(2, 2), (3, 1)]
    assert stats.top_unanswered == (("明天会下雨吗", 2),)
    assert log.unanswered(now=NOW) == (("明天会下雨吗", 2),)
    assert log.unanswered(days=1, now=NOW + timedelta(days=5)) == ()
    assert stats.latency_p50_ms == pytest.approx(30.0)
    assert 40.0 < stats.latency_p95_ms <= 50.0
    assert log.stats(days=1, now=NOW + timedelta(days=5)).asked == 0


def test_empty_log_stats(tmp_path: Path) -> None:
    stats = QuestionLog(tmp_path / "q.db").stats()
    assert stats.asked == 0 and stats.answered_share == 0.0 and stats.latency_p95_ms == 0.0


def test_qa_stats_text_and_json(tmp_path: Path, mini_corpus: Path) -> None:
    path = tmp_path / "q.db"
    log = QuestionLog(path)
    fill(log)
    log.close()
    runner = CliRunner()
    args = ["stats", "--log", str(path), "--days", "3650", "--corpus", str(mini_corpus)]
    text = runner.invoke(cli, args)
    assert text.exit_code == 0, text.output
    assert (
        "提问 5 个，已回答 60%" in text.output and "unanswered: 明天会下雨吗 (2×)" in text.output
    )
    # The unanswered question's words that no article of the corpus has, for synonyms.txt.
    assert "  下雨 (2×) 如 e.g. 明天会下雨吗\n  明天 (2×)" in text.output
    raw = runner.invoke(cli, [*args, "--json"])
    summary = json.loads(raw.output)
    assert summary["asked"] == 5 and summary["top_unanswered"] == [["明天会下雨吗", 2]]
    assert [(w["word"], w["questions"]) for w in summary["reader_words"]] == [
        ("下雨", 2),
        ("明天", 2),
    ]


def test_qa_stats_without_its_corpus_still_summarises_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "q.db"
    log = QuestionLog(path)
    fill(log)
    log.close()
    broken = tmp_path / "news.jsonl"
    broken.write_text('{"id": "a", "title": "t", "text": "x"}\n{broken\n', encoding="utf-8")
    main(["stats", "--log", str(path), "--days", "3650", "--corpus", str(broken)])
    out, err = capsys.readouterr()
    assert "unanswered: 明天会下雨吗 (2×)" in out and "words readers used" not in out
    assert err.count("\n") == 1 and err.startswith("Warning: no readers' words")
    assert "news.jsonl:2: invalid JSON" in err


@pytest.mark.parametrize(
    "args,why",
    [
        (["--log", "missing.db"], "question log missing.db does not exist"),
        (["--log", "."], "question log . is a folder, not the log's file"),
        ([], "no question log"),
    ],
    ids=["missing", "folder", "unset"],
)
def test_qa_stats_without_a_log_exits_2_with_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    why: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", *args])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith(f"Error: {why}")
    assert not (tmp_path / "missing.db").exists()


def test_log_files_are_private(tmp_path: Path) -> None:
    """Questions are personal: the database (and its WAL files) is 0600 whatever the umask."""
    path = tmp_path / "logs" / "questions.sqlite"
    log = QuestionLog(path)
    fill(log)
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
    assert path in files
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in files} == {
        p.name: "0o600" for p in files
    }
    log.close()


def test_an_existing_world_readable_log_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "questions.sqlite"
    QuestionLog(path).close()
    path.chmod(0o644)
    QuestionLog(path).close()
    assert path.stat().st_mode & 0o777 == 0o600
