"""The BM25 engines bench/speed.py puts side by side with ours, on the same sentence tokens.

Each engine gets the tokens our index already holds, in the form it takes: ours term ids,
rank_bm25 and bm25s lists of strings, tantivy the strings joined by spaces (split back on
white space only). Each answers a question's tokens with its top 10 sentence ids.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

ENGINES = ("ours", "bm25s", "bm25s-numba", "tantivy")
MODULES = {
    "ours": (),
    "bm25s": ("bm25s",),
    "bm25s-numba": ("bm25s", "numba"),
    "tantivy": ("tantivy",),
}
TOP_K = 10
TANTIVY_THREADS = 1  # one indexing thread, like every other engine here
TANTIVY_HEAP = 256_000_000  # big enough for 100k sentences in one segment


class Engine(Protocol):
    def top(self, query: list[str], k: int) -> tuple[list[int], list[float]]:
        """The k best sentence ids and their scores, best first."""
        ...


def rss_mb() -> float:
    """This process's resident set size, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def sentence_docs(index: Any) -> list[list[str]]:
    """Each sentence's tokens as strings (the strings are shared with the index's terms)."""
    terms, ids, off = index.tokens.vocab.terms, index.tokens.ids, index.tokens.offsets
    words = [terms[int(i)] for i in ids]
    return [words[int(off[i]) : int(off[i + 1])] for i in range(len(off) - 1)]


# ----------------------------------------------------------------------------- engines


class Ours:
    """qa.bm25.BM25 rebuilt from the index's term ids, as build_index builds it."""

    def __init__(self, index: Any) -> None:
        from qa.bm25 import BM25

        tokens = index.tokens
        n = len(tokens.offsets) - 1
        doc = np.repeat(np.arange(n, dtype=np.int32), np.diff(tokens.offsets))
        self.bm25 = BM25.from_term_ids(tokens.vocab.ids, tokens.ids, doc, n)

    def top(self, query: list[str], k: int) -> tuple[list[int], list[float]]:
        docs, scores = self.bm25.top(query, k)
        return docs.tolist(), scores.tolist()

    def score(self, query: list[str], doc: int) -> float | None:
        """Our score of one sentence for the question (None: it holds no question token)."""
        docs, scores = self.bm25.candidates(query)
        hit = np.flatnonzero(docs == doc)
        return float(scores[hit[0]]) if len(hit) else None


class Bm25s:
    """bm25s with BM25Okapi's parameters: Robertson's idf (negative idf clipped to 0) and tf.

    Its default backend is numpy, whose scoring loops over postings in Python. The numba
    backend compiles those loops (once per process, in `prepare`); it is built with scipy's
    sparse matrices, as its docs advise with numba (bm25s's numba index builder is compiled
    per index, and its warm-up crashed here).
    """

    def __init__(self, docs: list[list[str]], numba: bool = False) -> None:
        import bm25s

        backend = {"backend": "numba", "csc_backend": "scipy"} if numba else {}
        self.bm25 = bm25s.BM25(k1=1.5, b=0.75, method="robertson", **backend)
        self.bm25.index(docs, show_progress=False)

    def top(self, query: list[str], k: int) -> tuple[list[int], list[float]]:
        found = self.bm25.retrieve([query], k=k, show_progress=False, n_threads=0)
        return found.documents[0].tolist(), found.scores[0].tolist()


