"""The index: sentences numbered in reading order, their token ids, paragraphs, reuse."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qa.chunking import Sentence
from qa.corpus import Article, Corpus, Paragraph, make_article
from qa.index import Index, build_index
from qa.tokenizer import Tokenizer


def corpus_of(*articles: Article) -> Corpus:
    return Corpus(Path("mem"), articles)


ARTICLES = (
    make_article("a", "停车", [Paragraph("新增车位。收费每月百元！"), Paragraph("物业管理")], {}),
    make_article("b", "公园", [Paragraph("樱花四百棵？步道五公里；", heading="绿化")], {}),
)


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="module")
def index(tokenizer: Tokenizer) -> Index:
    return build_index(corpus_of(*ARTICLES), tokenizer)


def test_sentences_are_numbered_in_reading_order(index: Index) -> None:
    assert [index.sentences[i] for i in range(len(index.sentences))] == [
        Sentence(id=0, article=0, paragraph=0, position=0, text="新增车位。"),
        Sentence(id=1, article=0, paragraph=0, position=1, text="收费每月百元！"),
        Sentence(id=2, article=0, paragraph=1, position=0, text="物业管理"),
        Sentence(id=3, article=1, paragraph=0, position=0, text="樱花四百棵？"),
        Sentence(id=4, article=1, paragraph=0, position=1, text="步道五公里；"),
    ]
    assert index.article_start.tolist() == [0, 3, 5]
    assert index.para_of.tolist() == [0, 0, 1, 2, 2]
    assert index.para_start.tolist() == [0, 2, 3, 5]


@pytest.mark.parametrize("ids", [[4, 0, 2], [3], [], [1, 1]])
def test_many_texts_are_read_as_one_at_a_time(index: Index, ids: list[int]) -> None:
    texts = index.sentences.texts
    assert texts.many(np.array(ids, dtype=np.int32)) == [texts[i] for i in ids]


def test_token_ids_spell_each_sentence(index: Index, tokenizer: Tokenizer) -> None:
    terms, ids, offsets = index.tokens.vocab.terms, index.tokens.ids, index.tokens.offsets
    for i in range(len(index.sentences)):
        words = [terms[t] for t in ids[offsets[i] : offsets[i + 1]]]
        assert words == tokenizer(index.sentences.texts[i])


def test_paragraphs_know_their_title_and_heading(index: Index) -> None:
    assert list(index.labels) == ["停车", "公园 绿化"]
    # 绿化 is in no sentence: the paragraph index finds it through the heading only.
    assert index.sentence_bm25.get_scores(["绿化"]).tolist() == [0.0] * 5
    assert np.flatnonzero(index.paragraph_bm25.get_scores(["绿化"])).tolist() == [2]


def test_a_rebuild_reuses_and_leaves_the_previous_index_alone(
    index: Index, tokenizer: Tokenizer
) -> None:
    terms, labels = index.tokens.vocab.terms, dict(index.labels)
    added = make_article("c", "读书", [Paragraph("评选阅读之星。")], {})
    rebuilt = build_index(corpus_of(ARTICLES[1], added), tokenizer, previous=index)
    fresh = build_index(corpus_of(ARTICLES[1], added), tokenizer)
    assert (index.tokens.vocab.terms, index.labels.keys()) == (terms, labels.keys())
    assert rebuilt.tokens.vocab.terms[: len(terms)] == terms  # old ids stay valid
    texts = [rebuilt.sentences.texts[i] for i in range(len(rebuilt.sentences))]
    assert texts == [fresh.sentences.texts[i] for i in range(len(fresh.sentences))]
    for query in (["樱花"], ["阅读", "之星"], ["读书"]):
        assert rebuilt.paragraph_bm25.get_scores(query) == pytest.approx(
            fresh.paragraph_bm25.get_scores(query)
        )


def test_articles_in_traditional_characters_are_known(tokenizer: Tokenizer) -> None:
    titled = make_article("t", "經濟", [Paragraph("发展很快。")], {})  # the title only
    headed = make_article("h", "经济", [Paragraph("发展很快。", heading="簡介")], {})
    index = build_index(corpus_of(*ARTICLES, titled, headed), tokenizer)
    assert index.traditional.tolist() == [False, False, True, True]
    # A rebuild takes the flags of unchanged articles from the previous index.
    added = make_article("c", "讀書", [Paragraph("評選閱讀之星。")], {})
    rebuilt = build_index(corpus_of(headed, ARTICLES[0], added), tokenizer, previous=index)
    assert rebuilt.traditional.tolist() == [True, False, True]
