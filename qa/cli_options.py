"""Options and helpers shared by the `qa` commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from .settings import Settings

__all__ = ["corpus_option", "emphasis", "settings_for"]


def emphasis(text: str) -> str:
    """Return text in bold yellow on a terminal."""
    # click.echo drops the colour codes when output is not a terminal.
    return click.style(text, fg="yellow", bold=True)


def settings_for(corpus: Path | None, **overrides: Any) -> Settings:
    """Return the settings with --corpus and other options applied.

    Raises:
        ConfigError: a setting is invalid.
    """
    from .settings import Settings

    updates = {k: v for k, v in overrides.items() if v is not None}
    if corpus is not None:
        updates["corpus"] = corpus
    return Settings.load(**updates)


def corpus_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """Add --corpus to a command."""
    return click.option(
        "--corpus",
        type=click.Path(path_type=Path),
        help="Folder of .md/.txt articles or a .jsonl file (default: $QA_CORPUS, else bundled).",
    )(f)