class Tantivy:
    """tantivy in memory: one text field split on white space only, no lower-casing or length cap.

    A question is its tokens as term queries OR-ed (a repeated token counts twice, as in
    rank_bm25); ids come back through a fast field. tantivy's BM25 is fixed at k1 = 1.2,
    b = 0.75, with Lucene's idf and document lengths rounded to one byte.
    """

    def __init__(self, docs: list[list[str]]) -> None:
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", tokenizer_name="ws", index_option="freq")
        builder.add_integer_field("sid", fast=True)
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)
        analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        self.index.register_tokenizer("ws", analyzer)
        writer = self.index.writer(heap_size=TANTIVY_HEAP, num_threads=TANTIVY_THREADS)
        for i, words in enumerate(docs):
            writer.add_document(tantivy.Document(body=" ".join(words), sid=i))
        writer.commit()
        writer.wait_merging_threads()
        del writer
        self.index.reload()
        self.searcher = self.index.searcher()
        self.segments = int(self.searcher.num_segments)

    def top(self, query: list[str], k: int) -> tuple[list[int], list[float]]:
        t = self.tantivy
        should = t.Occur.Should
        terms = [(should, t.Query.term_query(self.schema, "body", w, "freq")) for w in query]
        hits = self.searcher.search(t.Query.boolean_query(terms), k, count=False).hits
        ids = self.searcher.fast_field_values("sid", [a for _, a in hits]) if hits else []
        return ids, [s for s, _ in hits]


def build(name: str, index: Any, docs: list[list[str]]) -> Engine:
    """The named engine over the index's sentence tokens."""
    if name == "ours":
        return Ours(index)
    if name.startswith("bm25s"):
        return Bm25s(docs, numba=name == "bm25s-numba")
    if name == "tantivy":
        return Tantivy(docs)
    raise ValueError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")


# ----------------------------------------------------------------------------- measuring


def latencies(top: Callable[[list[str], int], object], queries: list[list[str]]) -> list[float]:
    """Milliseconds per question, in a loop of its own, after one warm-up question."""
    top(queries[0], TOP_K)
    out: list[float] = []
    for q in queries:
        t = time.perf_counter()
        top(q, TOP_K)
        out.append((time.perf_counter() - t) * 1e3)
    return out


def summary(prefix: str, ms: list[float]) -> dict[str, float]:
    return {
        f"{prefix}_p50_ms": pct(ms, 50),
        f"{prefix}_p99_ms": pct(ms, 99),
        f"{prefix}_mean_ms": statistics.fmean(ms),
    }


def agreement(engine: Engine, ours: Ours, queries: list[list[str]]) -> dict[str, int]:
    """How often the engine's top-1 is ours: the same id, or another id that ties in our scores."""
    counts = {"same": 0, "tie": 0, "none": 0, "other": 0}
    for q in queries:
        mine, my_scores = ours.top(q, TOP_K)
        theirs, their_scores = engine.top(q, TOP_K)
        found = bool(theirs) and their_scores[0] > 0
        if not mine or not found:
            counts["none" if not mine and not found else "other"] += 1
        elif theirs[0] == mine[0]:
            counts["same"] += 1
        else:
            tied = ours.score(q, theirs[0]) == my_scores[0]
            counts["tie" if tied else "other"] += 1
    return counts


def prepare(name: str, index: Any) -> None:
    """Import the engine's modules (and compile numba's code once, on a small index): what
    they cost whatever the corpus is not counted in the engine's build time or memory."""
    for module in MODULES[name]:
        __import__(module)
    if name == "bm25s-numba":
        docs = sentence_docs(index)[:100]
        build(name, index, docs).top(docs[0], TOP_K)


def measure(name: str, index: Any, queries: list[list[str]]) -> dict[str, Any]:
    """Build one engine over the index's tokens; time it and ours on the same questions."""
    prepare(name, index)
    docs = sentence_docs(index)
    gc.collect()
    rss0 = rss_mb()
    t = time.perf_counter()
    engine = build(name, index, docs)
    build_s = time.perf_counter() - t
    gc.collect()
    result: dict[str, Any] = {"build_s": build_s, "mem_mb": rss_mb() - rss0}
    result.update(summary("query", latencies(engine.top, queries)))
    if not isinstance(engine, Ours):
        ours = Ours(index)
        result.update(summary("ours", latencies(ours.top, queries)))
        result.update({f"top1_{k}": v for k, v in agreement(engine, ours, queries).items()})
    result["queries"] = len(queries)
    if isinstance(engine, Tantivy):
        result["segments"] = engine.segments
    result["spaced_tokens"] = sum(any(c.isspace() for c in t) for t in index.tokens.vocab.terms)
    return {f"{name}_{k}": v for k, v in result.items()}


