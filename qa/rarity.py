"""How informative a word is in Chinese at large, from the IDF table jieba ships."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = ["known_rarity", "median_rarity", "rarity"]

logger = logging.getLogger(__name__)

# jieba/analyse/idf.txt (MIT licence) made compact by scripts/make_idf.py.
TABLE = Path(__file__).parent / "idf.npz"


@dataclass(frozen=True)
class _Table:
    """Words grouped by length, each group sorted, with their IDF."""

    words: dict[int, npt.NDArray[np.str_]]
    idf: dict[int, npt.NDArray[np.float16]]
    median: float


def rarity(word: str) -> float:
    """Return a word's IDF in general Chinese; unknown words (names, new terms) get the median."""
    known = known_rarity(word)
    return _table().median if known is None else known


def known_rarity(word: str) -> float | None:
    """Return a word's IDF in general Chinese, or None when the table does not have it."""
    table = _table()
    words = table.words.get(len(word))
    if words is not None:
        i = int(np.searchsorted(words, word))
        if i < len(words) and words[i] == word:
            return float(table.idf[len(word)][i])
    return None


def median_rarity() -> float:
    """Return the median IDF of the table: the weight of a word nobody has counted."""
    return _table().median


@functools.cache
def _table() -> _Table:
    try:
        with np.load(TABLE) as npz:
            arrays = {name: npz[name] for name in npz.files}
        lengths = [int(name[len("words") :]) for name in arrays if name.startswith("words")]
        words = {n: arrays[f"words{n}"] for n in lengths}
        idf = {n: arrays[f"idf{n}"] for n in lengths}
        return _Table(words, idf, float(arrays["median"]))
    except (OSError, ValueError, KeyError) as e:
        logger.warning("the IDF table %s is unreadable (%s): every word weighs the same", TABLE, e)
        return _Table({}, {}, 1.0)
