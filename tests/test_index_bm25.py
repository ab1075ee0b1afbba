"""The index's BM25s after an update: the same arrays as a whole build over the same vocabulary."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import qa.index_bm25
from qa.bm25_update import updated
from qa.corpus import Article, Corpus, Paragraph, make_article
from qa.index import Index, build_index
from qa.tokenizer import Tokenizer

A = make_article("a", "停车", [Paragraph("新增车位。收费每月百元！"), Paragraph("物业管理")], {})
B = make_article("b", "公园", [Paragraph("樱花四百棵？步道五公里；", heading="绿化")], {})
C = make_article("c", "读书", [Paragraph("评选阅读之星。"), Paragraph("共读图书三千册。")], {})
A2 = make_article("a", "停车", [Paragraph("新增车位两百个。"), Paragraph("物业管理")], {})
D = make_article("d", "樱花", [Paragraph("樱花节开幕，游客如织。", heading="游园")], {})


def corpus_of(*articles: Article) -> Corpus:
    return Corpus(Path("mem"), articles)


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="module")
def previous(tokenizer: Tokenizer) -> Index:
    return build_index(corpus_of(A, B, C), tokenizer)


def whole_built(corpus: Corpus, tokenizer: Tokenizer, previous: Index) -> Index:
    """The update as a whole build: a previous index without term frequencies to reuse."""
    stale = copy.copy(previous)
    stale.sentence_bm25 = copy.copy(previous.sentence_bm25)
    stale.sentence_bm25.tf = None
    return build_index(corpus, tokenizer, stale)


@pytest.mark.parametrize(
    ("articles", "spliced"),
    [
        ((A2, B, C), True),  # the first one changed
        ((A, C), True),  # one removed
        ((A, D, B, C), True),  # one added between
        ((B, C, A2), True),  # the first changed and moved to the end
        ((B, C, A), False),  # reordered: built whole
        ((A2, D, C), False),  # most sentences new: built whole
    ],
    ids=["changed", "removed", "added-between", "changed-moved-last", "reordered", "mostly-new"],
)
def test_an_update_equals_a_whole_build(
    articles: tuple[Article, ...],
    spliced: bool,
    previous: Index,
    tokenizer: Tokenizer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[Any] = []

    def spy(*args: Any) -> Any:
        calls.append(updated(*args))
        return calls[-1]

    monkeypatch.setattr(qa.index_bm25, "updated", spy)
    got = build_index(corpus_of(*articles), tokenizer, previous)
    assert (len(calls) == 2 and all(c is not None for c in calls)) is spliced
    expected = whole_built(corpus_of(*articles), tokenizer, previous)
    for name in ("sentence_bm25", "paragraph_bm25"):
        mine, theirs = getattr(got, name), getattr(expected, name)
        for field in ("indptr", "doc_ids", "weights", "idf", "tf"):
            assert np.array_equal(getattr(mine, field), getattr(theirs, field)), (name, field)
    assert got.paragraph_bm25.top(["樱花"], 3)[0].tolist() == (
        expected.paragraph_bm25.top(["樱花"], 3)[0].tolist()
    )