# ----------------------------------------------------------------------------- table

LABELS = {
    "ours": "ours (`qa.bm25`)",
    "rank_bm25": "rank_bm25 `BM25Okapi`",
    "bm25s": "bm25s, method robertson, numpy backend",
    "bm25s-numba": "bm25s, method robertson, numba backend",
    "tantivy": "tantivy, whitespace tokenizer",
}


def _keys(name: str) -> dict[str, str]:
    """Where an engine's figures are in a size's results (rank_bm25's come from phase ref)."""
    if name == "rank_bm25":
        q = {f"q{p}": f"ref_{p}_ms" for p in ("p50", "p99", "mean")}
        ours = {f"ours_{p}": f"ref_ours_alone_{p}_ms" for p in ("p50", "p99", "mean")}
        top1 = {"same": "top1_agree", "none": "top1_nomatch_both", "tie": "top1_ties"}
        top1 |= {"other": "top1_other", "rounding": "top1_rounding"}
        return {"build": "ref_build_s", "mem": "ref_mem_mb", **q, **ours, **top1}
    q = {f"q{p}": f"{name}_query_{p}_ms" for p in ("p50", "p99", "mean")}
    ours = {f"ours_{p}": f"{name}_ours_{p}_ms" for p in ("p50", "p99", "mean")}
    top1 = {t: f"{name}_top1_{t}" for t in ("same", "none", "tie", "other")}
    return {"build": f"{name}_build_s", "mem": f"{name}_mem_mb", **q, **ours, **top1}


def _cell(value: float | None, base: float | bool | None, spec: str) -> str:
    if value is None:
        return "–"
    if not base or base <= 0:
        return format(value, spec)
    ratio = value / base
    return f"{value:{spec}} ({ratio:.0f}×)" if ratio >= 10 else f"{value:{spec}} ({ratio:.1f}×)"


def _top1(k: dict[str, str], r: dict[str, Any]) -> str:
    """Same top-1 (or no match in either) / another sentence tied in our scores / another."""
    if r.get(k["same"]) is None:
        return "–"
    same = r[k["same"]] + r.get(k["none"], 0)
    other = r.get(k["other"], 0) + r.get(k.get("rounding", ""), 0)
    return f"{same} / {r.get(k['tie'], 0)} / {other}"


def _row(name: str, size: str, r: dict[str, Any]) -> str:
    k = _keys(name)
    get = r.get
    ours = name != "ours"  # ratios to ours on the other engines' rows only
    cells = [
        _cell(get(k["build"]), ours and get("ours_build_s"), ".2f"),
        _cell(get(k["mem"]), ours and get("ours_mem_mb"), ".0f"),
    ]
    for p in ("p50", "p99", "mean"):
        cells.append(_cell(get(k[f"q{p}"]), ours and get(k[f"ours_{p}"]), ".3f"))
    cells.append(_top1(k, r) if ours else "–")
    name_cell = LABELS[name]
    if name == "rank_bm25":
        name_cell += f" (first {get('ref_queries')} questions)"
    return f"| {size} | {name_cell} | " + " | ".join(cells) + " |"


def table(results: dict[int, dict[str, Any]], label: Callable[[int], str]) -> str:
    """Each engine against ours at each size measured; ratios to ours in brackets."""
    head = (
        "| sentences | engine (same tokens, top-10) | build, s | memory, MB | query p50, ms "
        "| query p99, ms | query mean, ms | top-1 vs ours: same / tied / differs |"
    )
    lines = [head, "|---|---|---|---|---|---|---|---|"]
    for size in sorted(results):
        r = results[size]
        for name in ("ours", "rank_bm25", *ENGINES[1:]):
            if r.get(_keys(name)["build"]) is not None:
                lines.append(_row(name, label(size), r))
    return "\n".join(lines) if len(lines) > 2 else ""
