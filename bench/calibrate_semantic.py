"""Tune and calibrate the semantic extra: its weight, and a no-answer rule over (confidence, cos).

Usage:
    nice python bench/calibrate_semantic.py [--shared ../shared] [--vectors /tmp/qa-semantic]
                                            [--weights 0,20,30,40] [--nearest 0,10,20] [--dev]

1. CMRC trial: hit@1 / hit@5 for each weight × nearest (the dense side's own candidates).
2. Per question, the best sentence's lexical confidence and cosine, at the shipped weight, on
   the DRCD on-topic split (../shared/data/drcd/README.md, use 2: even-position paragraphs kept;
   questions on removed ones must be declined) and on CMRC trial asked of the bundled corpus
   (off-topic: all must be declined). A logistic model over [confidence, cos] is fitted on them,
   its threshold set so 95% of the answerable questions are answered, and the declined shares
   printed beside today's rule (confidence ≥ 0.35) and the shipped blend (qa.semantic.BLEND).
3. --dev: CMRC dev hit@1 with and without the semantic side (report only; never tune on it).

The shipped no-answer decision is fitted by bench/fit_decision.py --set semantic (a logistic
model over the lexical features and the cosine); the two-feature blend here is the first,
provisional rule, kept for comparison.

Vectors (sentences and questions) are cached under --vectors, keyed by text, so re-runs embed
nothing. Tune on CMRC trial and DRCD dev only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jieba
import numpy as np
import numpy.typing as npt

from qa import Retriever, Settings
from qa.corpus import Article, Corpus, Paragraph, make_article
from qa.evaluate import EvalQuestion, load_questions, load_squad
from qa.ranking import Ranked, rank
from qa.semantic import NEAREST, WEIGHT, DenseQuery, Embedder, Semantic
from qa.vectors import VectorCache, sentence_vectors

BLEND = (8.9, 49.7, -48.6)  # the provisional rule: logistic(a·confidence + b·cos + c)


def blend(confidence: float, cosine: float) -> float:
    """Confidence (0-1) from the lexical confidence and the answer's cosine, for the floor."""
    a, b, c = BLEND
    return float(1.0 / (1.0 + np.exp(-(a * confidence + b * cosine + c))))


FLOOR = 0.35
ROWS = Path("/tmp/qa-semantic")  # set from --vectors
# The project's question sets on the bundled page: reported beside, never fitted on.
PAGE_SETS = ("seed", "paraphrase_questions", "heldout_questions", "unseen_questions")


@dataclass(frozen=True)
class Row:
    """One question's best sentence: lexical confidence, cosine, and whether it was right."""

    confidence: float
    cos: float
    right: bool


class QueryVectors:
    """Question vectors kept in one .npz file, keyed by text."""

    def __init__(self, path: Path, embedder: Embedder) -> None:
        self.path, self.embedder = path, embedder
        self.saved: dict[str, npt.NDArray[np.float32]] = {}
        if path.is_file():
            with np.load(path) as data:
                self.saved = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    def get(self, questions: list[str]) -> list[npt.NDArray[np.float32]]:
        keys = [hashlib.blake2b(q.encode(), digest_size=8).hexdigest() for q in questions]
        todo = [q for q, k in zip(questions, keys, strict=True) if k not in self.saved]
        if todo:
            for q in todo:
                k = hashlib.blake2b(q.encode(), digest_size=8).hexdigest()
                self.saved[k] = self.embedder.query(q)
            np.savez(
                self.path,
                keys=np.array(list(self.saved)),
                vectors=np.stack(list(self.saved.values())),
            )
        return [self.saved[k] for k in keys]


def _page_file(shared: Path, name: str) -> Path:
    if name == "seed":
        return shared / "eval" / "seed_questions.jsonl"
    return Path(__file__).parent / f"{name}.jsonl"


