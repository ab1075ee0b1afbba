"""`qa stats`: a summary of the question log, and optionally a chart of it."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .cli_options import corpus_option, settings_for
from .errors import ConfigError, QAError
from .questionlog import LogStats, QuestionLog
from .render import stats_text

if TYPE_CHECKING:
    from .gaps import ReaderWord
    from .settings import Settings

__all__ = ["stats"]


@click.command()
@corpus_option
@click.option(
    "--log", "log_path", type=click.Path(path_type=Path), help="Default: $QA_QUESTION_LOG."
)
@click.option(
    "--days",
    type=click.IntRange(1, 3650),
    help="Days to cover (default: 30; for --plot, $QA_LOG_RETENTION_DAYS).",
)
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="The summary as one JSON object.")
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw questions per day, share answered and share marked wrong as a PNG.",
)
def stats(
    corpus: Path | None,
    log_path: Path | None,
    days: int | None,
    top: int,
    as_json: bool,
    plot: Path | None,
) -> None:
    """Summarise the question log: per day, share answered, marked wrong, unanswered, latency,
    and the words readers asked with that no article of the corpus has (for synonyms.txt).

    \b
    Examples:
        qa stats --log questions.db --days 7
        qa stats --plot questions.png
        qa stats --corpus my-articles/ --json
    """
    settings = settings_for(corpus)
    path = log_path or settings.question_log
    if path is None:
        raise ConfigError("no question log: set QA_QUESTION_LOG or pass --log")
    if not path.is_file():
        what = "is a folder, not the log's file" if path.is_dir() else "does not exist"
        raise ConfigError(f"question log {path} {what}")
    log = QuestionLog(path)
    summary = log.stats(days=days or 30, top=top)
    unanswered = log.unanswered(days=days or 30)
    if plot is not None:
        window = days or settings.log_retention_days
        _write_chart(log.stats(days=window, top=top), window, plot)
    log.close()
    words = _reader_words(settings, unanswered, top) if unanswered else ()
    if as_json:
        figures = asdict(summary) | {"reader_words": [asdict(w) for w in words]}
        click.echo(json.dumps(figures, ensure_ascii=False))
    else:
        click.echo(stats_text(summary, words=words))


def _reader_words(
    settings: Settings, unanswered: tuple[tuple[str, int], ...], top: int
) -> tuple[ReaderWord, ...]:
    """The readers' words no article has; none, with a warning, when the corpus won't load."""
    from .gaps import reader_words
    from .retriever import Retriever

    try:
        retriever = Retriever.from_settings(settings)
    except QAError as e:
        # The log's figures stand without the corpus: say what is missing and go on.
        click.echo(f"Warning: no readers' words, the corpus can't be read ({e})", err=True)
        return ()
    return reader_words(retriever, unanswered, top)


def _write_chart(summary: LogStats, days: int, plot: Path) -> None:
    from .chart import stats_png

    png = stats_png(summary, days, datetime.now(UTC).date())
    try:
        plot.write_bytes(png)
    except OSError as e:
        raise ConfigError(f"{plot} can't be written ({e.strerror})") from None
