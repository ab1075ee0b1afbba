"""Scoring question sets: the JSONL and SQuAD readers, the figures, article questions and DRCD's
on-topic split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa import QuestionFileError
from qa.answer import Answer, ArticleRef, AskResult
from qa.evaluate import EvalQuestion, evaluate, load_questions, load_squad, load_squad_split

REF = ArticleRef("a", "郑港办事处促进服务业发展", "记者 王军方")


def result(question: str, *sentences: str, article: str = "a") -> AskResult:
    answers = tuple(
        Answer(s, 1.0, 0.5, ArticleRef(article, "标题"), s, (), n, 0)
        for n, s in enumerate(sentences)
    )
    return AskResult(question, (), answers)


def test_load_questions_reads_one_object_a_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    lines = [{"q": "停车位多少", "expect_any": ["120"]}, {"q": "大家好", "kind": "none"}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n")
    assert load_questions(path) == [
        EvalQuestion("停车位多少", ("120",), "question"),
        EvalQuestion("大家好", (), "none"),
    ]


@pytest.mark.parametrize(
    "bad,why",
    [
        ('{"kind": "x"}', '"q" must be'),
        ("not json", "Expecting value"),
        ("[1]", '"q" must be'),
        ('"停车位多少"', '"q" must be'),
        ('{"q": 1}', '"q" must be'),
        ('{"q": "好", "expect_any": [1623]}', '"expect_any" must be'),
        ('{"q": "好", "expect_any": {"a": 1}}', '"expect_any" must be'),
        ('{"q": "好", "kind": 3}', '"kind" must be'),
    ],
)
def test_a_broken_question_line_names_the_file_and_line(
    tmp_path: Path, bad: str, why: str
) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"q": "好"}\n' + bad + "\n", encoding="utf-8")
    with pytest.raises(QuestionFileError) as info:
        load_questions(path)
    assert str(info.value).startswith(f"{path}:2: not a question object (")
    assert why in str(info.value)


def test_one_expected_text_may_stand_without_a_list(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"q": "停车位多少", "expect_any": "1623"}\n', encoding="utf-8")
    assert load_questions(path) == [EvalQuestion("停车位多少", ("1623",), "question")]


@pytest.mark.parametrize(
    "data,where",
    [
        ({"title": "题"}, 'data[0] needs a list of "paragraphs"'),
        ({"paragraphs": [{"context": 7, "qas": []}]}, 'paragraphs[0] needs a "context"'),
        ({"paragraphs": [{"context": "文。"}]}, 'paragraphs[0] needs a list of "qas"'),
        (
            {"paragraphs": [{"context": "文。", "qas": [{"question": 5, "answers": []}]}]},
            'qas[0] needs a "question"',
        ),
        (
            {"paragraphs": [{"context": "文。", "qas": [{"question": "问", "answers": [5]}]}]},
            'qas[0] needs a list of "answers"',
        ),
    ],
)
def test_a_broken_squad_file_names_the_item(
    tmp_path: Path, data: dict[str, object], where: str
) -> None:
    path = tmp_path / "squad.json"
    path.write_text(json.dumps({"data": [data]}, ensure_ascii=False), "utf-8")
    for load in (load_squad, load_squad_split):
        with pytest.raises(QuestionFileError) as info:
            load(path)
        assert str(info.value).startswith(f"{path}: not SQuAD-style JSON (data[0]")
        assert where in str(info.value)


def test_load_squad_makes_a_corpus_of_contexts(tmp_path: Path) -> None:
    path = tmp_path / "squad.json"
    qas = [{"question": "几个？", "answers": [{"text": "三个"}, {"text": "不在文中"}]}]
    para = {"id": "p1", "context": "一共三个。", "qas": qas}
    path.write_text(json.dumps({"data": [{"title": "题", "paragraphs": [para]}]}), "utf-8")
    corpus, questions = load_squad(path)
    assert [(a.id, a.title, a.paragraphs[0].text) for a in corpus.articles] == [
        ("p1", "题", "一共三个。")
    ]
    assert questions == [EvalQuestion("几个？", ("三个",), "squad", "p1")]
    path.write_text("{}", "utf-8")
    with pytest.raises(QuestionFileError, match="not SQuAD-style JSON"):
        load_squad(path)


def test_figures_by_kind_and_misses() -> None:
    questions = [
        EvalQuestion("一", ("甲",)),  # hit at 1
        EvalQuestion("二", ("乙",)),  # hit at 2
        EvalQuestion("三", ("丙",)),  # missed
        EvalQuestion("四", ()),  # no answer expected, none given
        EvalQuestion("五", (), "none"),  # no answer expected, one given
    ]
    answers = {"一": ("甲。",), "二": ("别。", "乙。"), "三": ("别。",), "四": (), "五": ("别。",)}
    report = evaluate(questions, lambda q: result(q, *answers[q]))
    assert (report.total.count, report.total.hit1, report.total.hit5) == (3, 1 / 3, 2 / 3)
    assert report.total.mrr10 == pytest.approx((1 + 1 / 2) / 3)
    assert report.none_accuracy == 0.5
    assert [(m.q, m.got) for m in report.misses] == [
        ("二", "别。"),
        ("三", "别。"),
        ("五", "别。"),
    ]


def test_squad_answers_must_come_from_their_own_article() -> None:
    question = EvalQuestion("几个？", ("三个",), "squad", "p1")
    wrong = evaluate([question], lambda q: result(q, "三个。", article="p2"))
    right = evaluate([question], lambda q: result(q, "三个。", article="p1"))
    assert (wrong.total.hit1, right.total.hit1) == (0.0, 1.0)


def answer_with(sentence: str) -> AskResult:
    return AskResult("q", (), (Answer(sentence, 1.0, 1.0, REF, sentence, (), 0, 0),))


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
