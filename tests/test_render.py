"""What the command line prints: answers, results as text and JSON, reports, log statistics."""

from __future__ import annotations

from qa.answer import Answer, ArticleRef, AskResult
from qa.evaluate import EvalReport, KindScore, Miss
from qa.gaps import ReaderWord
from qa.questionlog import DayCount, LogStats
from qa.render import (
    NEAREST,
    NO_ANSWER,
    answer_text,
    report_text,
    result_json,
    result_text,
    stats_text,
)

REF = ArticleRef("tingche", "停车场", "记者 张明", "2024-03-01", "日报", "https://e.com/t")


def answer(sentence: str, matched: tuple[str, ...] = ()) -> Answer:
    return Answer(sentence, 1.234, 0.5, REF, f"上文{sentence}", matched, 3, 1, "新增车位")


def test_answer_text_emphasises_matched_words() -> None:
    text = answer_text(answer("新增停车位120个。", ("停车位",)), lambda s: f"[{s}]")
    assert text.split("\n") == [
        "新增[停车位]120个。",
        "《停车场》 记者 张明 · 2024-03-01",
        "score 1.23 · confidence 0.50",
    ]


def test_result_text_numbers_several_answers_and_explains_none() -> None:
    two = AskResult("问", (), (answer("一。"), answer("二。")))
    lines = result_text(two).split("\n")
    assert lines[0] == "1. 一。" and lines[1].startswith("   《停车场》")
    assert "2. 二。" in lines
    assert result_text(AskResult("问", (), ())).startswith(NO_ANSWER)


def test_result_json_is_the_documented_object() -> None:
    data = result_json(AskResult("问", ("问",), (answer("一。", ("一",)),)))
    assert data == {
        "question": "问",
        "answers": [
            {
                "sentence": "一。",
                "score": 1.234,
                "confidence": 0.5,
                "article": {
                    "id": "tingche",
                    "title": "停车场",
                    "byline": "记者 张明",
                    "date": "2024-03-01",
                    "url": "https://e.com/t",
                },
                "context": "上文一。",
                "matched": ["一"],
            }
        ],
        "nearest": None,
    }


def test_a_nearest_sentence_is_shown_as_a_lead_not_an_answer() -> None:
    lead = AskResult("问", ("问",), (), nearest=answer("一。", ("一",)))
    assert result_text(lead).split("\n")[:2] == [NEAREST, "一。"]
    data = result_json(lead)
    assert data["answers"] == []
    assert data["nearest"]["sentence"] == "一。"


def test_stats_text() -> None:
    assert "No questions logged yet" in stats_text(LogStats((), 0, 0.0, (), 0.0, 0.0))
    stats = LogStats((DayCount("2024-03-01", 4, 3),), 4, 0.75, (("大家好", 1),), 12.0, 30.0)
    text = stats_text(stats)
    assert "提问 4 个，已回答 75%" in text and "2024-03-01  4 / 3" in text
    assert "unanswered: 大家好 (1×)" in text
    assert "words readers used" not in text  # none given, no section


def test_stats_text_lists_the_readers_words_with_a_short_example() -> None:
    stats = LogStats((DayCount("2024-03-01", 4, 3),), 4, 0.75, (), 1.0, 2.0)
    long = "请问" + "街道" * 40 + "\n在哪"
    words = (ReaderWord("街道", 3, long), ReaderWord("老人", 1, "老人去哪玩"))
    lines = stats_text(stats, words=words).splitlines()
    at = lines.index("读者用了、文章里没有的词 words readers used that no article has")
    assert (
        lines[at + 1]
        == "（/synonym 或 qa synonym 写进 synonyms.txt · map one: 街道 => 文章里的说法）:"
    )
    assert lines[at + 2] == f"  街道 (3×) 如 e.g. {long[:39]}…"
    assert lines[at + 3 :] == ["  老人 (1×) 如 e.g. 老人去哪玩"]


def test_report_text_lists_figures_then_misses() -> None:
    total = KindScore("all answerable", 2, 0.5, 1.0, 0.75)
    none = KindScore("none", 1, 0.0, 0.0, 0.0, 1.0)
    misses = (Miss("停车位多少", "question", ("120",), "别的句子。"),)
    report = EvalReport(total, (none,), 1.0, 1.5, misses)
    lines = report_text(report).split("\n")
    assert lines[0].split() == ["kind", "n", "hit@1", "hit@5", "MRR@10", "none", "ok"]
    assert lines[1].split() == ["none", "1", "1.000"]
    assert lines[2].split() == ["all", "answerable", "2", "0.500", "1.000", "0.750"]
    assert lines[3] == "median query time 1.50 ms"
    assert lines[-1] == "  [question] 停车位多少  want: 120  got: 别的句子。"
    assert "misses:" not in report_text(report, show_misses=False)
