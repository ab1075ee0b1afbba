"""Health checks of a deployment: settings, corpus, index and a trial question, offline."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from .chunking import sentence_spans
from .errors import QAError
from .retriever import Retriever
from .semantic import INSTALL_HINT, MODEL
from .settings import Settings

__all__ = ["Check", "check_lines", "run_checks"]


@dataclass(frozen=True)
class Check:
    """One check: what was checked, whether it passed, and what was found."""

    name: str
    ok: bool
    detail: str


def run_checks(settings: Settings) -> tuple[list[Check], Retriever | None]:
    """Check the corpus, build or load its index and answer one question from it."""
    checks = [Check("settings", True, _describe(settings))]
    started = time.perf_counter()
    try:
        retriever = Retriever.from_settings(settings)
    except QAError as e:
        return [*checks, Check("corpus", False, str(e))], None
    seconds = time.perf_counter() - started
    corpus = retriever.corpus
    n = retriever.sentence_count
    userdict = f", user dictionary {corpus.userdict}" if corpus.userdict else ""
    checks.append(
        Check("corpus", True, f"{corpus.path}: {len(corpus.articles)} articles{userdict}")
    )
    checks.append(Check("index", True, f"{n} sentences, ready in {seconds:.2f} s"))
    checks.append(_cache_check(settings, retriever))
    checks.append(_semantic_check(settings, retriever))
    checks.append(_trial_question(retriever))
    return checks, retriever


def check_lines(
    checks: list[Check], mark: Callable[[str, bool], str] = lambda text, ok: text
) -> list[str]:
    """Return one line per check: ok or FAIL (styled by mark), its name and what was found."""
    return [f"{mark('ok  ' if c.ok else 'FAIL', c.ok)} {c.name}: {c.detail}" for c in checks]


def _describe(settings: Settings) -> str:
    return (
        f"corpus {settings.corpus_path()}, tokenizer {settings.tokenizer}, "
        f"top_k {settings.top_k}, min_confidence {settings.min_confidence}, "
        f"semantic {settings.semantic}"
    )


def _cache_check(settings: Settings, retriever: Retriever) -> Check:
    if not settings.use_cache:
        return Check("cache", True, "off (QA_USE_CACHE=false): the index is built at every start")
    path = retriever.cache_file
    if path is not None and path.is_file():
        return Check("cache", True, f"{path} ({path.stat().st_size / 1e6:.1f} MB)")
    return Check("cache", False, f"index could not be saved in {settings.cache_path()}")


def _semantic_check(settings: Settings, retriever: Retriever) -> Check:
    if retriever.semantic is not None:
        n = len(retriever.semantic.vectors)
        return Check("semantic", True, f"on: {MODEL}, {n} sentence vectors")
    if settings.semantic == "off":
        return Check("semantic", True, "off (QA_SEMANTIC=off): lexical ranking only")
    return Check("semantic", True, f"not installed: lexical ranking only ({INSTALL_HINT})")


def _trial_question(retriever: Retriever) -> Check:
    """Ask the first article's first sentence back: the retriever must find it."""
    first = retriever.corpus.articles[0]
    text = next((p.text for p in first.paragraphs if p.text.strip()), first.title)
    start, end = next(iter(sentence_spans(text)), (0, len(text)))
    sentence = text[start:end]
    started = time.perf_counter()
    result = retriever.ask(sentence[:60], 1)
    ms = (time.perf_counter() - started) * 1000
    if result.answers and result.answers[0].article.id == retriever.corpus.articles[0].id:
        return Check("question", True, f"a sentence of the corpus finds its article ({ms:.1f} ms)")
    return Check("question", False, f"asking for {sentence[:30]!r} did not find its article")
