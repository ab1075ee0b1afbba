"""Property tests: whatever a user sends, the pipeline answers or declines, never raises."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa import QuestionError, Retriever
from qa.normalize import normalize
from qa.render import result_json, result_text
from qa.tokenizer import Tokenizer

# Any code point, weighted towards what people paste: CJK, emoji, markup, controls, huge texts.
TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
    st.lists(
        st.sampled_from(
            ["停車位", "新增", "<b>", "</i>", "&amp;", "😀", "\x00", "？", "１６２３", " "]
        ),
        max_size=60,
    ).map("".join),
)
PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(TEXT)
def test_normalize_and_tokenize_never_raise(text: str) -> None:
    tokens = Tokenizer()(text)
    assert all(tokens) and all(t == normalize(t) for t in tokens)


@PROPERTIES
@given(TEXT)
def test_ask_answers_or_declines(bundled_retriever: Retriever, text: str) -> None:
    try:
        result = bundled_retriever.ask(text, 3)
    except QuestionError:
        assert not text.strip()
        return
    assert len(result.answers) <= 3
    assert len({a.sentence_id for a in result.answers}) == len(result.answers)
    assert all(0.0 <= a.confidence <= 1.0 for a in result.answers)
    rendered = result_text(result)
    assert rendered
    assert json.loads(json.dumps(result_json(result), ensure_ascii=False))["question"] == text


@pytest.mark.parametrize("length", [4096, 20_000])
def test_long_questions_are_cut_not_refused(bundled_retriever: Retriever, length: int) -> None:
    question = ("停车位新增多少" * length)[:length]
    result = bundled_retriever.ask(question)
    assert result.answered
    assert "1623" in result.answers[0].sentence
