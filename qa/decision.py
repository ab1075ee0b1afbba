"""Deciding whether a sentence holds what was asked: features and a small logistic model."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .index import Index
from .normalize import normalize
from .rarity import known_rarity, median_rarity

__all__ = ["MODEL", "Features", "Question", "features", "probability", "read_question"]

# Coefficients fitted by bench/fit_decision.py on DRCD dev and CMRC trial.
MODEL = Path(__file__).parent / "decision.json"

# Asking words: what stands next to them is the thing asked for (电话 in 办事处的电话是多少).
_ASKING = re.compile(
    r"什么样|什么时候|为什么|为甚么|什么|甚么|哪些|哪里|哪儿|哪|多少|几|怎么样|怎么|怎样|如何|是否|谁"
    r"|何时|何地|何处|何人|何种|何"
)
# A question word that qualifies the noun after it (多少个工作人员, 哪个村, 什么项目).
_MODIFIER = re.compile(
    r"(?:多少|几|哪|什么|甚么|何)一?[个位名项条家种座所件次篇处年月天些国场类部本位岁]?"
)
_MEASURES = set("个位名项条家种座所件次篇处只张份")
# Words about the article itself (who wrote it, which one reports …): they frame the question
# like 什么 does and are not in the text; the byline and title carry the answer.
_ABOUT_ARTICLE = frozenset(
    [
        "文章",
        "报道",
        "新闻",
        "稿件",
        "作者",
        "记者",
        "写",
        "写的",
        "撰写",
        "撰稿",
        "发表",
        "刊登",
        "刊发",
        "篇",
        "这篇",
        "那篇",
    ]
)
_LINKS = re.compile(r"[是有在为叫]+$")
_CLAUSE = re.compile(r"[,.?!;:，。？！；：、\s]")
_NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千万亿]")
_DATE = re.compile(r"\d+年|\d+月|\d+日|[一二三四五六七八九十]+月|世纪|年代")
_CUES = {
    1.0: re.compile(r"多少|(?<!哪)几|多大|多长|多高|多远|多重|多久|百分之|比例"),
    2.0: re.compile(r"何时|什么时候|哪天|哪一天|哪年|哪一年|几月|几号|几日|年份"),
}
FOCUS_CHARS = 4


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
    semantic: float | None = None  # cosine of question and sentence, when the extra is installed


@dataclass(frozen=True)
class Question:
    """What the decision needs from a question, worked out once per question."""

    words: tuple[str, ...]  # the informative words, without parts of longer ones
    parts: tuple[tuple[int, ...], ...]  # for each word, its parts among the terms
    terms: tuple[str, ...]  # every distinct term, synonyms' terms included
    synonyms: tuple[tuple[int, ...], ...]  # for each word, its synonyms among the terms
    focus: tuple[str, ...]  # the words naming what is asked for
    kind: float  # 0 none, 1 a number, 2 a date


def read_question(
    question: str, terms: list[str], synonyms: Mapping[str, tuple[str, ...]] | None = None
) -> Question:
    """Find a question's main words, what it asks for and the answer type it wants."""
    own = tuple(dict.fromkeys(terms))
    glued = {t for t in own if len(t) > 2 and t[0] in _MEASURES and t[1:] in own}
    kept = [
        t for t in own if t not in glued and t not in _ABOUT_ARTICLE and not _MODIFIER.fullmatch(t)
    ]
    words = tuple(t for t in kept if not any(t != o and t in o for o in kept))
    synonyms = synonyms or {}
    unique = tuple(dict.fromkeys([*own, *(a for alts in synonyms.values() for a in alts)]))
    parts = tuple(tuple(i for i, t in enumerate(own) if t in w) for w in words)
    alike = tuple(
        tuple(unique.index(a) for t in own if t in w for a in synonyms.get(t, ())) for w in words
    )
    text = normalize(question)
    kind = next((k for k, cue in _CUES.items() if cue.search(text)), 0.0)
    return Question(words, parts, unique, alike, _focus(text, words), kind)


