"""How informative a word is in Chinese at large, from the IDF table jieba ships."""

from __future__ import annotations

import functools
import logging
from importlib import util

import numpy as np

__all__ = ["rarity"]

logger = logging.getLogger(__name__)


def rarity(word: str) -> float:
    """Return a word's IDF in general Chinese; unknown words (names, new terms) get the median."""
    table, median = _table()
    value = table.get(word)
    return float(value) if value is not None else median


@functools.cache
def _table() -> tuple[dict[str, str], float]:
    spec = util.find_spec("jieba")
    folders = list(spec.submodule_search_locations or []) if spec else []
    try:
        with open(f"{folders[0]}/analyse/idf.txt", encoding="utf-8") as f:
            # Values stay strings until asked for: parsing 270k floats doubles the load time.
            table = dict(line.split(" ", 1) for line in f.read().splitlines() if " " in line)
    except (IndexError, OSError, ValueError) as e:
        logger.warning("jieba's IDF table is unreadable (%s): every word weighs the same", e)
        return {}, 1.0
    median = float(np.median(np.array(list(table.values()), dtype=np.float64)))
    return table, median
