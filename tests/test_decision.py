"""The no-answer decision: what a question asks for, word weights and the fitted model."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qa.decision import Features, probability, read_question


@pytest.mark.parametrize(
    "question,terms,focus",
    [
        (
            "郑港办事处的电话号码是多少",
            ["郑港", "办事处", "电话", "号码", "电话号码"],
            ("电话号码",),
        ),
        ("有多少个工作人员", ["工作", "人员", "工作人员"], ("工作人员",)),
        ("这个项目明年的预算是多少", ["项目", "明年", "预算"], ("预算",)),
        ("他们要交水电费吗", ["交", "水电费"], ("交", "水电费")),
    ],
)
def test_focus_is_the_thing_asked_for(question: str, terms: list[str], focus: tuple[str]) -> None:
    assert read_question(question, terms).focus == focus


def test_parts_of_longer_words_and_glued_measure_words_are_not_words_of_their_own() -> None:
    q = read_question("新建了多少个停车场", ["新建", "个停车场", "停车", "车场", "停车场"])
    assert q.words == ("新建", "停车场")
    assert [q.terms[i] for i in q.parts[1]] == ["停车", "车场", "停车场"]


def test_words_about_the_article_itself_frame_the_question() -> None:
    q = read_question("哪篇文章是李明写的", ["文章", "篇文章", "李明", "写"])
    assert q.words == ("李明",)


@pytest.mark.parametrize(
    "question,kind", [("停车位新增多少", 1.0), ("什么时候开会", 2.0), ("谁是书记", 0.0)]
)
def test_answer_type(question: str, kind: float) -> None:
    assert read_question(question, []).kind == kind


BASE = Features(0.8, 0.7, 1.0, 1.0, 0.0, 0.2, 0.3, 1.2)


@pytest.mark.parametrize(
    "field,low,high",
    [("coverage", 0.2, 0.9), ("sentence", 0.1, 0.9), ("score", 0.3, 1.3)],
)
def test_more_of_the_question_found_means_more_likely_answered(
    field: str, low: float, high: float
) -> None:
    assert probability(replace(BASE, **{field: low})) < probability(replace(BASE, **{field: high}))


def test_probability_is_between_0_and_1_and_semantic_uses_its_own_set() -> None:
    p = probability(BASE)
    assert 0.0 < p < 1.0
    # With a cosine the semantic set decides (its score includes 30 × cos, so it differs).
    with_cosine = probability(replace(BASE, semantic=0.9))
    assert 0.0 < with_cosine < 1.0 and with_cosine != pytest.approx(p)
