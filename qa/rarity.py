"""How informative a word is in Chinese at large, from the IDF table jieba ships."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = ["known_rarity", "median_rarity", "parts_rarity", "rarity"]

logger = logging.getLogger(__name__)

# jieba/analyse/idf.txt (MIT licence) made compact by scripts/make_idf.py.
TABLE = Path(__file__).parent / "idf.npz"
_SEEN_MAX = 200_000  # words remembered, a few tens of MB at most


@dataclass(frozen=True)
class _Table:
    """Words grouped by length, each group sorted, with their IDF."""

    words: dict[int, npt.NDArray[np.str_]]
    idf: dict[int, npt.NDArray[np.float16]]
    median: float
    # Words already looked up: a binary search in an array of strings costs microseconds, and
    # a question's words come back (each answer's features read them again).
    seen: dict[str, float | None] = field(default_factory=dict)


def rarity(word: str) -> float:
    """Return a word's IDF in general Chinese; unknown words (names, new terms) get the median."""
    known = known_rarity(word)
    return _table().median if known is None else known


def known_rarity(word: str) -> float | None:
    """Return a word's IDF in general Chinese, or None when the table does not have it."""
    table = _table()
    if word in table.seen:
        return table.seen[word]
    found = None
    words = table.words.get(len(word))
    if words is not None:
        i = int(np.searchsorted(words, word))
        if i < len(words) and words[i] == word:
            found = float(table.idf[len(word)][i])
    if len(table.seen) < _SEEN_MAX:
        table.seen[word] = found
    return found


def parts_rarity(word: str) -> float | None:
    """The rarity of an unknown word made of known ones (发没发, 去查): its rarest part's.

    Parts are the longest known prefixes, left to right; None when some part is unknown or the
    word is known whole.
    """
    if known_rarity(word) is not None:
        return None
    parts: list[float] = []
    start = 0
    while start < len(word):
        for end in range(len(word), start, -1):
            known = known_rarity(word[start:end])
            if known is not None:
                parts.append(known)
                start = end
                break
        else:
            return None
    return max(parts)


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