def _focus(text: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """The words for the thing asked: after 多少/哪个/什么, else just before the question word."""
    asked = _ASKING.search(text)
    if asked is None:
        clause = _CLAUSE.split(text.rstrip("吗呢吧?？ "))[-1]
        return _words_in(clause[-FOCUS_CHARS:], words)
    modifier = _MODIFIER.match(text, asked.start())
    if modifier is not None:
        after = _CLAUSE.split(text[modifier.end() :])[0][:FOCUS_CHARS]
        found = _words_in(after, words)
        if found:
            return found
    before = _LINKS.sub("", _CLAUSE.split(text[: asked.start()])[-1])
    before = before.rsplit("的", 1)[-1]
    found = _words_in(before[-FOCUS_CHARS:], words)
    if found:
        return found
    after = _CLAUSE.split(text[asked.end() :])[0]
    return _words_in(after[:FOCUS_CHARS], words)


def _words_in(span: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """Words that overlap a span of the question."""
    if not span:
        return ()
    return tuple(w for w in words if w in span or any(c in span for c in w))


def features(
    index: Index,
    q: Question,
    sentences: npt.NDArray[np.int32],
    scores: npt.NDArray[np.float32],
    best_other: float,
) -> list[Features]:
    """Features of each candidate answer sentence."""
    if not q.words or len(sentences) == 0:
        return [Features(0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0) for _ in sentences]
    bm25 = index.paragraph_bm25
    paras = index.para_of[sentences]
    held = np.array([bm25.contains(t, paras) for t in q.terms], dtype=np.float64)
    present = np.array([held[list(p)].mean(axis=0) for p in q.parts])
    for row, (word, alike) in enumerate(zip(q.words, q.synonyms, strict=True)):
        present[row] = np.maximum(present[row], held[q.terms.index(word)])
        if alike:  # a word is there when a synonym of it is
            present[row] = np.maximum(present[row], held[list(alike)].max(axis=0))
    weight = np.array([_weight(index, w) for w in q.words])
    total = weight.sum()
    focus_rows = [q.words.index(w) for w in q.focus]
    texts = [normalize(_labelled(index, int(sid))) for sid in sentences]
    pairs = zip(q.words, q.synonyms, strict=True)
    inside = np.array([[_in(w, alike, q.terms, t) for t in texts] for w, alike in pairs])
    # What every candidate holds (郑港 on a page about 郑港) tells them apart least.
    held_by = (inside >= 1).sum(axis=1)
    n = len(texts)
    spread = weight * np.log(1 + (n - held_by + 0.5) / (held_by + 0.5))
    # Every measure for all candidates at once: a few array operations, not a few per candidate.
    coverage = (weight @ present / total).tolist()
    sentence = (weight @ inside / total).tolist()
    spread_total = float(spread.sum())
    distinct = (spread @ inside / spread_total).tolist() if spread_total > 0 else [0.0] * n
    focus_par = present[focus_rows].mean(axis=0).tolist() if focus_rows else [1.0] * n
    missing = ((weight[:, None] * (present < 0.5)).max(axis=0) / median_rarity()).tolist()
    top = float(scores.max())
    out = []
    for j, (text, score) in enumerate(zip(texts, scores.tolist(), strict=True)):
        out.append(
            Features(
                coverage=coverage[j],
                sentence=sentence[j],
                focus=_focus_share(q.focus, text),
                focus_paragraph=focus_par[j],
                typed=_typed(q.kind, text),
                missing=missing[j],
                margin=score - (best_other if j == 0 else top),
                score=score,
                distinct=distinct[j],
            )
        )
    return out


def _labelled(index: Index, sentence: int) -> str:
    """The sentence after its article's title and byline: a question may name either."""
    article = index.sentences.articles[int(index.sentences.article[sentence])]
    return f"{article.title} {article.byline or ''}\n{index.sentences.texts[sentence]}"


def _weight(index: Index, word: str) -> float:
    """A word's rarity in Chinese; a word the table lacks weighs by its rarity in the corpus.

    An unknown word the corpus has often (郑港 on a page about 郑港) is its topic and says little
    about which paragraph answers; one the corpus lacks means the question is about something else.
    """
    known = known_rarity(word)
    if known is None and len(word) > 1 and word[-1] in "了着过":  # 减了: a verb and its particle
        known = known_rarity(word[:-1])
    if known is not None:
        return known
    bm25 = index.paragraph_bm25
    t = bm25.vocab.get(word)
    median = median_rarity()
    if t is None:
        return median
    df = int(bm25.indptr[t + 1] - bm25.indptr[t])
    return min(median, 2.0 * math.log((bm25.n_docs + 1) / (df + 0.5)) + 1.0)


def _in(word: str, alike: tuple[int, ...], terms: tuple[str, ...], text: str) -> float:
    """1 when the word or a synonym of it is in the text, else half its share of characters."""
    if word in text or any(terms[i] in text for i in alike):
        return 1.0
    return _chars(word, text)


def _chars(word: str, text: str) -> float:
    return sum(c in text for c in word) / len(word) / 2


def _focus_share(focus: tuple[str, ...], text: str) -> float:
    chars = {c for w in focus for c in w}
    return sum(c in text for c in chars) / len(chars) if chars else 1.0


def _typed(kind: float, text: str) -> float:
    if kind == 0:
        return 0.0
    pattern = _DATE if kind == 2 else _NUMBER
    return 1.0 if pattern.search(text) else -1.0


def probability(f: Features) -> float:
    """The chance that the candidate answers the question, from the fitted coefficients."""
    model = _model("semantic" if f.semantic is not None else "lexical") or _model("lexical")
    assert model is not None
    intercept, coef = model
    values = ((c, getattr(f, name)) for name, c in coef.items())
    z = intercept + sum(c * v for c, v in values if v is not None)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def _model(name: str) -> tuple[float, dict[str, float]] | None:
    """Intercept and one coefficient per feature name."""
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    entry = data.get(name)
    if entry is None:
        return None
    return float(entry["intercept"]), {k: float(v) for k, v in entry["coef"].items()}
