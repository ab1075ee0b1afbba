"""An opt-in log of the questions asked, in SQLite, and the operator's summary of it."""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .errors import ConfigError

__all__ = ["DayCount", "LogStats", "QuestionLog", "WrongAnswer"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    chat_type TEXT NOT NULL,
    question TEXT NOT NULL,
    answered INTEGER NOT NULL,
    score REAL,
    latency_ms REAL NOT NULL,
    chat_id INTEGER,
    user_id INTEGER
);
CREATE INDEX IF NOT EXISTS questions_at ON questions (at);
CREATE TABLE IF NOT EXISTS votes (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    article_id TEXT NOT NULL,
    voter TEXT NOT NULL,
    vote INTEGER NOT NULL,
    UNIQUE (voter, question, answer)
);
CREATE INDEX IF NOT EXISTS votes_at ON votes (at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class DayCount:
    """Questions asked on one day, and how many got an answer."""

    day: str
    asked: int
    answered: int
    wrong: int = 0  # answers a reader marked 👎 that day


@dataclass(frozen=True)
class WrongAnswer:
    """An answer readers marked as not what they wanted, with the question it answered."""

    question: str
    answer: str
    article_id: str
    down: int
    up: int


@dataclass(frozen=True)
class LogStats:
    """What people asked over a period and how well the bot answered."""

    days: tuple[DayCount, ...]
    asked: int
    answered_share: float
    top_unanswered: tuple[tuple[str, int], ...]
    latency_p50_ms: float
    latency_p95_ms: float
    marked_wrong: tuple[WrongAnswer, ...] = ()


class QuestionLog:
    """Questions with their outcome; chat and user ids only when `keep_ids` is set."""

    def __init__(self, path: Path, retention_days: int = 90, keep_ids: bool = False) -> None:
        self.path = path
        self.retention_days = retention_days
        self.keep_ids = keep_ids
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _make_private(path)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise ConfigError(f"question log {path} can't be opened ({e})") from e
        self._salt: str | None = None  # made on the first vote: opening never has to write

    def _voter(self, db: sqlite3.Connection, user_id: int) -> str:
        """A salted hash of a user id: votes stay one per user without storing who voted."""
        if self._salt is None:
            db.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),))
            row = db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
            self._salt = str(row[0])
        return hashlib.sha256(f"{self._salt}:{user_id}".encode()).hexdigest()[:16]

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _cursor(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._db

    def record(
        self,
        *,
        chat_type: str,
        question: str,
        answered: bool,
        score: float | None,
        latency_ms: float,
        chat_id: int | None = None,
        user_id: int | None = None,
        at: datetime | None = None,
    ) -> None:
        """Add one question to the log."""
        when = (at or datetime.now(UTC)).isoformat(timespec="seconds")
        ids = (chat_id, user_id) if self.keep_ids else (None, None)
        with self._cursor() as db:
            db.execute(
                "INSERT INTO questions (at, chat_type, question, answered, score, latency_ms,"
                " chat_id, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (when, chat_type, question, int(answered), score, latency_ms, *ids),
            )

    def vote(
        self,
        *,
        question: str,
        answer: str,
        article_id: str,
        user_id: int,
        helpful: bool,
        at: datetime | None = None,
    ) -> bool:
        """Record a reader's vote on an answer: one per user per answer, the last one counts.

        Returns True when the vote is new or changed. Users are kept as salted hashes.
        """
        when = (at or datetime.now(UTC)).isoformat(timespec="seconds")
        value = 1 if helpful else -1
        with self._cursor() as db:
            voter = self._voter(db, user_id)
            before = db.execute(
                "SELECT vote FROM votes WHERE voter = ? AND question = ? AND answer = ?",
                (voter, question, answer),
            ).fetchone()
            db.execute(
                "INSERT INTO votes (at, question, answer, article_id, voter, vote)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (voter, question, answer)"
                " DO UPDATE SET vote = excluded.vote, at = excluded.at",
                (when, question, answer, article_id, voter, value),
            )
        return before is None or before[0] != value

    def prune(self, now: datetime | None = None) -> int:
        """Delete rows older than the retention period; return how many went."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=self.retention_days)
        with self._cursor() as db:
            cur = db.execute("DELETE FROM questions WHERE at < ?", (cutoff.isoformat(),))
            db.execute("DELETE FROM votes WHERE at < ?", (cutoff.isoformat(),))
            return cur.rowcount

    def unanswered(
        self, days: int = 30, limit: int = 5000, now: datetime | None = None
    ) -> tuple[tuple[str, int], ...]:
        """The questions of the last `days` days left unanswered, with how often each was asked."""
        since = ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat()
        with self._cursor() as db:
            rows = db.execute(
                "SELECT question, count(*) FROM questions WHERE at >= ? AND answered = 0"
                " GROUP BY question ORDER BY 2 DESC, question LIMIT ?",
                (since, limit),
            ).fetchall()
        return tuple((q, n) for q, n in rows)

    def stats(self, days: int = 30, top: int = 10, now: datetime | None = None) -> LogStats:
        """Summarise the last `days` days."""
        since = ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat()
        with self._cursor() as db:
            per_day = db.execute(
                "SELECT substr(at, 1, 10), count(*), sum(answered) FROM questions"
                " WHERE at >= ? GROUP BY 1 ORDER BY 1",
                (since,),
            ).fetchall()
            wrong_days = dict(
                db.execute(
                    "SELECT substr(at, 1, 10), count(DISTINCT question || char(0) || answer)"
                    " FROM votes WHERE at >= ? AND vote < 0"
                    " GROUP BY 1",
                    (since,),
                ).fetchall()
            )
            wrong = db.execute(
                "SELECT question, answer, article_id, sum(vote < 0), sum(vote > 0) FROM votes"
                " WHERE at >= ? GROUP BY question, answer HAVING sum(vote < 0) > 0"
                " ORDER BY 4 DESC, question LIMIT ?",
                (since, top),
            ).fetchall()
            latencies = [
                r[0]
                for r in db.execute("SELECT latency_ms FROM questions WHERE at >= ?", (since,))
            ]
        asked = sum(r[1] for r in per_day)
        answered = sum(r[2] for r in per_day)
        return LogStats(
            days=tuple(DayCount(d, n, a, wrong_days.get(d, 0)) for d, n, a in per_day),
            asked=asked,
            answered_share=answered / asked if asked else 0.0,
            top_unanswered=self.unanswered(days, top, now),
            latency_p50_ms=_percentile(latencies, 50),
            latency_p95_ms=_percentile(latencies, 95),
            marked_wrong=tuple(WrongAnswer(*row) for row in wrong),
        )


def _make_private(path: Path) -> None:
    """Create the database file 0600 (or tighten it): it holds what people asked.

    SQLite gives its -wal and -shm files the database file's permissions.
    """
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)


def _percentile(values: list[float], pct: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]
