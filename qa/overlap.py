"""How much of a question each candidate sentence holds: its character bigrams and characters,
each weighed by how few candidates hold it."""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from .asking import YEAR_OFFSETS, article_year
from .index import Index
from .normalize import normalize

__all__ = ["overlap"]

FloatArray = npt.NDArray[np.float64]

_QUESTION_WORDS = re.compile(
    r"什么样|什么时候|为什么|什么|哪些|哪里|哪儿|(?:多少|哪一?|几)[个位名项条家种座所件次]?"
    r"|怎么样|怎么|怎样|如何|是否|谁|吗|呢"
)
_RELATIVE_YEAR = re.compile("|".join(YEAR_OFFSETS))
_UNITS = re.compile(r"[a-z0-9]+|[^\W_a-z0-9]")
_LATIN = re.compile(r"[a-z0-9]")
_SKIPPED = re.compile(r"[\W_]+")  # what lies between _UNITS' units
_SEPARATOR = "Q"


def overlap(
    index: Index,
    question: str,
    cands: npt.NDArray[np.int32],
    texts: list[str],
    bigram_weight: float,
    char_weight: float,
) -> FloatArray:
    """Share of the question's character bigrams, and of its characters, in each sentence.

    Question words are left out of the question first: they are never in the answer. Each
    bigram and character weighs by its rarity among the candidates, so what every candidate
    shares (疫情 on a page about the epidemic) counts for little against what few have.
    """
    units = _units(_QUESTION_WORDS.sub(" ", question))
    bigrams, chars = _bigrams(units), list(dict.fromkeys(units))
    if not units:
        return np.zeros(len(cands))
    if _RELATIVE_YEAR.search(question):
        texts = [_relative_years(index, int(c), t) for c, t in zip(cands, texts, strict=True)]
    if any(_LATIN.match(u) for u in units):
        held = _held_units(bigrams, chars, texts)
    else:
        # Every unit asked is one character: a substring test on the text without what lies
        # between units finds the same bigrams, several times faster than splitting each one.
        joined = _without_skipped(texts)
        held = [[u in j for j in joined] for u in [*bigrams, *chars]]
    present = np.array(held, dtype=bool).reshape(len(held), len(texts))
    idf = _idf_among(present)
    bigram_share = _share(present, idf, slice(0, len(bigrams)))
    return bigram_weight * bigram_share + char_weight * _share(
        present, idf, slice(len(bigrams), None)
    )


def _held_units(bigrams: list[str], units: list[str], texts: list[str]) -> list[list[bool]]:
    """Which texts hold each bigram and each unit, when units may be runs of letters or digits.

    Each text is written as its units between NULs (which no unit holds), so a substring test
    finds a unit, or two in a row, only whole: 2019 is not found in 20190. A bigram is two units
    written together (2019年, or ab of a b), so each way to cut it in two is tried.
    """
    marked = ["\0" + "\0".join(_UNITS.findall(t)) + "\0" for t in texts]
    held = []
    for bigram in bigrams:
        cuts = [f"\0{bigram[:i]}\0{bigram[i:]}\0" for i in range(1, len(bigram))]
        held.append([any(c in m for c in cuts) for m in marked])
    held += [[f"\0{u}\0" in m for m in marked] for u in units]
    return held


def _without_skipped(texts: list[str]) -> list[str]:
    """Each text without what lies between its units, in one pass over them all."""
    # An upper-case letter is no unit of normalised text; a text holding one anyway is done
    # on its own.
    done = _SKIPPED.sub("", _SEPARATOR.join(texts)).split(_SEPARATOR)
    return done if len(done) == len(texts) else [_SKIPPED.sub("", t) for t in texts]


def _relative_years(index: Index, sentence: int, text: str) -> str:
    """The sentence with years named as its article's date sees them: 2020年 is 今年 in 2020."""
    year = article_year(index.sentences.articles[int(index.sentences.article[sentence])].date)
    if year is None:
        return text
    for word, offset in YEAR_OFFSETS.items():
        text = text.replace(f"{year + offset}年", word)
    return text


def _idf_among(present: npt.NDArray[np.bool_]) -> FloatArray:
    """Each wanted unit's (row's) idf among the candidates (columns) holding it."""
    n = present.shape[1]
    counts = present.sum(axis=1)
    return np.asarray(np.log(1 + (n - counts + 0.5) / (counts + 0.5)), dtype=np.float64)


def _share(present: npt.NDArray[np.bool_], idf: FloatArray, rows: slice) -> FloatArray:
    """Each candidate's share of some wanted units, each weighted by its idf."""
    total = idf[rows].sum()
    if total <= 0:
        return np.zeros(present.shape[1])
    return np.asarray(idf[rows] @ present[rows] / total, dtype=np.float64)


def _units(text: str) -> list[str]:
    return _UNITS.findall(normalize(text))


def _bigrams(units: list[str]) -> list[str]:
    return list(dict.fromkeys(a + b for a, b in zip(units, units[1:], strict=False)))
