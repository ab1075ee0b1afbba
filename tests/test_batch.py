"""`qa ask -` batches: the lines already waiting go together, one alone is not kept waiting."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest

from qa import Retriever, Settings
from qa.answer import AskResult
from qa.batch import Tally, answer_lines, batches


@pytest.mark.parametrize(
    ("lines", "size", "expected"),
    [
        (5, 2, [2, 2, 1]),
        (4, 2, [2, 2]),
        (3, 32, [3]),
        (0, 4, []),
    ],
)
def test_a_file_fills_whole_batches(lines: int, size: int, expected: list[int]) -> None:
    stream = io.StringIO("".join(f"问题{i}\n" for i in range(lines)))
    got = list(batches(stream, size))
    assert [len(b) for b in got] == expected
    assert [line for b in got for line in b] == [f"问题{i}\n" for i in range(lines)]


def test_a_question_alone_is_answered_without_waiting_for_more() -> None:
    read_end, write_end = os.pipe()
    writer = os.fdopen(write_end, "w", encoding="utf-8")
    reader = os.fdopen(read_end, encoding="utf-8")
    writer.write("第一个问题\n")
    writer.flush()
    first: list[list[str]] = []
    got_first = threading.Event()

    def consume() -> None:
        for batch in batches(reader, 32):
            first.append(batch)
            got_first.set()

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    # The pipe stays open: a reader waiting to fill the batch would never get here.
    assert got_first.wait(5)
    assert first == [["第一个问题\n"]]
    writer.write("第二个问题\n")
    writer.close()
    thread.join(5)
    assert first == [["第一个问题\n"], ["第二个问题\n"]]
    reader.close()


class _Broken(io.StringIO):
    def __iter__(self):  # type: ignore[no-untyped-def]
        yield "好的一行\n"
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")


def test_a_read_error_reaches_the_caller() -> None:
    with pytest.raises(UnicodeDecodeError):
        list(batches(_Broken(), 32))


def test_results_line_up_with_the_lines(mini_corpus: Path) -> None:
    retriever = Retriever.from_settings(Settings(corpus=mini_corpus, use_cache=False))
    lines = ["新增停车位多少个\n", "\n", "火星探测器\n", "  \n"]
    shown: list[AskResult] = []
    tally = answer_lines(retriever, [lines[:3], lines[3:]], shown.append)
    assert [r.question for r in shown] == ["新增停车位多少个", "", "火星探测器", ""]
    assert tally == Tally(asked=2, unanswered=1)  # blank lines are not questions
    assert shown[0].answered and not shown[2].answered
    assert shown[0] == retriever.ask("新增停车位多少个")


def test_ask_many_is_ask_for_each(bundled_retriever: Retriever) -> None:
    questions = ["停车位新增多少", "颐养学院在哪个社区", "火星上有水吗"]
    assert bundled_retriever.ask_many(questions, 3) == [
        bundled_retriever.ask(q, 3) for q in questions
    ]
