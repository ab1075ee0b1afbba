"""The interactive prompt behind `qa shell`."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from .answer import AskResult
from .errors import QuestionError
from .retriever import Retriever

__all__ = ["run_shell"]


def run_shell(retriever: Retriever, show: Callable[[AskResult], None]) -> None:
    """Read questions until end of input, showing each result; line editing where available."""
    with contextlib.suppress(ImportError):  # Windows has no readline
        import readline  # noqa: F401  - gives input() history and editing
    while True:
        try:
            question = input("问> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return
        try:
            show(retriever.ask(question))
        except QuestionError:
            continue
        print()
