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
        split = [_UNITS.findall(t) for t in texts]
        found = [(set(_bigrams(s)), set(s)) for s in split]
        held = [[b in f[0] for f in found] for b in bigrams]
        held += [[c in f[1] for f in found] for c in chars]
    else:
        # Every unit asked is one character: a substring test on the text without what lies
        # between units finds the same bigrams, several times faster than splitting each one.
        joined = [_SKIPPED.sub("", t) for t in texts]
        held = [[u in j for j in joined] for u in [*bigrams, *chars]]
    present = np.array(held, dtype=bool).reshape(len(held), len(texts))
    idf = _idf_among(present)
    bigram_share = _share(present, idf, slice(0, len(bigrams)))
    return bigram_weight * bigram_share + char_weight * _share(
        present, idf, slice(len(bigrams), None)
    )


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
