"""Choosing answer sentences: the sentences of the best paragraphs, scored by paragraph BM25,
overlap with the question and answer type; confidence: the paragraph's share of the question."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
import numpy.typing as npt

from .answer_types import coarse_type, coarse_typed
from .bm25 import select_top
from .decision import Features, features, probability, read_question
from .index import Index
from .normalize import normalize_mixed
from .overlap import overlap

__all__ = ["SEMANTIC", "Dense", "Ranked", "RankingParams", "rank"]

FloatArray = npt.NDArray[np.float64]


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
    if dense is None and not w.sentences:
        # Only the best paragraphs' sentences are read, and only their scores: BM25 finds
        # them without listing every paragraph a word is in (thousands at 1M sentences).
        best, scores = index.paragraph_bm25.top(query, w.paragraphs)
        order = np.argsort(best)
        para_docs, para_scores = best[order], scores[order]
    else:
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
    score = w.paragraph * para + overlap(index, seen, cands, texts, w.overlap, w.characters)
    if w.answer_type:
        score += w.answer_type * coarse_typed(raw, coarse_type(question))
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
    of = table.article[cands]
    articles = list(dict.fromkeys(of.tolist()))
    labels = [f"{table.articles[a].title} {table.articles[a].byline or ''}" for a in articles]
    traditional = index.traditional
    simplify = [*traditional[of].tolist(), *traditional[articles].tolist()]
    done = normalize_mixed(raw + labels, simplify)
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


def _bounds(index: Index, paragraph: int) -> tuple[int, int]:
    return int(index.para_start[paragraph]), int(index.para_start[paragraph + 1])


def _unit(x: FloatArray) -> FloatArray:
    top = float(x.max()) if len(x) else 0.0
    return x / top if top > 0 else x.astype(np.float64)
