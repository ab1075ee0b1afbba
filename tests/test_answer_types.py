"""Answer types: what a question asks for and whether a sentence holds it."""

from __future__ import annotations

import pytest

from qa.answer_types import AskedType, asked_type, coarse_type, coarse_typed, holds


@pytest.mark.parametrize(
    "question,kind",
    [
        ("停车位新增多少", "number"),
        ("成立了几个专班", "number"),
        ("步道有多长", "number"),
        ("什么时候召开工作会议", "date"),
        ("哪一年建成", "date"),
        ("会议在哪个村召开", None),
        ("党委书记是谁", None),
        ("房租有优惠吗", None),
    ],
)
def test_the_first_stage_type(question: str, kind: str | None) -> None:
    assert coarse_type(question) == kind


@pytest.mark.parametrize(
    "question,asked",
    [
        ("新增多少个停车位", AskedType("number")),
        ("服务了多少家商户", AskedType("number", unit="家")),
        ("这座桥建了多少年", AskedType("number", unit="年")),
        ("西元几年建成", AskedType("date")),
        ("8家超市是哪几家", AskedType("list", items=8)),
        ("门票多少钱", AskedType("money")),
        ("谁是书记", AskedType("")),
    ],
)
def test_asked_type(question: str, asked: AskedType) -> None:
    assert asked_type(question) == asked


def test_a_number_the_question_gives_is_no_answer() -> None:
    asked = asked_type("186家企业里小微企业有多少家")
    assert holds(asked, "为186家中小企业对接资金", ("186",)) == -1.0
    assert holds(asked, "为186家中小企业对接资金") == 1.0


def test_the_first_stage_marks_each_text() -> None:
    texts = ["新增停车位1623个", "缓解停车难题", "4月26日召开"]
    assert coarse_typed(texts, "number").tolist() == [1.0, 0.0, 1.0]
    assert coarse_typed(texts, None).tolist() == [0.0, 0.0, 0.0]