def drcd_on_topic(path: Path) -> tuple[Corpus, list[EvalQuestion]]:
    """DRCD dev with only even-position paragraphs; questions on removed ones have no answer."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    articles: list[Article] = []
    questions: list[EvalQuestion] = []
    for doc in data:
        kept = [p["context"] for i, p in enumerate(doc["paragraphs"]) if i % 2 == 0]
        for i, para in enumerate(doc["paragraphs"]):
            if i % 2 == 0:
                articles.append(
                    make_article(para["id"], doc["title"], [Paragraph(para["context"])], {})
                )
            for qa in para["qas"]:
                texts = tuple(dict.fromkeys(a["text"] for a in qa["answers"]))
                if i % 2 == 0:
                    found = tuple(t for t in texts if t in para["context"])
                    questions.append(EvalQuestion(qa["question"], found, "answerable", para["id"]))
                elif not any(t in k for t in texts for k in kept):
                    questions.append(EvalQuestion(qa["question"], (), "unanswerable"))
    return Corpus(path, tuple(articles)), questions


def retriever_for(corpus: Corpus, vectors: Path, embedder: Embedder) -> Retriever:
    """A lexical retriever with the semantic side attached from the vector cache."""
    settings = Settings(_env_file=None, use_cache=False, semantic="off", min_confidence=0.0)
    r = Retriever.from_corpus(corpus, settings)
    digest = hashlib.sha1(str(corpus.path.resolve()).encode()).hexdigest()[:12]
    cache = VectorCache(vectors / f"sentences-{digest}.npz")
    t = time.perf_counter()
    matrix, embedded = sentence_vectors(r.index, embedder, cache)
    if embedded:
        print(f"  embedded {embedded} sentences in {time.perf_counter() - t:.0f} s")
    r.semantic = Semantic(embedder, matrix.astype(np.float32))
    return r


def ranked(
    r: Retriever, q: str, qv: npt.NDArray[np.float32] | None, weight: float, nearest: int, k: int
) -> list[Ranked]:
    """The retriever's ranking, with the dense side at this weight (None: lexical only)."""
    assert r.semantic is not None
    dense = DenseQuery(r.semantic.vectors, qv, weight, nearest) if qv is not None else None
    text = q.strip()[: r.settings.max_question_chars]
    return rank(r.index, text, r.tokenizer(text), k, r.params, dense=dense)


def is_right(r: Retriever, q: EvalQuestion, sentence_id: int) -> bool:
    s = r.index.sentences[sentence_id]
    article = r.corpus.articles[s.article].id
    return (q.article is None or article == q.article) and any(e in s.text for e in q.expect_any)


def hits(
    r: Retriever,
    qs: list[EvalQuestion],
    qvs: list[npt.NDArray[np.float32]] | None,
    w: float,
    n: int,
) -> tuple[float, float]:
    """hit@1 and hit@5 over answerable questions."""
    h1 = h5 = 0
    for i, q in enumerate(qs):
        top = ranked(r, q.q, qvs[i] if qvs is not None else None, w, n, 5)
        right = [is_right(r, q, x.sentence_id) for x in top]
        h1 += bool(right[:1] and right[0])
        h5 += any(right)
    return h1 / len(qs), h5 / len(qs)


def rows(r: Retriever, qs: list[EvalQuestion], qvs: list[npt.NDArray[np.float32]]) -> list[Row]:
    """The best sentence of each question at the shipped weight (cached by the file below)."""
    key = hashlib.sha1(f"{WEIGHT}{NEAREST}{r.corpus.path}{[q.q for q in qs]}".encode())
    path = ROWS / f"rows-{key.hexdigest()[:12]}.json"
    if path.is_file():
        return [Row(*x) for x in json.loads(path.read_text(encoding="utf-8"))]
    out = []
    for q, qv in zip(qs, qvs, strict=True):
        top = ranked(r, q.q, qv, WEIGHT, NEAREST, 1)
        if not top:
            out.append(Row(0.0, 0.0, False))
            continue
        best = top[0]
        out.append(Row(best.confidence, best.semantic or 0.0, is_right(r, q, best.sentence_id)))
    path.write_text(json.dumps([[x.confidence, x.cos, x.right] for x in out]), encoding="utf-8")
    return out


