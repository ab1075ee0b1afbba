"""How informative a word is in Chinese at large, from the IDF table jieba ships."""

from __future__ import annotations

import functools
from importlib import util

import numpy as np

__all__ = ["rarity"]


def rarity(word: str) -> float:
    """Return a word's IDF in general Chinese; unknown words (names, new terms) get the median."""
    table, median = _table()
    value = table.get(word)
    return float(value) if value is not None else median


@functools.cache
def _table() -> tuple[dict[str, str], float]:
    # Values stay strings until asked for: parsing 270k floats would double the load time.
    spec = util.find_spec("jieba")
    folders = spec.submodule_search_locations if spec else None
    if not folders:
        return {}, 0.0
    with open(f"{list(folders)[0]}/analyse/idf.txt", encoding="utf-8") as f:
        table = dict(line.split(" ", 1) for line in f.read().splitlines() if " " in line)
    median = float(np.median(np.array(list(table.values()), dtype=np.float64)))
    return table, median
