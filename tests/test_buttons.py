"""Buttons: callback data within Telegram's 64 bytes, and what each button points to."""

from __future__ import annotations

import pytest

from qa.answer import Answer, ArticleRef
from qa.buttons import (
    MAX_CALLBACK_BYTES,
    MoreButton,
    QuestionStore,
    SourceButton,
    answer_buttons,
    article_at,
    decode_button,
    locate,
)
from qa.corpus import Paragraph, make_article


def make_answer(sentence: str) -> Answer:
    ref = ArticleRef("a1", "标题")
    return Answer(sentence, 1.0, 1.0, ref, sentence, (), 0)


@pytest.mark.parametrize(
    "button",
    [
        SourceButton(0, 0),
        SourceButton(10**9, 10**9),
        MoreButton("a" * 12, 0),
        MoreButton("ff", 49),
    ],
)
def test_callback_data_round_trips_within_64_bytes(button: SourceButton | MoreButton) -> None:
    data = button.encode()
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    assert decode_button(data) == button


def test_callback_data_too_long_is_refused() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        MoreButton("k" * 70, 1).encode()


@pytest.mark.parametrize(
    "data", [None, "", "src", "src:1", "src:a:b", "more::1", "more:k:x", "x:1:2"]
)
def test_unknown_callback_data_decodes_to_none(data: str | None) -> None:
    assert decode_button(data) is None


def test_question_store_keys_fit_and_expire() -> None:
    store = QuestionStore(size=2)
    long_question = "问" * 300
    k1 = store.put(long_question)
    assert len(MoreButton(k1, 10).encode().encode()) <= MAX_CALLBACK_BYTES
    k2, k3 = store.put("二"), store.put("三")
    assert store.get(k1) is None  # evicted, oldest first
    assert (store.get(k2), store.get(k3)) == ("二", "三")
    assert store.put("二") == k2  # the same question keeps its key


def test_buttons_and_locate() -> None:
    article = make_article(
        "a1", "标题", [Paragraph("第一段。"), Paragraph("新增停车位120个。")], {}
    )
    answer = make_answer("新增停车位120个。")
    assert locate([article], answer) == (0, 1)
    assert answer_buttons([article], answer, "k", 0) == [
        ("查看原文", "src:0:1"),
        ("更多答案", "more:k:1"),
    ]
    assert answer_buttons([], answer, "k", 0) == [("更多答案", "more:k:1")]
    assert article_at([article], SourceButton(0, 1)) is article
    assert article_at([article], SourceButton(0, 2)) is None
    assert article_at([article], SourceButton(1, 0)) is None
