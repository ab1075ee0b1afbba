"""Answer quality, plain BM25 baseline against the project, in one run.

Usage:
    python bench/quality.py [--shared ../shared] [--splits seed,trial,dev]

The baseline is rank_bm25.BM25Okapi over jieba.lcut tokens of every sentence, the question
tokenized the same way, nothing removed. Sentences are the project's own, so both rank the
same units. Tune on seed and trial only; dev is for reporting.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path

import jieba
import numpy as np
from rank_bm25 import BM25Okapi

from qa import Retriever, Settings
from qa.answer import Answer, ArticleRef, AskResult
from qa.evaluate import EvalReport, evaluate, load_questions, load_squad


def baseline(retriever: Retriever) -> Callable[[str], AskResult]:
    """Return an ask function ranking the retriever's sentences with plain BM25Okapi."""
    sentences = retriever.index.sentences
    bm25 = BM25Okapi([jieba.lcut(s.text) for s in sentences])
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


def run_split(name: str, path: Path) -> list[tuple[str, str, EvalReport]]:
    """Evaluate baseline and project on one split."""
    if path.suffix == ".json":
        corpus, questions = load_squad(path)
        settings = Settings(_env_file=None, min_confidence=0.0, use_cache=False)
        retriever = Retriever.from_corpus(corpus, settings)
    else:
        questions = load_questions(path)
        settings = Settings(_env_file=None, use_cache=False)
        retriever = Retriever.from_settings(settings)
    rows = [("plain BM25", name, evaluate(questions, baseline(retriever)))]
    rows.append(("project", name, evaluate(questions, lambda q: retriever.ask(q, 10))))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[1] / ".." / "shared")
    parser.add_argument("--splits", default="seed,trial,dev")
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)
    files = {
        "seed": args.shared / "eval" / "seed_questions.jsonl",
        "trial": args.shared / "data" / "cmrc2018" / "cmrc2018_trial.json",
        "dev": args.shared / "data" / "cmrc2018" / "cmrc2018_dev.json",
    }
    print("| set | ranker | questions | hit@1 | hit@5 | MRR@10 | none right | median ms |")
    print("|---|---|---|---|---|---|---|---|")
    for name in args.splits.split(","):
        for ranker, split, r in run_split(name, files[name]):
            none = f"{r.none_accuracy:.2f}" if r.none_accuracy is not None else "–"
            print(
                f"| {split} | {ranker} | {r.total.count} | {r.total.hit1:.3f} | "
                f"{r.total.hit5:.3f} | {r.total.mrr10:.3f} | {none} | {r.median_ms:.2f} |"
            )
    print()
    declined = unrelated_declined(files["trial"])
    print(f"No-answer honesty: {declined:.1%} of the CMRC trial questions (none of them about")
    print("the bundled page) get no answer from the bundled corpus.")


def unrelated_declined(trial: Path) -> float:
    """Share of CMRC trial questions the bundled corpus declines to answer."""
    _, questions = load_squad(trial)
    retriever = Retriever.from_settings(Settings(_env_file=None, use_cache=False))
    asked = [q.q for q in questions if q.q.strip()]
    return sum(not retriever.ask(q).answered for q in asked) / len(asked)


if __name__ == "__main__":
    main()
