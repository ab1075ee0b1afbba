"""Message parsing: the question after /ask, after a mention, or in a reply to the bot."""

from __future__ import annotations

import pytest

from qabot.parsing import command_argument, question_in_group, strip_mention


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@qa_test_bot 停车位有多少", "停车位有多少"),
        ("停车位有多少 @QA_Test_Bot", "停车位有多少"),
        ("@qa_test_bot", ""),
        ("@qa_test_bot_2 停车", None),
        ("mail@qa_test_bot 停车", None),
        ("大家好", None),
    ],
)
def test_strip_mention(text: str, expected: str | None) -> None:
    assert strip_mention(text, "qa_test_bot") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/ask 停车位 有多少", "停车位 有多少"),
        ("/ask@qa_test_bot  停车位", "停车位"),
        ("/ask", ""),
        ("/ask   ", ""),
    ],
)
def test_command_argument(text: str, expected: str) -> None:
    assert command_argument(text) == expected


@pytest.mark.parametrize(
    ("text", "replies_to_bot", "expected"),
    [
        ("@qa_test_bot 停车位", False, "停车位"),
        ("@qa_test_bot 停车位", True, "停车位"),
        ("停车场怎么收费", True, "停车场怎么收费"),
        ("停车场怎么收费", False, None),
        ("@someone 停车位", False, None),
    ],
)
def test_question_in_group(text: str, replies_to_bot: bool, expected: str | None) -> None:
    assert question_in_group(text, "qa_test_bot", replies_to_bot) == expected
