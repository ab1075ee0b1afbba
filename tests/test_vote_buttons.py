"""The 👍 / 👎 buttons' callback data, and the keyboard under an answer card."""

from __future__ import annotations

import pytest

from qa import Retriever
from qabot.votes import VoteButton, answer_keyboard, decode_vote


@pytest.mark.parametrize(
    ("data", "vote"),
    [
        ("vote:abc12345:0:-:1f2e3d4c", VoteButton("abc12345", 0, False, "1f2e3d4c")),
        ("vote:abc12345:2:+:1f2e3d4c", VoteButton("abc12345", 2, True, "1f2e3d4c")),
        ("vote:abc12345:2:+", None),
        ("vote:abc12345:2:+:", None),
        ("vote:abc12345:x:+:1f2e3d4c", None),
        ("vote:abc12345:1:*:1f2e3d4c", None),
        ("vote::1:+:1f2e3d4c", None),
        ("vote:a:1:+:1f2e3d4c:extra", None),
        ("more:abc:1", None),
        ("vote:abc12345:²:+:1f2e3d4c", None),
        ("vote:abc12345:-1:+:1f2e3d4c", None),
        ("vote:abc'\"<>xy:1:+:1f2e3d4c", None),
        ("vote:abc12345:1:+:ZZZZZZZZ", None),
        (None, None),
    ],
)
def test_decode_vote(data: str | None, vote: VoteButton | None) -> None:
    assert decode_vote(data) == vote
    if vote is not None:
        assert vote.encode() == data


def test_keyboard_has_source_more_and_votes(bundled_retriever: Retriever) -> None:
    answer = bundled_retriever.ask("线上配送了多少单").answers[0]
    rows = answer_keyboard(answer, "k" * 12, 0).inline_keyboard
    assert [[b.text for b in row] for row in rows] == [
        ["查看原文", "更多答案"],
        ["👍 有用", "👎 答非所问"],
    ]
    assert all(len(b.callback_data.encode()) <= 64 for row in rows for b in row)  # type: ignore[union-attr]
