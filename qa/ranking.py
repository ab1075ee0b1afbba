"""Choosing answer sentences: the sentences of the best paragraphs, scored by paragraph BM25,
overlap with the question and answer type; confidence: the paragraph's share of the question."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
import numpy.typing as npt

from .asking import YEAR_OFFSETS, article_year
from .bm25 import select_top
from .decision import Features, features, probability, read_question
from .index import Index
from .normalize import normalize, normalize_many
from .rarity import rarity

__all__ = ["SEMANTIC", "Dense", "Ranked", "RankingParams", "answer_type", "rank"]

FloatArray = npt.NDArray[np.float64]

_TYPE_CUES = {
    "number": re.compile(
        r"多少|(?<!哪)几|多大|多长|多高|多远|多重|多久|多快|多深|多宽|百分之|比例|数量"
    ),
    "date": re.compile(
        r"何时|什么时候|哪天|哪一天|哪年|哪一年|几月|几号|几日|日期|时间|年份|多少年"
    ),
}
_QUESTION_WORDS = re.compile(
    r"什么样|什么时候|为什么|什么|哪些|哪里|哪儿|(?:多少|哪一?|几)[个位名项条家种座所件次]?"
    r"|怎么样|怎么|怎样|如何|是否|谁|吗|呢"
)
_RELATIVE_YEAR = re.compile("|".join(YEAR_OFFSETS))
_UNITS = re.compile(r"[a-z0-9]+|[^\W_a-z0-9]")
_LATIN = re.compile(r"[a-z0-9]")
_SKIPPED = re.compile(r"[\W_]+")  # what lies between _UNITS' units
_TYPE_ANSWERS = {
    "number": re.compile(r"\d|[一二两三四五六七八九十百千万亿]+[个项处家名人次元米岁倍万亿%]"),
    "date": re.compile(
        r"\d+年|\d+月|\d+日|[一二三四五六七八九十]+月|[一二三四五六七八九十]+日|世纪"
    ),
}


@dataclass(frozen=True)
class RankingParams:
    """How candidates are gathered and how much each signal counts (tuned on CMRC trial and seed).

    `paragraphs`, `sentences` and `max_candidates` are counts (best paragraphs read, best
    sentences added from anywhere, candidates kept); the other fields weigh the signals.
    """

    paragraphs: int = 5
    sentences: int = 0  # measured: the best paragraphs already hold the answer (trial)
    max_candidates: int = 300
    overlap: float = 1.0
    characters: float = 0.3
    answer_type: float = 0.4
    paragraph: float = 0.5
    rerank: int = 10  # the best this many are re-ranked with the words they hold
    # Measured on trial: hit@1 0.701 → 0.782 with both (DRCD dev 0.833 → 0.845).
    sentence_words: float = 1.0
    sentence_distinct: float = 1.0
    sentence_type: float = 0.6  # the answer type asked for, again, against the words' weight
    sentence_focus: float = 0.0  # share of the asked-for thing's characters in the sentence


# With the cosine in the score (the semantic extra), measured on DRCD dev and CMRC trial:
# hit@1 0.862 → 0.868 and 0.824 → 0.827 (the lexical ranker keeps the defaults above).
SEMANTIC = RankingParams(paragraph=1.0, overlap=1.3, sentence_distinct=1.5, sentence_focus=0.3)


# The decision's semantic lift (below) is scaled to span about 0 to 1, as its other features do.
LIFT_SCALE = 10.0


@dataclass(frozen=True)
class Ranked:
    """A candidate sentence and its final score and confidence."""

    sentence_id: int
    score: float
    confidence: float
    features: Features | None = None
    semantic: float | None = None  # cosine with the question, when a Dense scorer ranked


class Dense(Protocol):
    """A question's similarity to sentences (qa.semantic.DenseQuery), added to the score."""

    @property
    def weight(self) -> float:
        """Points added to a score per unit of similarity."""
        ...

    def candidates(self) -> npt.NDArray[np.int32]:
        """Sentences worth ranking whatever words they share with the question."""
        ...

    def similarity(self, sentences: npt.NDArray[np.int32]) -> FloatArray:
        """Similarity (-1 to 1) of the question with each sentence."""
        ...


