"""The sentence table: articles split into sentences, here or in worker processes."""

from __future__ import annotations

import pytest

import qa.sentences
from qa.corpus import Paragraph, make_article
from qa.sentences import split_articles

ARTICLES = [
    make_article("a", "停车", [Paragraph("新增车位。收费每月百元！"), Paragraph("物业管理")], {}),
    make_article("b", "公園", [Paragraph("櫻花四百棵？步道五公里；", heading="綠化")], {}),
    make_article("c", "经济", [Paragraph("发展很快。")], {"byline": "記者 王軍"}),
    make_article("d", "空", [], {}),
]
# (paragraph, position, start, end) of each sentence, and whether the article is traditional.
EXPECTED = [
    ([[0, 0, 0, 5], [0, 1, 5, 12], [1, 0, 0, 4]], False),
    ([[0, 0, 0, 6], [0, 1, 6, 12]], True),
    ([[0, 0, 0, 5]], True),
    ([], False),
]


def _as_lists(split: list[tuple[qa.sentences.Places, bool]]) -> list[tuple[list[list[int]], bool]]:
    return [(places.tolist(), traditional) for places, traditional in split]


def test_articles_are_split_into_sentences_here() -> None:
    assert _as_lists(split_articles(ARTICLES)) == EXPECTED


@pytest.mark.usefixtures("two_workers")
def test_big_corpora_are_split_alike_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every article a job of its own, each in a worker process.
    monkeypatch.setattr(qa.sentences, "PARALLEL_CHARS", 0)
    monkeypatch.setattr(qa.sentences, "JOB_CHARS", 1)
    assert _as_lists(split_articles(ARTICLES)) == EXPECTED
