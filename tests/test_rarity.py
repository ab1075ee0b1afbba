"""Rarity: how informative a word is in Chinese at large."""

from __future__ import annotations

import pytest

from qa.rarity import rarity


@pytest.mark.parametrize(
    "common,rare",
    [("说", "处长"), ("东西", "迪士尼"), ("钱", "门票"), ("发展", "党建")],
)
def test_common_words_weigh_less_than_rare_ones(common: str, rare: str) -> None:
    assert 0 < rarity(common) < rarity(rare)


def test_unknown_words_weigh_as_much_as_a_typical_word() -> None:
    """Names and new terms are not in the table: they get its median, above most common words."""
    assert rarity("郑港") == rarity("豫郑港发") > rarity("发展")
