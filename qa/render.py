"""What the command line prints: answers and results as text or JSON, evaluation reports, and
question-log statistics (also sent by the bot's /stats)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .answer import Answer, AskResult
from .evaluate import EvalReport
from .questionlog import LogStats

if TYPE_CHECKING:
    from .gaps import ReaderWord

__all__ = [
    "NO_ANSWER",
    "NEAREST",
    "NO_ANSWER_HINT",
    "answer_text",
    "batch_footer",
    "batch_text",
    "report_text",
    "result_json",
    "result_text",
    "stats_text",
]

NO_ANSWER = "没有找到相关内容"
NO_ANSWER_HINT = "换个说法或用文中的词再问一次，或用 `qa articles` 看看有哪些文章。"
NEAREST = "没有找到确切的答案。最接近的一句（不一定回答了问题）："

Style = Callable[[str], str]
BATCH_QUESTION_SHOWN = 80  # characters of a question shown over its result in a batch


def _plain(text: str) -> str:
    return text


def answer_text(answer: Answer, emphasis: Style = _plain) -> str:
    """Return the sentence (matched words emphasised), its source line and its score."""
    score = f"score {answer.score:.2f} · confidence {answer.confidence:.2f}"
    return "\n".join([answer.highlighted(emphasis), answer.article.source_line(), score])


def result_text(result: AskResult, emphasis: Style = _plain, hint: bool = True) -> str:
    """Return every answer, numbered when there are several, or the no-answer message."""
    if not result.answers and result.nearest is not None:
        return f"{NEAREST}\n{answer_text(result.nearest, emphasis)}"
    if not result.answers:
        return f"{NO_ANSWER}\n{NO_ANSWER_HINT}" if hint else NO_ANSWER
    if len(result.answers) == 1:
        return answer_text(result.answers[0], emphasis)
    blocks = []
    for n, answer in enumerate(result.answers, start=1):
        text = answer_text(answer, emphasis).replace("\n", "\n   ")
        blocks.append(f"{n}. {text}")
    return "\n\n".join(blocks)


def batch_text(result: AskResult, emphasis: Style = _plain, heading: Style = _plain) -> str:
    """One result of `qa ask -`, under its question (shortened); a blank input line says so."""
    if not result.question:  # kept so results follow the input's order
        return heading("问：（空行）")
    shown = result.question.strip()
    if len(shown) > BATCH_QUESTION_SHOWN:  # a pasted page is not echoed back whole
        shown = shown[:BATCH_QUESTION_SHOWN] + "…"
    # The hint to reword is said once, after the batch (batch_footer), not under each question.
    return f"{heading('问：' + shown)}\n{result_text(result, emphasis, hint=False)}"


def batch_footer(asked: int, unanswered: int) -> str:
    """The line after a batch: how many questions found an answer, and the hint if some did not."""
    found = f"{asked - unanswered} / {asked} 个问题找到了答案。"
    return f"{found}{NO_ANSWER_HINT}" if unanswered else found


def result_json(result: AskResult) -> dict[str, Any]:
    """Return the result as the documented JSON object."""
    nearest = result.nearest
    return {
        "question": result.question,
        "answers": [_answer_json(a) for a in result.answers],
        "nearest": _answer_json(nearest) if nearest is not None else None,
    }


def _answer_json(a: Answer) -> dict[str, Any]:
    article = asdict(a.article)
    return {
        "sentence": a.sentence,
        "score": a.score,
        "confidence": a.confidence,
        "article": {k: article[k] for k in ("id", "title", "byline", "date", "url")},
        "context": a.context,
        "matched": list(a.matched),
    }


def stats_text(
    stats: LogStats,
    answerable: frozenset[str] = frozenset(),
    words: tuple[ReaderWord, ...] = (),
) -> str:
    """Return the question log summary: per day, share answered, marked wrong, unanswered
    (those in `answerable` marked as answered now), the readers' `words` no article has."""
    if not stats.asked:
        return "还没有记录到提问。 No questions logged yet."
    lines = [
        f"提问 {stats.asked} 个，已回答 {stats.answered_share:.0%}；"
        f"延迟 p50 {stats.latency_p50_ms:.0f} ms，p95 {stats.latency_p95_ms:.0f} ms",
        "",
        "每天 per day (asked / answered):",
    ]
    for d in stats.days:
        wrong = f"  👎 {d.wrong}" if d.wrong else ""
        lines.append(f"  {d.day}  {d.asked} / {d.answered}{wrong}")
    if stats.marked_wrong:
        lines += ["", "被标为答错的 marked wrong (👎 / 👍):"]
        for w in stats.marked_wrong:
            lines.append(f"  {w.down}/{w.up} {w.question} → {w.answer} [{w.article_id}]")
    if stats.top_unanswered:
        lines += ["", "没答上的问题 most frequent unanswered:"]
        for q, n in stats.top_unanswered:
            done = " ✓ 现在能回答了 answered now" if q in answerable else ""
            lines.append(f"  unanswered: {q} ({n}×){done}")
    if words:
        lines += [
            "",
            "读者用了、文章里没有的词 words readers used that no article has",
            "（/synonym 或 qa synonym 写进 synonyms.txt · map one:"
            f" {words[0].word} => 文章里的说法）:",
        ]
        lines += [f"  {w.word} ({w.questions}×) 如 e.g. {_clip(w.example)}" for w in words]
    return "\n".join(lines)


def _clip(text: str, size: int = 40) -> str:
    """One line of at most `size` characters, "…" marking a cut."""
    line = " ".join(text.split())
    return line if len(line) <= size else line[: size - 1] + "…"


def report_text(report: EvalReport, show_misses: bool = True) -> str:
    """Return the evaluation figures as a small table, then the misses."""
    lines = [f"{'kind':<16}{'n':>5}{'hit@1':>8}{'hit@5':>8}{'MRR@10':>8}{'none ok':>9}"]
    for k in (*report.kinds, report.total):
        if k.none_right is not None:
            lines.append(f"{k.kind:<16}{k.count:>5}{'':>24}{k.none_right:>9.3f}")
        else:
            lines.append(f"{k.kind:<16}{k.count:>5}{k.hit1:>8.3f}{k.hit5:>8.3f}{k.mrr10:>8.3f}")
    lines.append(f"median query time {report.median_ms:.2f} ms")
    if show_misses and report.misses:
        lines.append("misses:")
        for m in report.misses:
            want = " / ".join(m.expected) or "(no answer)"
            lines.append(f"  [{m.kind}] {m.q}  want: {want}  got: {m.got or '(no answer)'}")
    return "\n".join(lines)