def fit_logistic(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Logistic regression (with intercept) by Newton's method, a little L2 for stability."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + 1e-3 * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + 1e-3 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def summary(name: str, accept: Callable[[Row], bool], sets: dict[str, list[Row]]) -> str:
    def share(rs: list[Row], right: bool = False) -> float:
        return float(np.mean([accept(r) and (r.right or not right) for r in rs]))

    ans, page = sets["answerable"], sets["page answerable"]
    return (
        f"| {name} | {share(ans):.3f} | {share(ans, True):.3f} "
        f"| {1 - share(sets['on-topic']):.3f} | {1 - share(sets['off-topic']):.3f} "
        f"| {share(page, True):.3f} | {1 - share(sets['page unanswerable']):.3f} |"
    )


def calibrate(
    answerable: list[Row],
    on_topic: list[Row],
    off_topic: list[Row],
    page: list[Row],
    page_none: list[Row],
) -> None:
    def feats(rs: list[Row]) -> npt.NDArray[np.float64]:
        return np.array([[x.confidence, x.cos] for x in rs])

    x = np.vstack([feats(answerable), feats(on_topic), feats(off_topic)])
    y = np.r_[np.ones(len(answerable)), np.zeros(len(on_topic) + len(off_topic))]
    w = fit_logistic(x, y)
    z = feats(answerable) @ w[:2] + w[2]
    cut = float(np.quantile(z, 0.05))  # 95% of answerable questions answered
    shifted = (w[0], w[1], w[2] - cut + math.log(FLOOR / (1 - FLOOR)))
    print(f"logistic over [confidence, cos]: {w[0]:.2f}·conf + {w[1]:.2f}·cos + {w[2]:.2f}")
    print(
        f"  at 95% answered, as BLEND for the {FLOOR} floor: "
        f"({shifted[0]:.1f}, {shifted[1]:.1f}, {shifted[2]:.1f})"
    )
    for share in (0.95, 0.97, 0.98, 0.99):
        c = float(np.quantile(z, 1 - share))
        declined = float(np.mean(feats(on_topic) @ w[:2] + w[2] < c))
        right = np.mean([x.confidence * w[0] + x.cos * w[1] + w[2] >= c and x.right for x in page])
        c_floor = w[2] - c + math.log(FLOOR / (1 - FLOOR))
        print(
            f"  {share:.0%} answered: on-topic declined {declined:.3f}, "
            f"page right at 1 {right:.3f}, BLEND c = {c_floor:.1f}"
        )
    rules: dict[str, Callable[[Row], bool]] = {
        f"confidence ≥ {FLOOR} (today)": lambda r: r.confidence >= FLOOR,
        "cos alone, 95% answered": _quantile_rule(answerable, lambda r: r.cos),
        "confidence alone, 95% answered": _quantile_rule(answerable, lambda r: r.confidence),
        "fitted logistic, 95% answered": lambda r: (
            r.confidence * w[0] + r.cos * w[1] + w[2] >= cut
        ),
        f"shipped BLEND {BLEND}": lambda r: blend(r.confidence, r.cos) >= FLOOR,
    }
    sets = {
        "answerable": answerable,
        "on-topic": on_topic,
        "off-topic": off_topic,
        "page answerable": page,
        "page unanswerable": page_none,
    }
    print(
        "| rule | DRCD answerable answered | … and right | DRCD on-topic declined "
        "| off-topic declined | page: right at 1 | page: unanswerable declined |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, accept in rules.items():
        print(summary(name, accept, sets))


def _quantile_rule(answerable: list[Row], f: Callable[[Row], float]) -> Callable[[Row], bool]:
    cut = float(np.quantile([f(r) for r in answerable], 0.05))
    return lambda r: f(r) >= cut


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[1] / ".." / "shared")
    parser.add_argument("--vectors", type=Path, default=Path("/tmp/qa-semantic"))
    parser.add_argument("--weights", default="0,20,30,40")
    parser.add_argument("--nearest", default="0,10,20")
    parser.add_argument("--skip-tune", action="store_true")
    parser.add_argument(
        "--dev", action="store_true", help="also report CMRC dev (never tune on it)"
    )
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    args.vectors.mkdir(parents=True, exist_ok=True)
    global ROWS
    ROWS = args.vectors
    embedder = Embedder()
    queries = QueryVectors(args.vectors / "questions.npz", embedder)
    cmrc = args.shared / "data" / "cmrc2018"
    trial_corpus, trial = load_squad(cmrc / "cmrc2018_trial.json")
    trial = [q for q in trial if q.q.strip() and q.expect_any]
    print(f"CMRC trial: {len(trial)} questions")
    r = retriever_for(trial_corpus, args.vectors, embedder)
    trial_vectors = queries.get([q.q for q in trial])
    if not args.skip_tune:
        print("| weight | nearest | hit@1 | hit@5 |\n|---|---|---|---|")
        print("| lexical | – | {:.3f} | {:.3f} |".format(*hits(r, trial, None, 0, 0)))
        for w in (float(v) for v in args.weights.split(",")):
            for n in (int(v) for v in args.nearest.split(",")):
                print(
                    f"| {w:g} | {n} | "
                    + "{:.3f} | {:.3f} |".format(*hits(r, trial, trial_vectors, w, n))
                )
    drcd_corpus, drcd = drcd_on_topic(args.shared / "data" / "drcd" / "DRCD_dev.json")
    print(f"DRCD on-topic: {len(drcd_corpus.articles)} paragraphs, {len(drcd)} questions")
    rd = retriever_for(drcd_corpus, args.vectors, embedder)
    drcd_vectors = queries.get([q.q for q in drcd])
    drcd_rows = rows(rd, drcd, drcd_vectors)
    answerable = [x for x, q in zip(drcd_rows, drcd, strict=True) if q.expect_any]
    on_topic = [x for x, q in zip(drcd_rows, drcd, strict=True) if not q.expect_any]
    print(f"DRCD on-topic hit@1 (semantic): {np.mean([x.right for x in answerable]):.3f}")
    bundled = Retriever.from_settings(Settings(_env_file=None, use_cache=False, semantic="off"))
    rb = retriever_for(bundled.corpus, args.vectors, embedder)
    off_topic = rows(rb, trial, trial_vectors)
    page_qs = [q for f in PAGE_SETS for q in load_questions(_page_file(args.shared, f))]
    page_rows = rows(rb, page_qs, queries.get([q.q for q in page_qs]))
    page = [x for x, q in zip(page_rows, page_qs, strict=True) if q.expect_any]
    page_none = [x for x, q in zip(page_rows, page_qs, strict=True) if not q.expect_any]
    print(f"page sets (reported, not fitted): {len(page)} answerable, {len(page_none)} not")
    calibrate(answerable, on_topic, off_topic, page, page_none)
    if args.dev:
        dev_corpus, dev = load_squad(cmrc / "cmrc2018_dev.json")
        dev = [q for q in dev if q.q.strip() and q.expect_any]
        rdev = retriever_for(dev_corpus, args.vectors, embedder)
        dev_vectors = queries.get([q.q for q in dev])
        print("CMRC dev lexical hit@1/hit@5: {:.3f} / {:.3f}".format(*hits(rdev, dev, None, 0, 0)))
        print(
            "CMRC dev semantic hit@1/hit@5: {:.3f} / {:.3f}".format(
                *hits(rdev, dev, dev_vectors, WEIGHT, NEAREST)
            )
        )


if __name__ == "__main__":
    main()
