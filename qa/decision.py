"""Deciding whether a sentence holds what was asked: features and a small logistic model."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .asking import (
    YEAR_OFFSETS,
    Question,
    article_year,
    has_answer_type,
    is_noun,
    read_question,
)
from .index import Index
from .rarity import median_rarity
from .word_weight import word_weight

__all__ = [
    "MODEL",
    "TYPE_MISSING_CAP",
    "Features",
    "Question",
    "features",
    "probability",
    "read_question",
]

# Coefficients fitted by bench/fit_decision.py on DRCD dev, CMRC trial and questions on the page.
MODEL = Path(__file__).parent / "decision.json"
# An answer type asked for (多少钱, 什么时候) and missing from the sentence caps the chance below
# any sensible floor: a "when" answered without a time is wrong whatever else matches. Measured
# when it was added (lexical, bench/fit_decision.py): DRCD on-topic declined 0.792 → 0.781, the
# page's tune questions right 0.750 → 0.762 and declined 0.425 → 0.450.
TYPE_MISSING_CAP = 0.1
_YEARS_NAMED = re.compile(r"((?:19|20)\d\d)年")


@dataclass(frozen=True)
class Features:
    """What the decision looks at for one candidate answer (each roughly 0 to 1)."""

    coverage: float  # rarity-weighted share of the question's words in the answer's paragraph
    sentence: float  # … in the answer sentence itself
    focus: float  # share of the asked-for thing's characters in the sentence
    focus_paragraph: float  # share of the asked-for thing's words in the paragraph
    typed: float  # +1 the answer type asked for is in the sentence, -1 it is not, 0 none asked
    missing: float  # weight of the rarest word missing from the paragraph (1 = an unknown word)
    margin: float  # lexical score minus the best other candidate's
    score: float  # lexical score
    distinct: float = 0.0  # as `sentence`, each word also weighed by how few candidates hold it
    numbers: float = 0.0  # 1 when a number the question gives (2019年) is not in the paragraph
    nouns: float = 0.0  # as `sentence`, over the question's nouns only (停车位, 银行)
    others: float = 0.0  # … over its other words (弄, 到底, 那边: often the asker's own wording)
    absent: float = 0.0  # rarity-weighted share of the question's words no paragraph has
    absent_others: float = 0.0  # … of its words other than nouns (弄, 咋, 使劲)
    semantic: float | None = None  # cosine of question and sentence, when the extra is installed
    lift: float | None = None  # ten times that cosine's lead over the other candidates' mean

    @property
    def type_missing(self) -> float:
        """1 when an answer type was asked for and the sentence has none (多少钱 and no 元)."""
        return 1.0 if self.typed < 0 else 0.0


def features(
    index: Index,
    q: Question,
    sentences: npt.NDArray[np.int32],
    scores: npt.NDArray[np.float32],
    best_other: float,
    texts: Sequence[str],
) -> list[Features]:
    """Features of each candidate answer sentence.

    `texts` holds each sentence normalised, after its article's title and byline and a line
    break: a question may name either.
    """
    if not q.words or len(sentences) == 0:
        return [Features(0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0) for _ in sentences]
    bm25 = index.paragraph_bm25
    paras = index.para_of[sentences]
    held = np.array([bm25.contains(t, paras) for t in q.terms], dtype=np.float64)
    present = _share_of_parts(q, len(q.terms)) @ held
    for row, (word, alike) in enumerate(zip(q.words, q.synonyms, strict=True)):
        present[row] = np.maximum(present[row], held[q.terms.index(word)])
        if alike:  # a word is there when a synonym of it is
            present[row] = np.maximum(present[row], held[list(alike)].max(axis=0))
    weight = np.array([word_weight(index, w) for w in q.words])
    total = weight.sum()
    focus_rows = [q.words.index(w) for w in q.focus]
    pairs = zip(q.words, q.synonyms, strict=True)
    inside = np.array([_in(w, [q.terms[i] for i in alike], texts) for w, alike in pairs])
    # What every candidate holds (郑港 on a page about 郑港) tells them apart least.
    held_by = (inside >= 1).sum(axis=1)
    n = len(texts)
    spread = weight * np.log(1 + (n - held_by + 0.5) / (held_by + 0.5))
    # Every measure for all candidates at once: a few array operations, not a few per candidate.
    coverage = (weight @ present / total).tolist()
    sentence = (weight @ inside / total).tolist()
    spread_total = float(spread.sum())
    distinct = (spread @ inside / spread_total).tolist() if spread_total > 0 else [0.0] * n
    # The fit weighs a noun missing from the sentence far more than a verb or adverb: askers
    # reword the verbs (弄了几个 for 建成), while a thing the sentence lacks is not answered.
    noun = np.array([1.0 if _nominal(w) else 0.0 for w in q.words])
    nouns = _share(weight * noun, inside)
    others = _share(weight * (1 - noun), inside)
    # A word no text has (街道 asked of a page that says 办事处) may be the asker's own for one
    # the text has, or the thing the corpus lacks (常住人口): only a cosine tells them apart, so
    # the lexical set weighs only the words that are not nouns (弄, 咋), mostly the asker's.
    terms = [
        [w, *(q.terms[i] for i in (*part, *alike))]
        for w, part, alike in zip(q.words, q.parts, q.synonyms, strict=True)
    ]
    lacked = np.array([0.0 if _in_corpus(index, t) else 1.0 for t in terms])
    absent = float(weight @ lacked / total)
    absent_others = float((weight * (1 - noun)) @ lacked / total)
    focus_par = present[focus_rows].mean(axis=0).tolist() if focus_rows else [1.0] * n
    missing = ((weight[:, None] * (present < 0.5)).max(axis=0) / median_rarity()).tolist()
    top = float(scores.max())
    focus_chars = "".join(dict.fromkeys(c for w in q.focus for c in w))
    out = []
    for j, (text, score) in enumerate(zip(texts, scores.tolist(), strict=True)):
        out.append(
            Features(
                coverage=coverage[j],
                sentence=sentence[j],
                focus=_share_of_chars(focus_chars, text),
                focus_paragraph=focus_par[j],
                typed=_typed(q, text),
                missing=missing[j],
                margin=score - (best_other if j == 0 else top),
                score=score,
                distinct=distinct[j],
                numbers=_numbers_missing(index, q, int(sentences[j]), text),
                nouns=nouns[j],
                others=others[j],
                absent=absent,
                absent_others=absent_others,
            )
        )
    return out


def _in_corpus(index: Index, terms: list[str]) -> bool:
    """Whether any of the terms is indexed in some paragraph."""
    return any(index.paragraph_bm25.holds(t) for t in terms)


def _nominal(word: str) -> bool:
    """A noun, or a word in Latin letters (app, GDP): what a question names, not how it asks."""
    return (word.isascii() and word.isalpha()) or is_noun(word)


def _share(weight: npt.NDArray[np.float64], inside: npt.NDArray[np.float64]) -> list[float]:
    """The weighted share of the words in each text (1 for each when there are no words)."""
    total = float(weight.sum())
    return (weight @ inside / total).tolist() if total > 0 else [1.0] * inside.shape[1]


def _typed(q: Question, text: str) -> float:
    """The answer type asked for in the labelled text (see `has_answer_type`); a count must also
    be of what was asked: 常住人口有多少 is not answered by 重点项目共79个."""
    typed = has_answer_type(q, text)
    if typed > 0 and q.counted:
        sentence = text.partition("\n")[2]
        if not any(c in sentence for w in q.counted for c in w):
            return -1.0
    return typed


def _share_of_parts(q: Question, n_terms: int) -> npt.NDArray[np.float64]:
    """A matrix that takes the terms' presence to each word's: the mean of its parts'."""
    out = np.zeros((len(q.parts), n_terms))
    for row, part in enumerate(q.parts):
        for t in part:
            out[row, t] += 1 / len(part)
    return out


