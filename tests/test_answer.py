"""Typed results: offsets kept by folding, highlighted spans, source lines."""

from __future__ import annotations

import pytest

from qa.answer import Answer, ArticleRef, AskResult, fold, highlight, highlight_spans


@pytest.mark.parametrize(
    ("text", "folded"),
    [("停車位１６個", "停车位16个"), ("ABC", "abc"), ("ﬁ停车", "ﬁ停车")],
)
def test_fold_keeps_every_offset(text: str, folded: str) -> None:
    assert fold(text) == folded and len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("words", "spans"),
    [
        (("停车", "停车位"), [(2, 5)]),
        (("新增", "停车"), [(0, 4)]),  # touching spans merge
        (("车位", "个"), [(3, 5), (8, 9)]),
        ((), []),
        (("没有",), []),
    ],
)
def test_highlight_spans(words: tuple[str, ...], spans: list[tuple[int, int]]) -> None:
    assert highlight_spans("新增停车位120个", words) == spans


def test_highlight_marks_spans_and_passes_the_rest_through_plain() -> None:
    marked = highlight("a<b>c", [(1, 2)], lambda s: f"[{s}]", lambda s: s.upper())
    assert marked == "A[<]B>C"


def test_an_answer_highlights_its_matched_words() -> None:
    answer = Answer("停車位新增120個。", 1.0, 0.5, ArticleRef("a", "标题"), "", ("停车位",), 0, 0)
    assert answer.highlighted(lambda s: f"*{s}*") == "*停車位*新增120個。"


@pytest.mark.parametrize(
    ("ref", "line"),
    [
        (ArticleRef("a", "标题", "记者 张明", "2024-03-01"), "《标题》 记者 张明 · 2024-03-01"),
        (ArticleRef("a", "标题", date="2024-03-01"), "《标题》 · 2024-03-01"),
        (ArticleRef("a", "标题"), "《标题》"),
    ],
)
def test_source_line_leaves_out_what_is_missing(ref: ArticleRef, line: str) -> None:
    assert ref.source_line() == line


def test_article_refs_compare_without_their_digest() -> None:
    assert ArticleRef("a", "标题", digest="1") == ArticleRef("a", "标题", digest="2")


def test_answered() -> None:
    answer = Answer("句。", 1.0, 0.5, ArticleRef("a", "标题"), "句。", (), 0, 0)
    assert AskResult("问", (), (answer,)).answered
    assert not AskResult("问", (), ()).answered