def answer_type(question: str) -> str | None:
    """Return the answer type a question asks for ("date", "number"), if any."""
    for kind in ("date", "number"):
        if _TYPE_CUES[kind].search(question):
            return kind
    return None


def rank(
    index: Index,
    question: str,
    terms: list[str],
    k: int,
    w: RankingParams = RankingParams(),
    synonyms: Mapping[str, tuple[str, ...]] | None = None,
    dense: Dense | None = None,
) -> list[Ranked]:
    """Rank sentences for a question's terms and return the k best, best first.

    `synonyms` maps a question term to other terms searched with it (from synonyms.txt). With
    `dense`, its nearest sentences join BM25's candidates and every candidate gains
    ``dense.weight × similarity``.
    """
    if not terms or k <= 0:
        return []
    extra = [a for alts in (synonyms or {}).values() for a in alts]
    query = terms + extra
    para_docs, para_scores = index.paragraph_bm25.candidates(query)
    if len(para_docs) == 0 and dense is None:
        return []
    cands = _candidates(index, query, w, para_docs, para_scores)
    if dense is not None:
        cands = np.union1d(cands, dense.candidates()).astype(np.int32)
    para = _unit(_lookup(para_docs, para_scores, index.para_of[cands]))
    seen = " ".join([question, *extra])  # equivalents count in the overlap as the asker's words
    raw = index.sentences.texts.many(cands)
    texts, labels = _normalized(index, cands, raw)
    score = w.paragraph * para + _overlap(index, seen, cands, texts, w)
    if w.answer_type:
        score += w.answer_type * _typed(raw, answer_type(question))
    if dense is not None:
        score += dense.weight * dense.similarity(cands)
    ids, scores = select_top(cands, score.astype(np.float32), max(k, w.rerank))
    asked = read_question(question, terms, synonyms)
    normalized = dict(zip(cands.tolist(), texts, strict=True))
    article_of = index.sentences.article
    labelled = [f"{labels[int(article_of[i])]}\n{normalized[i]}" for i in ids.tolist()]
    feats = features(index, asked, ids, scores, _second(score), labelled)
    if dense is not None:
        sims = dense.similarity(ids)
        lifts = _lifts(sims, w.rerank).tolist()
        feats = [
            replace(f, semantic=s, lift=d)
            for f, s, d in zip(feats, sims.tolist(), lifts, strict=True)
        ]
    # The question's words (weighed by rarity) in the sentence read with its article's title
    # and byline: what the character overlap misses when a title names the topic.
    words = np.array([f.sentence for f in feats], dtype=np.float32)
    distinct = np.array([f.distinct for f in feats], dtype=np.float32)
    typed = np.array([f.typed for f in feats], dtype=np.float32)
    final = scores + w.sentence_words * words + w.sentence_distinct * distinct
    final += w.sentence_type * typed
    if w.sentence_focus:
        final += w.sentence_focus * np.array([f.focus for f in feats], dtype=np.float32)
    order = np.argsort(-final, kind="stable")[:k]
    return [
        Ranked(int(ids[i]), float(final[i]), probability(feats[i]), feats[i], feats[i].semantic)
        for i in order
    ]


def _normalized(
    index: Index, cands: npt.NDArray[np.int32], raw: list[str]
) -> tuple[list[str], dict[int, str]]:
    """The candidates' texts (`raw`) and their articles' titles and bylines, normalised at once."""
    table = index.sentences
    articles = list(dict.fromkeys(table.article[cands].tolist()))
    labels = [f"{table.articles[a].title} {table.articles[a].byline or ''}" for a in articles]
    done = normalize_many(raw + labels)
    return done[: len(cands)], dict(zip(articles, done[len(cands) :], strict=True))


def _lifts(sims: FloatArray, pool: int) -> FloatArray:
    """Each cosine's lead over the mean of the others among the best `pool`, times ten.

    An answer stands out; when the answer is missing, the best sentence is on the topic as
    the others are (DRCD's on-topic split: a median lead of 0.008, against 0.036 for right
    answers). Times ten puts it on the scale of the other features, which the fit's penalty
    treats alike: unscaled, it was penalised down to almost nothing.
    """
    best = sims[:pool]
    if len(best) < 2:
        return np.zeros(len(sims))
    inside = np.arange(len(sims)) < len(best)
    others = (best.sum() - np.where(inside, sims, 0.0)) / (len(best) - inside)
    return np.asarray(LIFT_SCALE * (sims - others), dtype=np.float64)


