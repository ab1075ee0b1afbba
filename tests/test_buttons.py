"""Buttons: callback data within Telegram's 64 bytes, and what each button points to."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qa.answer import Answer, ArticleRef
from qa.corpus import Article, Paragraph, make_article
from qabot.buttons import (
    MAX_CALLBACK_BYTES,
    MoreButton,
    QuestionStore,
    SourceButton,
    answer_buttons,
    decode_button,
    find_source,
)


def article(article_id: str = "a1", *texts: str) -> Article:
    paragraphs = [Paragraph(t) for t in texts or ("第一段。", "新增停车位120个。")]
    return make_article(article_id, "标题", paragraphs, {})


def answer_in(source: Article, paragraph: int) -> Answer:
    text = source.paragraphs[paragraph].text
    return Answer(text, 1.0, 1.0, ArticleRef.of(source), text, (), 0, paragraph)


@pytest.mark.parametrize(
    "button",
    [
        SourceButton("a1", "0123abcd", 0),
        SourceButton("新闻/2024:03/停车", "", 99_999),
        MoreButton("Ab3_-xYz", 1),
        MoreButton("ffffffff", 50),
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
    "data",
    [
        None,
        "",
        "src",
        "src:1",
        "src:0:1",
        "src:v:x:a1",
        "src:v:1:",
        "more::1",
        "more:k:x",
        "x:1:2",
        # Crafted: every field is checked, nothing reaches an index unchecked.
        "more:Ab3_-xYz:-1",
        "more:Ab3_-xYz:0",
        "more:Ab3_-xYz:51",
        "more:Ab3_-xYz: 1",
        "more:Ab3_-xYz:1_0",
        "more:Ab3_-xYz:1:2",
        "more:short:1",
        "more:Ab3_-xYz!:1",
        "src:0123abcd:-1:a1",
        "src:0123abcd:100000:a1",
        "src:XYZ!:1:a1",
        "src:0123abcd:１:a1",
    ],
)
def test_unknown_callback_data_decodes_to_none(data: str | None) -> None:
    assert decode_button(data) is None


def test_question_store_keys_fit_and_expire() -> None:
    store = QuestionStore(size=2)
    long_question = "问" * 300
    k1 = store.put(1, long_question)
    assert decode_button(MoreButton(k1, 10).encode()) == MoreButton(k1, 10)
    k2, k3 = store.put(1, "二"), store.put(1, "三")
    assert store.get(1, k1) is None  # evicted, oldest first
    assert (store.get(1, k2), store.get(1, k3)) == ("二", "三")


def test_question_keys_are_random_and_valid_only_in_their_chat() -> None:
    store = QuestionStore()
    keys = {store.put(1, "停车位新增多少") for _ in range(50)}
    assert len(keys) == 50  # nothing about the key follows from the question
    key = keys.pop()
    assert store.get(1, key) == "停车位新增多少"
    assert store.get(2, key) is None  # another chat can't use (or probe) it


def test_buttons_name_the_article_by_id_and_paragraph() -> None:
    source = article()
    pairs = answer_buttons(answer_in(source, 1), "k", 0)
    assert [label for label, _ in pairs] == ["查看原文", "更多答案"]
    assert pairs[0][1] == f"src:{source.digest[:8]}:1:a1"
    assert pairs[1][1] == "more:k:1"


def test_source_is_found_by_id_wherever_the_article_moved() -> None:
    source = article()
    button = SourceButton.of(answer_in(source, 1))
    others = [article("b", "别的。"), article("c", "又一篇。")]
    assert find_source([*others, source], button) == (source, 1)
    assert find_source(others, button) is None  # gone


def test_an_edited_article_opens_at_its_start() -> None:
    source = article()
    button = SourceButton.of(answer_in(source, 1))
    edited = article("a1", "新的第一段。", "插入的一段。", "新增停车位120个。")
    assert find_source([edited], button) == (edited, 0)
    # Same digest but fewer paragraphs (a hand-made article): never past the end.
    shorter = replace(source, paragraphs=source.paragraphs[:1])
    assert find_source([shorter], button) == (shorter, 0)


def test_a_long_id_is_hashed_to_fit() -> None:
    source = article("专题/" * 20 + "停车场")
    button = SourceButton.of(answer_in(source, 0))
    data = button.encode()
    assert len(data.encode()) <= MAX_CALLBACK_BYTES and "专题" not in data
    decoded = decode_button(data)
    assert isinstance(decoded, SourceButton)
    assert find_source([article("b", "别的。"), source], decoded) == (source, 0)