def _in(word: str, alike: list[str], texts: Sequence[str]) -> list[float]:
    """For each text, 1 when the word or a synonym of it is in it, else half its characters'."""
    return [
        1.0
        if word in text or (alike and any(a in text for a in alike))
        else _share_of_chars(word, text) / 2
        for text in texts
    ]


def _share_of_chars(chars: str, text: str) -> float:
    """The share of the characters in the text (1 when there are none)."""
    return sum(map(text.__contains__, chars)) / len(chars) if chars else 1.0


def _numbers_missing(index: Index, q: Question, sentence: int, text: str) -> float:
    """1 when a number the question gives is neither in the sentence nor in its paragraph.

    Years count from the article's date: 去年 asked of a 2020 article is 2019, and a paragraph
    saying 去年 there speaks of 2019. One that names other years but not the asked one does not
    answer.
    """
    if not q.years and (not q.numbers or all(n in text for n in q.numbers)):
        return 0.0
    paragraph = int(index.para_of[sentence])
    start, end = int(index.para_start[paragraph]), int(index.para_start[paragraph + 1])
    own = "".join(index.sentences.texts[i] for i in range(start, end))
    around = text + own
    article = index.sentences.articles[int(index.sentences.article[sentence])]
    year = article_year(article.date)
    # Years that deny an answer are read in the paragraph, not the title: an article called
    # 今年… may tell of 去年. A year word the title itself holds (《今年…》 asked) is there.
    named = {int(y) for y in _YEARS_NAMED.findall(own)}
    if year is not None:
        named |= {year + offset for word, offset in YEAR_OFFSETS.items() if word in own}
    for number in q.numbers:
        if number not in around and not (number.isdigit() and int(number) in named):
            return 1.0
    if not q.years or year is None or not named or any(w in around for w in q.years):
        return 0.0
    return 0.0 if named & {year + YEAR_OFFSETS[w] for w in q.years} else 1.0


def probability(f: Features) -> float:
    """The chance that the candidate answers the question, from the fitted coefficients."""
    model = _model("semantic" if f.semantic is not None else "lexical") or _model("lexical")
    assert model is not None
    intercept, coef = model
    z = intercept
    for name, c in coef.items():
        value = getattr(f, name)
        if value is not None:
            z += c * value
    p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return min(p, TYPE_MISSING_CAP) if f.type_missing else p


@cache
def _model(name: str) -> tuple[float, dict[str, float]] | None:
    """Intercept and one coefficient per feature name."""
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    entry = data.get(name)
    if entry is None:
        return None
    return float(entry["intercept"]), {k: float(v) for k, v in entry["coef"].items()}
