"""The `qa` command line: ask questions, list articles, evaluate, index."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .cli_editor import add, delete, synonym
from .cli_options import corpus_option
from .cli_options import emphasis as _emphasis
from .cli_options import settings_for as _settings
from .cli_stats import stats
from .errors import IndexCacheError, QAError, QuestionError
from .evaluate import evaluate, load_questions, load_squad
from .render import batch_footer, batch_text, report_text, result_json, result_text

if TYPE_CHECKING:
    from .answer import AskResult
    from .index import ProgressHook
    from .retriever import Retriever
    from .settings import Settings

__all__ = ["cli", "main"]

# Commands import the retriever (numpy, scipy) and settings (pydantic) when they run, so
# that `qa --help` and a mistyped option answer at once.


def _check_mark(text: str, ok: bool) -> str:
    return click.style(text, fg="green" if ok else "red")


def _load(settings: Settings, progress: ProgressHook | None = None) -> Retriever:
    from .retriever import Retriever

    return Retriever.from_settings(settings, progress)


@click.group()
@click.version_option(package_name="qa-news-bot")
def cli() -> None:
    """Answer Chinese questions from a corpus of news articles."""


cli.add_command(add)
cli.add_command(delete)
cli.add_command(synonym)
cli.add_command(stats)


@cli.command()
@click.argument("question")
@click.option(
    "-k", "--top-k", type=click.IntRange(1, 50), help="Answers to show (default: 1, or $QA_TOP_K)."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question.")
@corpus_option
def ask(question: str, top_k: int | None, as_json: bool, corpus: Path | None) -> None:
    """Answer QUESTION with the best sentences of the corpus; '-' answers each line of stdin.

    \b
    Examples:
        qa ask "停车位新增多少"
        qa ask "停车位新增多少" --json --top-k 1
        qa ask - < questions.txt
    Exit status: 0 answered, 1 nothing relevant found, 2 bad input.
    """
    settings = _settings(corpus, top_k=top_k)
    if question != "-" and not question.strip():
        raise QuestionError("the question is empty")
    retriever = _load(settings)
    if question == "-":
        from .batch import answer_lines, batches  # loaded with the retriever anyway

        show = (lambda r: _print_result(r, True)) if as_json else _print_batch_result
        tally = answer_lines(retriever, batches(sys.stdin), show)
        if tally.asked and not as_json:
            click.echo(batch_footer(tally.asked, tally.unanswered))
        return
    result = retriever.ask(question)
    _print_result(result, as_json)
    if not result.answered:
        sys.exit(1)


def _print_result(result: AskResult, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result_json(result), ensure_ascii=False))
    else:
        click.echo(result_text(result, _emphasis))


def _print_batch_result(result: AskResult) -> None:
    click.echo(batch_text(result, _emphasis, _bold) + "\n")


def _bold(text: str) -> str:
    return click.style(text, bold=True)


@cli.command()
@corpus_option
def shell(corpus: Path | None) -> None:
    """Ask questions one after another at a prompt (Ctrl-D to quit).

    \b
    Example:
        qa shell --corpus my-articles/
    """
    retriever = _load(_settings(corpus))
    from .shell import run_shell

    run_shell(retriever, lambda r: click.echo(result_text(r, _emphasis)))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@corpus_option
def articles(as_json: bool, corpus: Path | None) -> None:
    """List the corpus's articles: id, title and number of sentences.

    \b
    Example:
        qa articles --corpus news.jsonl
    """
    retriever = _load(_settings(corpus))
    for a, count in zip(retriever.corpus.articles, retriever.article_sizes(), strict=True):
        if as_json:
            row = {"id": a.id, "title": a.title, "sentences": count, "date": a.date}
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            click.echo(f"{a.id}\t{a.title}\t{count}")


@cli.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="The figures as one JSON object.")
@click.option("--no-misses", is_flag=True, help="Leave the list of misses out.")
@corpus_option
def eval_command(file: Path, as_json: bool, no_misses: bool, corpus: Path | None) -> None:
    """Score a question file: hit@1, hit@5, MRR@10 and no-answer accuracy, by kind.

    FILE is JSONL ({"q", "expect_any", "kind"} a line, asked of the corpus) or SQuAD-style
    JSON such as CMRC 2018 (its own contexts are the corpus; no-answer floor off).

    \b
    Examples:
        qa eval questions.jsonl
        qa eval cmrc2018_dev.json --no-misses
    """
    if file.suffix == ".json":
        from .retriever import Retriever

        squad_corpus, questions = load_squad(file)
        retriever = Retriever.from_corpus(squad_corpus, _settings(None, min_confidence=0.0))
        report = evaluate(questions, lambda q: retriever.ask(q, 10))
    else:
        retriever = _load(_settings(corpus))
        report = evaluate(load_questions(file), lambda q: retriever.ask(q, 10))
    if as_json:
        click.echo(json.dumps(asdict(report), ensure_ascii=False))
    else:
        click.echo(report_text(report, show_misses=not no_misses))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@corpus_option
def index(as_json: bool, corpus: Path | None) -> None:
    """Build (or bring up to date) the saved index of a corpus.

    Only articles that changed since the last build are tokenized again. The index is kept
    in $QA_CACHE_DIR (default ~/.cache/qa-news-bot) and used by every later command.

    \b
    Example:
        qa index --corpus news.jsonl
    """
    settings = _settings(corpus, use_cache=True)
    started = time.perf_counter()
    with _progress_bar() as hook:
        retriever = _load(settings, hook)
    if retriever.cache_file is None:  # the reason was logged as the save failed
        raise IndexCacheError(f"the index could not be saved in {settings.cache_path()}")
    figures = {
        "corpus": str(retriever.corpus.path),
        "articles": len(retriever.corpus.articles),
        "sentences": retriever.sentence_count,
        "seconds": round(time.perf_counter() - started, 2),
        "cache_dir": str(settings.cache_path()),
    }
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
    else:
        click.echo(" · ".join(f"{k} {v}" for k, v in figures.items()))


@cli.command()
@corpus_option
def doctor(corpus: Path | None) -> None:
    """Check the settings, the corpus and the index, and answer one question; offline.

    Exit status 0 when every check passes, 1 otherwise.

    \b
    Example:
        qa doctor --corpus my-articles/
    """
    from .doctor import check_lines, run_checks

    checks, _ = run_checks(_settings(corpus))
    click.echo("\n".join(check_lines(checks, _check_mark)))
    if not all(c.ok for c in checks):
        sys.exit(1)


@contextmanager
def _progress_bar() -> Iterator[ProgressHook | None]:
    """A progress bar on a terminal, nothing elsewhere."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=1, label="tokenizing", file=sys.stderr) as bar:

        def hook(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        yield hook


# Readers of uploaded files warn about what they repair ("EOF marker not found"); on a terminal
# that is noise beside our own one-line error, so only their errors get through.
_CHATTY_READERS = ("pypdf", "trafilatura", "htmldate", "courlan", "justext")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI, turning every expected error into one line on stderr and exit 2."""
    for name in _CHATTY_READERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        cli.main(args=argv, prog_name="qa", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as e:
        click.echo(e.ctx.get_help() if e.ctx else str(e))
    except click.UsageError as e:
        hint = f" (see '{e.ctx.command_path} --help')" if e.ctx else ""
        click.echo(f"Error: {e.format_message()}{hint}", err=True)
        sys.exit(2)
    except (QAError, click.ClickException) as e:
        message = e.format_message() if isinstance(e, click.ClickException) else str(e)
        click.echo(f"Error: {message}", err=True)
        sys.exit(2)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except OSError as e:  # a path the system refuses (too long, not allowed) or a failed write
        where = f"{_shortened(str(e.filename))}: " if e.filename else ""
        click.echo(f"Error: {where}{e.strerror or e}", err=True)
        sys.exit(2)


def _shortened(text: str, keep: int = 60) -> str:
    """A path as long as the system refuses is cut, so the error stays one readable line."""
    return text if len(text) <= keep else f"{text[:keep]}… ({len(text)} characters)"