def _second(score: FloatArray) -> float:
    """The second best score among candidates (0 when there is one)."""
    if len(score) < 2:
        return 0.0
    return float(np.partition(score, len(score) - 2)[len(score) - 2])


def _candidates(
    index: Index,
    terms: list[str],
    w: RankingParams,
    para_docs: npt.NDArray[np.int32],
    para_scores: npt.NDArray[np.float32],
) -> npt.NDArray[np.int32]:
    """Every sentence of the best paragraphs (the best-matching max_candidates of them).

    With `w.sentences` above 0 the best sentences wherever they are join them; it is 0 (off).
    """
    top_paras, _ = select_top(para_docs, para_scores, w.paragraphs)
    spans = [np.arange(*_bounds(index, int(p)), dtype=np.int32) for p in top_paras]
    cands = np.concatenate(spans) if spans else np.empty(0, np.int32)
    if len(cands) > w.max_candidates:
        # Paragraphs can be huge (a .jsonl article without line breaks is one): keep the
        # sentences that match best on their own, so a question's cost stays bounded.
        docs, scores = index.sentence_bm25.candidates(terms)
        best, _ = select_top(
            cands, _lookup(docs, scores, cands).astype(np.float32), w.max_candidates
        )
        cands = best
    if w.sentences:
        top_sents, _ = index.sentence_bm25.top(terms, w.sentences)
        cands = np.union1d(cands, top_sents)
    return cands.astype(np.int32)


def _lookup(
    docs: npt.NDArray[np.int32], scores: npt.NDArray[np.float32], wanted: npt.NDArray[np.int32]
) -> FloatArray:
    """Scores of wanted documents from sorted (docs, scores); 0 where absent."""
    if len(docs) == 0:
        return np.zeros(len(wanted))
    pos = np.minimum(np.searchsorted(docs, wanted), len(docs) - 1)
    return np.where(docs[pos] == wanted, scores[pos], 0.0).astype(np.float64)


def _overlap(
    index: Index,
    question: str,
    cands: npt.NDArray[np.int32],
    texts: list[str],
    w: RankingParams,
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
    return w.overlap * _share(present, idf, slice(0, len(bigrams))) + w.characters * _share(
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


def _bounds(index: Index, paragraph: int) -> tuple[int, int]:
    return int(index.para_start[paragraph]), int(index.para_start[paragraph + 1])


def _units(text: str) -> list[str]:
    return _UNITS.findall(normalize(text))


def _bigrams(units: list[str]) -> list[str]:
    return list(dict.fromkeys(a + b for a, b in zip(units, units[1:], strict=False)))


def _typed(texts: list[str], kind: str | None) -> FloatArray:
    if kind is None:
        return np.zeros(len(texts))
    pattern = _TYPE_ANSWERS[kind]
    return np.array([1.0 if pattern.search(t) else 0.0 for t in texts])


def _unit(x: FloatArray) -> FloatArray:
    top = float(x.max()) if len(x) else 0.0
    return x / top if top > 0 else x.astype(np.float64)


def _confidence(index: Index, terms: list[str], sentences: npt.NDArray[np.int32]) -> FloatArray:
    """Share of the question's information (rarity-weighted words) in each answer's paragraph.

    Rarity is taken from Chinese at large, not from the corpus: a rare word the corpus lacks
    (迪士尼) means the question is about something else, while a common one (修, 钱, 东西) is
    likely the user's own wording of something the corpus says differently.
    """
    unique = list(dict.fromkeys(terms))
    weight = np.array([rarity(t) for t in unique])
    total = weight.sum()
    if total <= 0 or len(sentences) == 0:
        return np.zeros(len(sentences))
    paras = index.para_of[sentences]
    bm25 = index.paragraph_bm25
    present = np.array([bm25.contains(t, paras) for t in unique], dtype=np.float64)
    return np.asarray((weight @ present) / total, dtype=np.float64)
