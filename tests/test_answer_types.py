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
        ("书记今年多大年纪", AskedType("number", unit="岁")),
        ("他的年龄是多少", AskedType("number", unit="岁")),
        ("老人多少岁了", AskedType("number", unit="岁")),
        ("西元几年建成", AskedType("date", unit="年")),
        ("什么时候建成", AskedType("date")),
        ("8家超市是哪几家", AskedType("list", items=8)),
        ("门票多少钱", AskedType("money")),
        ("门票几块?", AskedType("money")),
        ("配送费是怎么收的", AskedType("money", unit="费")),
        ("线上配送要不要收配送费", AskedType("money", unit="费")),
        ("配送费多少钱", AskedType("money", unit="费")),
        ("停车用不用交停车费", AskedType("money", unit="费")),
        ("坐船到东引要花费多少时间", AskedType("number")),
        ("划了几块区域", AskedType("number")),
        ("安排了哪几块工作", AskedType("")),
        ("谁是书记", AskedType("")),
        ("投诉电话是多少", AskedType("phone")),
        ("咨询电话是什么", AskedType("phone")),
        ("被欠薪可以打哪个投诉电话?", AskedType("phone")),
        ("可以打哪个电话投诉", AskedType("phone")),
        ("生命热线主要为哪些人服务", AskedType("")),
        ("为什么电话本不受版权法保护", AskedType("")),
    ],
)
def test_asked_type(question: str, asked: AskedType) -> None:
    assert asked_type(question) == asked


@pytest.mark.parametrize(
    "question,sentence,held",
    [
        ("什么时候发力", "瞄准二季度发力", 1.0),
        ("什么时候建成", "预计年底前建成", 1.0),
        ("什么时候建成", "项目已经建成", -1.0),
        ("哪一年开始担任书记", "瞄准二季度发力", -1.0),
        ("哪一年开始担任书记", "2018年开始担任", 1.0),
        ("发力的是第几季度", "瞄准二季度发力", 1.0),
    ],
)
def test_a_time_of_year_answers_when(question: str, sentence: str, held: float) -> None:
    assert holds(asked_type(question), sentence) == held


@pytest.mark.parametrize(
    "sentence,held",
    [
        ("苏营周今年52岁", 1.0),
        ("年满60周岁的老人", 1.0),
        ("瞄准二季度发力", -1.0),  # 多大 alone would take any number
        ("新增停车位1623个", -1.0),
    ],
)
def test_an_age_is_answered_in_years_of_age(sentence: str, held: float) -> None:
    assert holds(asked_type("书记今年多大年纪"), sentence) == held


@pytest.mark.parametrize(
    "sentence,held",
    [
        ("配送费每单5元", 1.0),
        ("线上配送一律免费", 1.0),
        ("免收配送费", 1.0),
        ("线上配送8万多单,销售额560多万元", -1.0),  # a sum, but of no fee
        ("配送费由商家承担", -1.0),  # a fee, but no price
    ],
)
def test_a_fee_is_answered_by_its_price(sentence: str, held: float) -> None:
    assert holds(asked_type("配送费是怎么收的"), sentence) == held


def test_a_number_the_question_gives_is_no_answer() -> None:
    asked = asked_type("186家企业里小微企业有多少家")
    assert holds(asked, "为186家中小企业对接资金", ("186",)) == -1.0
    assert holds(asked, "为186家中小企业对接资金") == 1.0


@pytest.mark.parametrize(
    ("given", "text", "held"),
    [
        ("8", "线上配送8万多单", -1.0),  # what is left of the given number is no number
        ("8", "线上配送28单", 1.0),  # nor is another number holding its digit given
        ("8", "配送8.5万单", -1.0),
        ("8", "美团配送了3万单", 1.0),
    ],
)
def test_a_given_number_is_taken_out_whole(given: str, text: str, held: float) -> None:
    assert holds(asked_type("8万多单里美团占了多少单"), text, (given,)) == held


def test_the_first_stage_marks_each_text() -> None:
    texts = ["新增停车位1623个", "缓解停车难题", "4月26日召开"]
    assert coarse_typed(texts, "number").tolist() == [1.0, 0.0, 1.0]
    assert coarse_typed(texts, None).tolist() == [0.0, 0.0, 0.0]
