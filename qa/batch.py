"""`qa ask -`: answer each line of a stream, in batches of the lines already waiting."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from .answer import AskResult
from .retriever import Retriever

__all__ = ["BATCH", "Tally", "answer_lines", "batches"]

# Questions embedded together (semantic extra): 32 took 14 ms a question here, one alone 30 ms.
BATCH = 32
_END = None


def batches(stream: TextIO, size: int = BATCH) -> Iterator[list[str]]:
    """Lines in lists of up to `size`: every line already read, never waiting for more.

    A file or a fast pipe fills whole batches; a program that writes one question and waits for
    its answer gets it at once, as a batch of one.
    """
    lines: queue.Queue[str | BaseException | None] = queue.Queue()

    def read() -> None:
        try:
            for line in stream:
                lines.put(line)
        except Exception as e:  # raised again below, where the command translates it
            lines.put(e)
        finally:
            lines.put(_END)

    threading.Thread(target=read, daemon=True, name="qa-stdin").start()
    while True:
        first = _line(lines.get())
        if first is _END:
            return
        batch = [first]
        while len(batch) < size:
            try:
                line = _line(lines.get_nowait())
            except queue.Empty:
                break
            if line is _END:
                yield batch
                return
            batch.append(line)
        yield batch


def _line(item: str | BaseException | None) -> str | None:
    if isinstance(item, BaseException):
        raise item
    return item


@dataclass(frozen=True)
class Tally:
    """How many lines held a question, and how many of those went unanswered."""

    asked: int = 0
    unanswered: int = 0


def answer_lines(
    retriever: Retriever, lines: Iterable[list[str]], show: Callable[[AskResult], None]
) -> Tally:
    """Show one result per line, blank lines too, so output lines up with input."""
    asked = unanswered = 0
    for batch in lines:
        texts = [line.strip() for line in batch]
        results = iter(retriever.ask_many([t for t in texts if t]))
        for text in texts:
            result = next(results) if text else AskResult("", (), ())
            asked += bool(text)
            unanswered += bool(text) and not result.answered
            show(result)
    return Tally(asked, unanswered)
