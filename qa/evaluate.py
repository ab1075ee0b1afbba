"""Scoring the retriever on question sets: our JSONL format and SQuAD-style JSON (CMRC 2018)."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .answer import AskResult
from .corpus import Article, Corpus, Paragraph, make_article
from .errors import QuestionError, QuestionFileError

__all__ = [
    "EvalQuestion",
    "EvalReport",
    "KindScore",
    "evaluate",
    "load_questions",
    "load_squad",
    "load_squad_split",
]


@dataclass(frozen=True)
class EvalQuestion:
    """A question, the strings a right answer contains, and its kind."""

    q: str
    expect_any: tuple[str, ...]
    kind: str = "question"
    article: str | None = None  # for SQuAD: the answer must come from this article


@dataclass(frozen=True)
class Miss:
    """A question answered wrongly, with what was given instead."""

    q: str
    kind: str
    expected: tuple[str, ...]
    got: str | None


@dataclass(frozen=True)
class KindScore:
    """Figures for one kind of question."""

    kind: str
    count: int
    hit1: float
    hit5: float
    mrr10: float
    none_right: float | None = None


@dataclass(frozen=True)
class EvalReport:
    """Figures over a whole question set, by kind, with the misses."""

    total: KindScore
    kinds: tuple[KindScore, ...]
    none_accuracy: float | None
    median_ms: float
    misses: tuple[Miss, ...] = field(default=())


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a question file: one {"q", "expect_any", "kind"} object a line."""
    out: list[EvalQuestion] = []
    text = path.read_text(encoding="utf-8-sig")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(_question(json.loads(line)))
        except ValueError as e:  # json.JSONDecodeError is one
            raise QuestionFileError(path, f"not a question object ({e})", number) from e
    return out


def _question(obj: Any) -> EvalQuestion:
    """One line's question, its fields checked: a wrong type would fail later, far from the line.

    `expect_any` may be one text instead of a list of them.
    """
    if not isinstance(obj, dict) or not isinstance(obj.get("q"), str):
        raise ValueError('"q" must be the question\'s text')
    expect = obj.get("expect_any", [])
    expect = [expect] if isinstance(expect, str) else expect
    if not isinstance(expect, list) or not all(isinstance(e, str) for e in expect):
        raise ValueError('"expect_any" must be a list of texts')
    kind = obj.get("kind", "question")
    if not isinstance(kind, str):
        raise ValueError('"kind" must be text')
    return EvalQuestion(obj["q"], tuple(expect), kind)


def load_squad(path: Path) -> tuple[Corpus, list[EvalQuestion]]:
    """Read SQuAD-style JSON: every context is an article, every question must find its own."""
    data = _squad_data(path)
    articles: list[Article] = []
    questions: list[EvalQuestion] = []
    for doc in data:
        for para in doc["paragraphs"]:
            aid = str(para.get("id") or f"p{len(articles)}")
            title = str(doc.get("title") or aid)
            articles.append(make_article(aid, title, [Paragraph(para["context"])], {}))
            for qa in para["qas"]:
                answers = tuple(
                    dict.fromkeys(a["text"] for a in qa["answers"] if a["text"] in para["context"])
                )
                questions.append(EvalQuestion(qa["question"], answers, "squad", aid))
    return Corpus(path, tuple(articles)), questions


def load_squad_split(path: Path) -> tuple[Corpus, list[EvalQuestion]]:
    """SQuAD-style JSON with every other paragraph of each article removed (DRCD's on-topic split).

    Questions on kept paragraphs must find their own; questions on removed ones must get no
    answer (their topic is still in the corpus, the answer is not), except those whose answer
    text is also in a kept paragraph of the same article, which are left out.
    """
    data = _squad_data(path)
    articles: list[Article] = []
    questions: list[EvalQuestion] = []
    for doc in data:
        title = str(doc.get("title") or "")
        paragraphs = doc["paragraphs"]
        kept = paragraphs[0::2]
        for para in kept:
            aid = str(para.get("id") or f"p{len(articles)}")
            articles.append(make_article(aid, title or aid, [Paragraph(para["context"])], {}))
        for position, para in enumerate(paragraphs):
            aid = str(para.get("id") or "")
            for qa in para["qas"]:
                texts = [a["text"] for a in qa["answers"] if a["text"] in para["context"]]
                if position % 2 == 0:
                    answers = tuple(dict.fromkeys(texts))
                    questions.append(EvalQuestion(qa["question"], answers, "on-topic", aid))
                elif not any(t in k["context"] for t in texts for k in kept):
                    questions.append(EvalQuestion(qa["question"], (), "none", aid))
    return Corpus(path, tuple(articles)), questions


