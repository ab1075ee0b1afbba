"""Rarity: how informative a word is in Chinese at large."""

from __future__ import annotations

import random
from pathlib import Path

import jieba
import pytest

from qa import rarity as rarity_module
from qa.rarity import known_rarity, median_rarity, parts_rarity, rarity


@pytest.mark.parametrize(
    "common,rare",
    [("说", "处长"), ("东西", "迪士尼"), ("钱", "门票"), ("发展", "党建")],
)
def test_common_words_weigh_less_than_rare_ones(common: str, rare: str) -> None:
    assert 0 < rarity(common) < rarity(rare)


def test_unknown_words_weigh_as_much_as_a_typical_word() -> None:
    """Names and new terms are not in the table: they get its median, above most common words."""
    assert rarity("郑港") == rarity("豫郑港发") > rarity("发展")


@pytest.mark.parametrize(
    ("word", "parts"),
    [("发没发", ["发", "没"]), ("会拉上", ["会", "拉上"]), ("去查", ["去", "查"])],
)
def test_an_unknown_compound_weighs_as_its_rarest_part(word: str, parts: list[str]) -> None:
    assert known_rarity(word) is None
    weights = [known_rarity(p) for p in parts]
    assert parts_rarity(word) == max(w for w in weights if w is not None) < median_rarity()


@pytest.mark.parametrize("word", ["发展", "豫", "\U0001f600"])
def test_known_words_and_unsplittable_ones_have_no_parts(word: str) -> None:
    assert parts_rarity(word) is None


def test_the_table_is_jiebas() -> None:
    """qa/idf.npz holds jieba's idf.txt (to float16 precision); scripts/make_idf.py rebuilds it."""
    lines = (Path(jieba.__file__).parent / "analyse" / "idf.txt").read_text("utf-8").splitlines()
    for line in random.Random(0).sample(lines, 2000):
        word, value = line.split(" ")
        assert rarity(word) == pytest.approx(float(value), rel=1e-3)


def test_without_the_table_every_word_weighs_the_same(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    monkeypatch.setattr(rarity_module, "TABLE", tmp_path / "missing.npz")
    rarity_module._table.cache_clear()
    try:
        assert rarity("说") == rarity("迪士尼") == 1.0
        assert "every word weighs the same" in caplog.text
    finally:
        rarity_module._table.cache_clear()
