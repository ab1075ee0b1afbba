"""`qa add`, `qa delete` and `qa synonym`: files, web pages and synonyms in the corpus folder."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .cli_options import corpus_option, settings_for
from .errors import QAError

if TYPE_CHECKING:
    from .ingest import Added

__all__ = ["add", "delete", "synonym"]

_STATUS = {"added": "added", "replaced": "replaced", "duplicate": "already there"}


def added_text(added: Added) -> str:
    """One line: what was added (or found already there), its date, size and id."""
    date = added.date or "no date"
    size = f"{added.sentences} sentence{'' if added.sentences == 1 else 's'}"
    return f"{_STATUS[added.status]}: 《{added.title}》 · {date} · {size} · id {added.id}"


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
@corpus_option
def add(sources: tuple[str, ...], as_json: bool, corpus: Path | None) -> None:
    """Add files (.md .txt .html .docx .pdf) or web pages (http/https) to the corpus folder.

    Each becomes a .md file under files/ or web/ in the corpus folder (QA_CORPUS or --corpus,
    which must be a folder you can write); the same file or page twice is added once. Web
    pages keep only the article: menus, footers and ads are left out.

    \b
    Examples:
        qa add report.docx notice.pdf --corpus ~/news
        qa add https://example.com/news/2024/0518.html
    Exit status: 0 all added (or already there), 2 when one could not be added.
    """
    from .ingest import Library, read_source, section_of

    library = Library.of(settings_for(corpus))
    failed = 0
    for source in sources:
        try:
            added = library.add(read_source(source), section_of(source))
        except QAError as e:
            failed += 1
            click.echo(f"Error: {e}", err=True)
            continue
        if as_json:
            click.echo(json.dumps(asdict(added) | {"path": str(added.path)}, ensure_ascii=False))
        else:
            click.echo(added_text(added))
    if failed:
        sys.exit(2)


@click.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="The deleted file as JSON.")
@corpus_option
def delete(article_id: str, as_json: bool, corpus: Path | None) -> None:
    """Delete the article ARTICLE_ID (as `qa articles` shows it) from the corpus folder.

    \b
    Example:
        qa delete web/20240518-9173e9 --corpus ~/news
    """
    from .ingest import Library

    path = Library.of(settings_for(corpus)).delete(article_id)
    if as_json:
        click.echo(json.dumps({"id": article_id, "path": str(path)}, ensure_ascii=False))
    else:
        click.echo(f"deleted: {article_id} ({path})")


@click.command()
@click.argument("rule")
@click.option("--json", "as_json", is_flag=True, help="The rule, its file and line as JSON.")
@corpus_option
def synonym(rule: str, as_json: bool, corpus: Path | None) -> None:
    """Add RULE to synonyms.txt beside the articles: `a, b` (alike) or `a => b` (a read as b).

    Questions are searched with it from the next load (a running bot: /reload). `qa stats`
    lists the words readers used that no article has: the rules worth writing.

    \b
    Examples:
        qa synonym "街道 => 办事处" --corpus ~/news
        qa synonym "动工, 开工, 施工"
    """
    from .ingest import Library

    added = Library.of(settings_for(corpus)).add_synonym(rule)
    if as_json:
        click.echo(json.dumps(asdict(added) | {"path": str(added.path)}, ensure_ascii=False))
    else:
        status = "added" if added.new else "already there"
        click.echo(f"{status}: {added.rule} ({added.path}, line {added.line})")
