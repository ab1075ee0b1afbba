"""How much a question's word weighs: its rarity in Chinese, or in the corpus."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from qa import Retriever, Settings
from qa.index import Index
from qa.rarity import known_rarity, median_rarity, parts_rarity
from qa.word_weight import word_weight

PARKS = 20  # paragraphs of the bylined corpus naming 郑港, a word no table knows


@pytest.fixture
def index(bylined: Path) -> Index:
    settings = Settings(corpus=bylined, use_cache=False, semantic="off", _env_file=None)
    return Retriever.from_settings(settings).index


def _corpus_weight(index: Index, paragraphs: int) -> float:
    """The weight of an unknown word held by so many paragraphs."""
    n = index.paragraph_bm25.n_docs
    return min(median_rarity(), 2.0 * math.log((n + 1) / (paragraphs + 0.5)) + 1.0)


@pytest.mark.parametrize(("word", "known"), [("停车位", "停车位"), ("修好了", "修好")])
def test_a_word_the_table_knows_weighs_its_rarity(index: Index, word: str, known: str) -> None:
    """修好了 is not in the table: a verb with its particle weighs as the verb."""
    assert word_weight(index, word) == known_rarity(known)


def test_an_unknown_word_no_paragraph_holds_weighs_as_any_unknown_word(index: Index) -> None:
    assert word_weight(index, "犇犇") == median_rarity()


def test_a_spoken_compound_weighs_no_more_than_its_parts(index: Index) -> None:
    parts = parts_rarity("发没发")
    assert parts is not None and word_weight(index, "发没发") == min(parts, median_rarity())


def test_an_unknown_word_many_paragraphs_hold_is_the_topic(index: Index) -> None:
    """郑港 on a corpus about 郑港 says little about which paragraph answers."""
    assert word_weight(index, "郑港") == pytest.approx(_corpus_weight(index, PARKS))
    assert word_weight(index, "郑港") < median_rarity() - 3


def test_a_reporters_name_counts_once_for_its_article(index: Index) -> None:
    """岳芃 (of 岳芃芃) is in a byline indexed with each of the four paragraphs of its article."""
    assert word_weight(index, "岳芃") == pytest.approx(_corpus_weight(index, 1))
    assert word_weight(index, "岳芃") > _corpus_weight(index, 4)