def _rank_of(q: EvalQuestion, result: AskResult) -> int | None:
    for rank, answer in enumerate(result.answers, start=1):
        if q.article is not None and answer.article.id != q.article:
            continue
        if any(e in answer.sentence for e in q.expect_any):
            return rank
        # A question about an article (who wrote it, which one covers …) is answered by
        # the article shown with the sentence.
        about = (answer.article.title, answer.article.byline or "")
        if q.kind == "article" and any(e in t for e in q.expect_any for t in about):
            return rank
    return None


def evaluate(questions: Iterable[EvalQuestion], ask: Callable[[str], AskResult]) -> EvalReport:
    """Ask every question and score the answers (hit@1, hit@5, MRR@10, none accuracy)."""
    ranks: dict[str, list[int | None]] = {}
    nones: list[bool] = []
    misses: list[Miss] = []
    times: list[float] = []
    for q in questions:
        start = time.perf_counter()
        try:
            result = ask(q.q)
        except QuestionError:  # an empty question in the set counts as unanswered
            result = AskResult(q.q, (), ())
        times.append((time.perf_counter() - start) * 1000)
        got = result.answers[0].sentence if result.answers else None
        if not q.expect_any:
            nones.append(got is None)
            if got is not None:
                misses.append(Miss(q.q, q.kind, (), got))
            continue
        rank = _rank_of(q, result)
        ranks.setdefault(q.kind, []).append(rank)
        if rank != 1:
            misses.append(Miss(q.q, q.kind, q.expect_any, got))
    kinds = tuple(_score(kind, r) for kind, r in ranks.items())
    every = [r for rs in ranks.values() for r in rs]
    none_acc = sum(nones) / len(nones) if nones else None
    if nones:
        kinds += (KindScore("none", len(nones), 0.0, 0.0, 0.0, none_acc),)
    median = statistics.median(times) if times else 0.0
    return EvalReport(_score("all answerable", every), kinds, none_acc, median, tuple(misses))


def _score(kind: str, ranks: list[int | None]) -> KindScore:
    n = len(ranks) or 1
    hit1 = sum(r == 1 for r in ranks) / n
    hit5 = sum(r is not None and r <= 5 for r in ranks) / n
    mrr = sum(1 / r for r in ranks if r is not None and r <= 10) / n
    return KindScore(kind, len(ranks), hit1, hit5, mrr)


def _squad_data(path: Path) -> Any:
    """The "data" list of a SQuAD-style JSON file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))["data"]
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as e:
        raise QuestionFileError(path, f"not SQuAD-style JSON ({e})") from e
    _check_squad(path, data)
    return data


def _check_squad(path: Path, data: Any) -> None:
    """Name the first item of `data` that is not shaped as SQuAD's, before anything reads it."""

    def need(ok: bool, where: str, what: str) -> None:
        if not ok:
            raise QuestionFileError(path, f"not SQuAD-style JSON ({where} {what})")

    need(isinstance(data, list), '"data"', "must be a list")
    for i, doc in enumerate(data):
        need(
            isinstance(doc, dict) and isinstance(doc.get("paragraphs"), list),
            f"data[{i}]",
            'needs a list of "paragraphs"',
        )
        for j, para in enumerate(doc["paragraphs"]):
            at = f"data[{i}].paragraphs[{j}]"
            need(
                isinstance(para, dict) and isinstance(para.get("context"), str),
                at,
                'needs a "context" text',
            )
            need(isinstance(para.get("qas"), list), at, 'needs a list of "qas"')
            for k, qa in enumerate(para["qas"]):
                answers = qa.get("answers") if isinstance(qa, dict) else None
                need(
                    isinstance(qa, dict) and isinstance(qa.get("question"), str),
                    f"{at}.qas[{k}]",
                    'needs a "question" text',
                )
                need(
                    isinstance(answers, list)
                    and all(
                        isinstance(a, dict) and isinstance(a.get("text"), str) for a in answers
                    ),
                    f"{at}.qas[{k}]",
                    'needs a list of "answers", each with a "text"',
                )
