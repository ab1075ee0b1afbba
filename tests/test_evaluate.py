"""Scoring question sets: article questions, and DRCD's on-topic split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.answer import Answer, ArticleRef, AskResult
from qa.evaluate import EvalQuestion, evaluate, load_squad_split

REF = ArticleRef("a", "郑港办事处促进服务业发展", "记者 王军方")


def answer_with(sentence: str) -> AskResult:
    return AskResult("q", (), (Answer(sentence, 1.0, 1.0, REF, sentence, (), 0),))


@pytest.mark.parametrize(
    "kind,expected,hit",
    [
        ("article", "王军方", True),  # in the byline
        ("article", "服务业", True),  # in the title
        ("article", "配送", True),  # in the sentence
        ("article", "曾碧娟", False),
        ("medium", "王军方", False),  # other kinds need it in the sentence
    ],
)
def test_article_questions_count_the_title_and_byline(kind: str, expected: str, hit: bool) -> None:
    report = evaluate(
        [EvalQuestion("谁写的", (expected,), kind)], lambda q: answer_with("线上配送。")
    )
    assert report.total.hit1 == (1.0 if hit else 0.0)


def test_on_topic_split_keeps_even_paragraphs(tmp_path: Path) -> None:
    paragraphs = [
        {"id": f"1-{i}", "context": text, "qas": [{"question": q, "answers": [{"text": a}]}]}
        for i, (text, q, a) in enumerate(
            [
                ("甲城建于1900年。", "甲城何时建成", "1900年"),
                ("甲城人口十万。", "甲城人口多少", "十万"),  # removed: must be declined
                ("甲城有河。", "甲城有什么", "河"),
                ("甲城建于1900年,有河。", "哪年建的", "1900年"),  # removed, answer kept: dropped
            ]
        )
    ]
    path = tmp_path / "drcd.json"
    path.write_text(json.dumps({"data": [{"title": "甲城", "paragraphs": paragraphs}]}), "utf-8")
    corpus, questions = load_squad_split(path)
    assert [a.id for a in corpus.articles] == ["1-0", "1-2"]
    assert [(q.q, q.expect_any, q.kind) for q in questions] == [
        ("甲城何时建成", ("1900年",), "on-topic"),
        ("甲城人口多少", (), "none"),
        ("甲城有什么", ("河",), "on-topic"),
    ]
