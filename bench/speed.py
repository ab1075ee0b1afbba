"""Speed at scale: corpora of 10k, 100k and 1M sentences, against rank_bm25, bm25s and tantivy.

Usage:
    python bench/speed.py [--sizes 10k,100k,1M] [--shared ../shared] [--out bench/data]
                          [--queries N] [--ref-queries N] [--engines ours,bm25s,...]
                          [--table-only]

Each size is measured in fresh subprocesses (so peak RSS is that phase's own):
  build   parse the corpus JSONL, build_index cold, save it, tokenizing throughput
  serve   IndexStore.load, Retriever.from_corpus (cached index), query latency and throughput
  ref     rank_bm25.BM25Okapi on the same sentence tokens (10k and 100k only), top-1 agreement
  engine  ours, bm25s (numpy or numba backend) or tantivy, built from the same sentence tokens,
          top-10, with ours timed in the same process (10k and 100k; `pip install -e .[bench]`)
  update  one article changed and one added, Retriever.from_corpus over the stale saved index
Results are kept as bench/data/results-<size>.json; --table-only prints the table from them.
Corpora are built once and cached in --out (git-ignored).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import engines
import numpy as np
from engines import ENGINES, pct, rss_mb, sentence_docs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SENTENCES_PER_ARTICLE = 30
SENTENCES_PER_PARAGRAPH = 5
JIEBA_SAMPLE = 20_000
REF_SIZES = (10_000, 100_000)
ENGINE_SIZES = REF_SIZES
CLI_QUESTION = "停车位新增多少"
CLI_RUNS = 5
SEED = 20260427


# ----------------------------------------------------------------------------- helpers


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict[str, str]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "memory": mem,
        "python": platform.python_version(),
        "numpy": np.__version__,
    }


def parse_size(text: str) -> int:
    """10000, 10k or 1M as a number of sentences."""
    text = text.strip()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    number = text[:-1] if scale > 1 else text
    if not number.isdigit() or int(number) == 0:
        raise ValueError(f"not a size: {text!r} (like 10000, 10k or 1M)")
    return int(number) * scale


def available(names: str) -> list[str]:
    """The named engines that are installed; a note on stderr for the others."""
    import importlib.util

    out = []
    for name in (n.strip() for n in names.split(",") if n.strip()):
        if name not in ENGINES:
            known = ", ".join(ENGINES)
            raise SystemExit(f"speed.py: unknown engine {name!r} (choose from {known})")
        missing = [m for m in engines.MODULES[name] if importlib.util.find_spec(m) is None]
        if missing:
            print(
                f"speed.py: {name} needs {', '.join(missing)} ('.[bench]' extra); skipped",
                file=sys.stderr,
            )
            continue
        out.append(name)
    return out


def label(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k"


# ----------------------------------------------------------------------------- corpus


def _pool(shared: Path) -> list[str]:
    """Distinct real sentences from the CMRC contexts and the seed page, ready to extend."""
    from qa.chunking import MAX_SENTENCE_CHARS, split_sentences

    texts: list[str] = []
    for f in sorted((shared / "data" / "cmrc2018").glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        texts.extend(p["context"] for a in data["data"] for p in a["paragraphs"])
    for f in sorted((shared / "seed").glob("*.txt")):
        texts.extend(f.read_text(encoding="utf-8").split("\n"))
    pool: dict[str, None] = {}
    for text in texts:
        for s in split_sentences(text.strip()):
            s = s.strip().rstrip("。！？!?；;…")
            # Room for the suffix; one sentence in, one sentence out (no merge, no window).
            probe = f"{s}测试词1234。"
            if 8 <= len(s) <= MAX_SENTENCE_CHARS - 16 and split_sentences(probe) == [probe]:
                pool[s] = None
    return list(pool)


def _dictionary_words() -> list[str]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    cjk = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
    words = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            w = line.split(" ", 1)[0]
            if cjk.match(w):
                words.append(w)
    return words


def make_corpus(n: int, shared: Path, out: Path) -> Path:
    """Write (once) a corpus JSONL of n distinct sentences in articles and paragraphs."""
    path = out / f"corpus-{n}.jsonl"
    if path.is_file():
        return path
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED + n)
    pool = _pool(shared)
    words = _dictionary_words()
    seen: set[str] = set()
    sentences: list[str] = []
    while len(sentences) < n:
        s = f"{rng.choice(pool)}{rng.choice(words)}{rng.randrange(10_000)}。"
        if s not in seen:
            seen.add(s)
            sentences.append(s)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for a, start in enumerate(range(0, n, SENTENCES_PER_ARTICLE)):
            body = sentences[start : start + SENTENCES_PER_ARTICLE]
            paragraphs = [
                "".join(body[i : i + SENTENCES_PER_PARAGRAPH])
                for i in range(0, len(body), SENTENCES_PER_PARAGRAPH)
            ]
            title = f"{rng.choice(words)}{rng.choice(words)}报道第{a + 1}篇"
            line = {"id": f"a{a:07d}", "title": title, "text": "\n".join(paragraphs)}
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def questions(shared: Path, limit: int | None) -> list[str]:
    data = json.loads((shared / "data/cmrc2018/cmrc2018_trial.json").read_text(encoding="utf-8"))
    qs = [q["question"] for a in data["data"] for p in a["paragraphs"] for q in p["qas"]]
    qs = [q for q in qs if q.strip()]
    return qs[:limit] if limit else qs


def index_key(settings: Any, corpus: Any) -> str:
    """The saved index's settings key, as the store computes it."""
    from qa import store

    return str(store.index_key(settings, corpus))


def _settings(corpus_path: Path, cache: Path) -> Any:
    from qa.settings import Settings

    # The default install: the semantic extra has its own bench (bench/semantic_speed.py).
    return Settings(
        _env_file=None,
        corpus=corpus_path,
        cache_dir=cache,
        use_cache=True,
        tokenizer="rjieba",
        semantic="off",
    )


# ----------------------------------------------------------------------------- phases (children)


def phase_build(args: argparse.Namespace) -> dict[str, Any]:
    from qa.corpus import load_corpus
    from qa.index import build_index
    from qa.store import IndexStore
    from qa.tokenizer import Tokenizer

    path, cache = Path(args.corpus), Path(args.cache)
    settings = _settings(path, cache)
    t = time.perf_counter()
    corpus = load_corpus(path)
    parse_s = time.perf_counter() - t
    rss_corpus = rss_mb()
    tok = Tokenizer("rjieba", corpus.userdict)
    tok("预热")
    t = time.perf_counter()
    index = build_index(corpus, tok)
    build_s = time.perf_counter() - t
    build_peak = peak_rss_mb()
    rss_index = rss_mb()
    store = IndexStore(cache, index_key(settings, corpus))
    t = time.perf_counter()
    saved = store.save(index)
    save_s = time.perf_counter() - t
    n = len(index.sentences)
    texts = [index.sentences.texts[i] for i in range(n)]
    # Tokenizing alone, after the build (so it does not raise the build's peak above).
    t = time.perf_counter()
    tok.encode_many(texts)
    many_s = time.perf_counter() - t
    sample = random.Random(SEED).sample(texts, min(JIEBA_SAMPLE, n))
    t = time.perf_counter()
    for s in sample:
        tok(s)
    rj1_s = time.perf_counter() - t
    t = time.perf_counter()
    jb = Tokenizer("jieba", corpus.userdict)
    jieba_load_s = time.perf_counter() - t
    t = time.perf_counter()
    for s in sample:
        jb(s)
    jb_s = time.perf_counter() - t
    return {
        "sentences": n,
        "articles": len(corpus.articles),
        "paragraphs": int(len(index.para_start) - 1),
        "tokens": int(len(index.tokens.ids)),
        "terms": len(index.tokens.vocab),
        "corpus_mb": path.stat().st_size / 1e6,
        "parse_s": parse_s,
        "build_s": build_s,
        "save_s": save_s,
        "index_mb": saved.stat().st_size / 1e6,
        "index_file": str(saved),
        "build_peak_mb": build_peak,
        "rss_corpus_mb": rss_corpus,
        "rss_after_build_mb": rss_index,
        "tok_many_per_s": n / many_s,
        "tok_rjieba_1p_per_s": len(sample) / rj1_s,
        "tok_jieba_1p_per_s": len(sample) / jb_s,
        "jieba_load_s": jieba_load_s,
        "phase_peak_mb": peak_rss_mb(),
    }


def phase_serve(args: argparse.Namespace) -> dict[str, Any]:
    from qa.corpus import load_corpus
    from qa.retriever import Retriever
    from qa.store import IndexStore

    path, cache = Path(args.corpus), Path(args.cache)
    settings = _settings(path, cache)
    qs = questions(Path(args.shared), args.queries)
    t = time.perf_counter()
    corpus = load_corpus(path)
    parse_s = time.perf_counter() - t
    store = IndexStore(cache, index_key(settings, corpus))
    t = time.perf_counter()
    index = store.load(corpus)
    load_s = time.perf_counter() - t
    del index
    gc.collect()
    t = time.perf_counter()
    retriever = Retriever.from_corpus(corpus, settings)
    from_corpus_s = time.perf_counter() - t
    rss_loaded = rss_mb()
    retriever.ask("预热一下", 5)
    ask_ms: list[float] = []
    for q in qs:
        t = time.perf_counter()
        retriever.ask(q, 5)
        ask_ms.append((time.perf_counter() - t) * 1e3)
    sb = retriever.index.sentence_bm25
    toks = [retriever.tokenizer(q) for q in qs]
    top_ms: list[float] = []
    for qt in toks:
        t = time.perf_counter()
        sb.top(qt, 10)
        top_ms.append((time.perf_counter() - t) * 1e3)
    tok_ms: list[float] = []
    for q in qs:
        t = time.perf_counter()
        retriever.tokenizer(q)
        tok_ms.append((time.perf_counter() - t) * 1e3)
    t = time.perf_counter()
    for q in qs:
        retriever.ask(q, 5)
    batch_qps = len(qs) / (time.perf_counter() - t)
    return {
        "queries": len(qs),
        "serve_parse_s": parse_s,
        "load_s": load_s,
        "from_corpus_cached_s": from_corpus_s,
        "rss_loaded_mb": rss_loaded,
        "ask_p50_ms": pct(ask_ms, 50),
        "ask_p99_ms": pct(ask_ms, 99),
        "ask_max_ms": max(ask_ms),
        "top_p50_ms": pct(top_ms, 50),
        "top_p99_ms": pct(top_ms, 99),
        "top_mean_ms": statistics.fmean(top_ms),
        "qtok_p50_ms": pct(tok_ms, 50),
        "batch_qps": batch_qps,
        "serve_peak_mb": peak_rss_mb(),
    }


def phase_ref(args: argparse.Namespace) -> dict[str, Any]:
    from rank_bm25 import BM25Okapi

    from qa.corpus import load_corpus
    from qa.retriever import Retriever

    path, cache = Path(args.corpus), Path(args.cache)
    retriever = Retriever.from_corpus(load_corpus(path), _settings(path, cache))
    index = retriever.index
    docs = sentence_docs(index)
    gc.collect()
    rss0 = rss_mb()
    t = time.perf_counter()
    ref = BM25Okapi(docs)
    ref_build_s = time.perf_counter() - t
    ref_mem = rss_mb() - rss0
    sb = index.sentence_bm25
    qs = questions(Path(args.shared), args.ref_queries)
    ref_ms: list[float] = []
    ours_ms: list[float] = []
    agree = ties = rounding = nomatch = other = 0
    examples: list[str] = []
    for q in qs:
        qt = retriever.tokenizer(q)
        t = time.perf_counter()
        scores = ref.get_scores(qt)
        top = np.argsort(scores)[::-1][:10]
        ref_ms.append((time.perf_counter() - t) * 1e3)
        t = time.perf_counter()
        mine, _ = sb.top(qt, 10)
        ours_ms.append((time.perf_counter() - t) * 1e3)
        best = float(scores[top[0]])
        if len(mine) == 0:
            nomatch += best <= 0
            other += best > 0
            continue
        m = int(mine[0])
        if m == int(top[0]):
            agree += 1
        elif float(scores[m]) == best:
            ties += 1  # same score; rank_bm25's argsort picks the last index, we the lowest id
        elif abs(float(scores[m]) - best) <= 1e-5 * max(abs(best), 1.0):
            rounding += 1  # scores equal up to float32 rounding of our stored weights
        else:
            other += 1
            if len(examples) < 3:
                examples.append(f"{q}: ours {m} {scores[m]:.6f} vs ref {int(top[0])} {best:.6f}")
    # Ours again over the same questions in a loop of its own: interleaved with rank_bm25,
    # whose 100k-float arrays evict our postings from the CPU caches, it reads slower.
    qtoks = [retriever.tokenizer(q) for q in qs]
    alone_ms: list[float] = []
    for qt in qtoks:
        t = time.perf_counter()
        sb.top(qt, 10)
        alone_ms.append((time.perf_counter() - t) * 1e3)
    return {
        "ref_ours_alone_mean_ms": statistics.fmean(alone_ms),
        "ref_ours_alone_p50_ms": pct(alone_ms, 50),
        "ref_ours_alone_p99_ms": pct(alone_ms, 99),
        "speedup_alone_mean": statistics.fmean(ref_ms) / statistics.fmean(alone_ms),
        "speedup_alone_p50": pct(ref_ms, 50) / pct(alone_ms, 50),
        "ref_queries": len(qs),
        "ref_build_s": ref_build_s,
        "ref_mem_mb": ref_mem,
        "ref_p50_ms": pct(ref_ms, 50),
        "ref_p99_ms": pct(ref_ms, 99),
        "ref_mean_ms": statistics.fmean(ref_ms),
        "ref_ours_mean_ms": statistics.fmean(ours_ms),
        "ref_ours_p50_ms": pct(ours_ms, 50),
        "speedup_mean": statistics.fmean(ref_ms) / statistics.fmean(ours_ms),
        "speedup_p50": pct(ref_ms, 50) / pct(ours_ms, 50),
        "top1_agree": agree,
        "top1_ties": ties,
        "top1_rounding": rounding,
        "top1_nomatch_both": nomatch,
        "top1_other": other,
        "top1_examples": examples,
        "ref_peak_mb": peak_rss_mb(),
    }


def phase_engine(args: argparse.Namespace) -> dict[str, Any]:
    from qa.corpus import load_corpus
    from qa.retriever import Retriever

    path, cache = Path(args.corpus), Path(args.cache)
    retriever = Retriever.from_corpus(load_corpus(path), _settings(path, cache))
    toks = [retriever.tokenizer(q) for q in questions(Path(args.shared), args.queries)]
    result = engines.measure(args.engine, retriever.index, [t for t in toks if t])
    result[f"{args.engine}_empty_questions"] = sum(not t for t in toks)
    return result


def phase_update(args: argparse.Namespace) -> dict[str, Any]:
    import qa.tokenizer
    from qa.corpus import load_corpus
    from qa.retriever import Retriever
    from qa.store import IndexStore

    path = Path(args.corpus)
    work = Path(args.out) / f"update-{args.size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # The changed corpus: first article's first sentence edited, one new article at the end.
    lines = path.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["text"] = "本报讯 这一句是更新后新加的内容。" + first["text"]
    last = json.loads(lines[-1])
    new = {"id": "a-new", "title": "新增文章", "text": last["text"].replace("。", "，新增。", 1)}
    lines[0] = json.dumps(first, ensure_ascii=False)
    lines.append(json.dumps(new, ensure_ascii=False))
    changed = work / "corpus.jsonl"
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # The stale index, saved where the changed corpus's store looks for it.
    settings = _settings(changed, work / "cache")
    t = time.perf_counter()
    corpus = load_corpus(changed)
    parse_s = time.perf_counter() - t
    key = index_key(settings, corpus)
    stale = Path(args.index_file)
    target = IndexStore(work / "cache", key).path_for(corpus)
    target.parent.mkdir(parents=True)
    shutil.copyfile(stale, target)
    counted = {"texts": 0}
    encode_many = qa.tokenizer.Tokenizer.encode_many

    def counting(self: Any, texts: Any) -> Any:
        counted["texts"] += len(texts)
        return encode_many(self, texts)

    qa.tokenizer.Tokenizer.encode_many = counting  # type: ignore[method-assign]
    t = time.perf_counter()
    retriever = Retriever.from_corpus(corpus, settings)
    update_s = time.perf_counter() - t
    ok = (
        retriever.index.corpus.articles[-1].id == "a-new"
        and "更新后" in retriever.ask("更新后新加的内容", 1).answers[0].sentence
    )
    shutil.rmtree(work, ignore_errors=True)
    return {
        "update_parse_s": parse_s,
        "update_s": update_s,
        "update_tokenized": counted["texts"],
        "update_ok": ok,
        "update_peak_mb": peak_rss_mb(),
    }


PHASES = {
    "build": phase_build,
    "serve": phase_serve,
    "ref": phase_ref,
    "engine": phase_engine,
    "update": phase_update,
}


# ----------------------------------------------------------------------------- driver


def run_phase(
    phase: str, args: argparse.Namespace, size: int, extra: dict[str, str]
) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--size", str(size)]
    cmd += ["--shared", str(args.shared), "--out", str(args.out)]
    if args.queries:
        cmd += ["--queries", str(args.queries)]
    cmd += ["--ref-queries", str(args.ref_queries)]
    for k, v in extra.items():
        cmd += [f"--{k}", v]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"phase {phase} at {size} failed")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    name = f"{phase} {extra['engine']}" if "engine" in extra else phase
    print(f"  {name:<14} {time.perf_counter() - t:7.1f} s", file=sys.stderr, flush=True)
    return result


def measure_size(args: argparse.Namespace, size: int) -> dict[str, Any]:
    print(f"[{label(size)}] corpus", file=sys.stderr, flush=True)
    t = time.perf_counter()
    corpus = make_corpus(size, args.shared, args.out)
    result: dict[str, Any] = {"size": size, "corpus_make_s": time.perf_counter() - t}
    cache = args.out / f"cache-{size}"
    shutil.rmtree(cache, ignore_errors=True)  # cold: no previous index
    extra = {"corpus": str(corpus), "cache": str(cache)}
    result.update(run_phase("build", args, size, extra))
    result.update(run_phase("serve", args, size, extra))
    if size in REF_SIZES:
        result.update(run_phase("ref", args, size, extra))
    if size in ENGINE_SIZES:
        for name in args.engines:
            result.update(run_phase("engine", args, size, {**extra, "engine": name}))
    result.update(run_phase("update", args, size, {**extra, "index-file": result["index_file"]}))
    (args.out / f"results-{size}.json").write_text(json.dumps(result, indent=1))
    return result


def measure_cli(args: argparse.Namespace) -> dict[str, Any]:
    qa_bin = Path(sys.executable).parent / "qa"
    env = {**os.environ, "QA_CACHE_DIR": str((args.out / "cache-cli").resolve())}
    env.pop("QA_CORPUS", None)
    subprocess.run([qa_bin, "index"], env=env, check=True, capture_output=True, cwd=args.out)
    walls = []
    for _ in range(CLI_RUNS):
        t = time.perf_counter()
        subprocess.run(
            [qa_bin, "ask", CLI_QUESTION], env=env, check=True, capture_output=True, cwd=args.out
        )
        walls.append(time.perf_counter() - t)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - t
    result = {"cli_median_s": statistics.median(walls), "cli_runs": walls, "python_bare_s": bare}
    (args.out / "results-cli.json").write_text(json.dumps(result, indent=1))
    return result


def fmt(v: Any, spec: str) -> str:
    if v is None:
        return "–"
    if isinstance(v, float) and np.isnan(v):
        return "–"
    return format(v, spec)


def table(results: dict[int, dict[str, Any]], cli: dict[str, Any] | None) -> str:
    sizes = sorted(results)
    big = 1_000_000

    def row(
        name: str, key: str, spec: str, target: str = "", test: Any = None, at: int | None = None
    ) -> str:
        cells = []
        for s in sizes:
            v = results[s].get(key)
            cells.append(fmt(v, spec))
        verdict = ""
        if test is not None:
            where = at if at is not None else big
            v = results.get(where, {}).get(key)
            verdict = "–" if v is None else ("pass" if test(v) else "**FAIL**")
        return f"| {name} | " + " | ".join(cells) + f" | {target} | {verdict} |"

    head = "| measure | " + " | ".join(label(s) for s in sizes) + " | target | met |"
    lines = [head, "|" + "---|" * (len(sizes) + 3)]
    lines += [
        row("sentences", "sentences", ",d"),
        row("articles", "articles", ",d"),
        row("distinct terms", "terms", ",d"),
        row("corpus JSONL, MB", "corpus_mb", ".0f"),
        row("corpus JSONL parse, s", "parse_s", ".2f"),
        row("tokenize, rjieba `.encode_many` (2 processes), sent/s", "tok_many_per_s", ",.0f"),
        row("tokenize, rjieba 1 process (20k), sent/s", "tok_rjieba_1p_per_s", ",.0f"),
        row("tokenize, jieba 1 process (20k), sent/s", "tok_jieba_1p_per_s", ",.0f"),
        row("index build (cold), s", "build_s", ".1f", "≤ 60 s at 1M", lambda v: v <= 60),
        row(
            "peak RSS of the build, MB",
            "build_peak_mb",
            ",.0f",
            "≤ 1.5 GB at 1M",
            lambda v: v <= 1536,
        ),
        row("index save, s", "save_s", ".2f"),
        row("index on disk, MB", "index_mb", ",.0f"),
        row("index load (`IndexStore.load`), s", "load_s", ".2f", "≤ 2 s at 1M", lambda v: v <= 2),
        row("`Retriever.from_corpus`, cached, s", "from_corpus_cached_s", ".2f"),
        row("RSS serving (loaded), MB", "rss_loaded_mb", ",.0f"),
        row(
            "peak RSS serving, MB", "serve_peak_mb", ",.0f", "≤ 1.5 GB at 1M", lambda v: v <= 1536
        ),
        row("`ask(q, 5)` p50, ms", "ask_p50_ms", ".2f", "≤ 3 ms at 1M", lambda v: v <= 3),
        row("`ask(q, 5)` p99, ms", "ask_p99_ms", ".2f", "≤ 10 ms at 1M", lambda v: v <= 10),
        row("question tokenizing p50, ms", "qtok_p50_ms", ".3f"),
        row("`sentence_bm25.top(t, 10)` p50, ms", "top_p50_ms", ".3f"),
        row("`sentence_bm25.top(t, 10)` p99, ms", "top_p99_ms", ".3f"),
        row("batch `ask`, questions/s (1 process)", "batch_qps", ",.0f"),
        row("rank_bm25 build, s", "ref_build_s", ".1f"),
        row("rank_bm25 memory, MB", "ref_mem_mb", ",.0f"),
        row("rank_bm25 get_scores+argsort p50, ms", "ref_p50_ms", ".1f"),
        row("rank_bm25 mean, ms", "ref_mean_ms", ".1f"),
        row("ours `top` mean, interleaved with rank_bm25, ms", "ref_ours_mean_ms", ".3f"),
        row("ours `top` mean, own loop (same queries), ms", "ref_ours_alone_mean_ms", ".3f"),
        row("speed-up, mean, interleaved", "speedup_mean", ",.0f"),
        row(
            "speed-up, mean, own loop (rank_bm25 / ours)",
            "speedup_alone_mean",
            ",.0f",
            "≥ 300× at 100k",
            lambda v: v >= 300,
            at=100_000,
        ),
        row("speed-up, p50, own loop", "speedup_alone_p50", ",.0f"),
        row("top-1 same document", "top1_agree", "d"),
        row("top-1 differs: exact tie", "top1_ties", "d"),
        row("top-1 differs: float32 rounding", "top1_rounding", "d"),
        row("no match in either", "top1_nomatch_both", "d"),
        row("top-1 differs: other", "top1_other", "d"),
        row(
            "update: 1 changed + 1 new article, s",
            "update_s",
            ".1f",
            "≤ 10 s at 1M",
            lambda v: v <= 10,
        ),
        row("update: sentences re-tokenized", "update_tokenized", ",d"),
    ]
    if cli:
        ok = "pass" if cli["cli_median_s"] <= 1.0 else "**FAIL**"
        runs = ", ".join(f"{w:.2f}" for w in cli["cli_runs"])
        lines.append(
            f'| `qa ask "{CLI_QUESTION}"` cold, bundled corpus, median of {CLI_RUNS}, s | '
            + f"{cli['cli_median_s']:.2f} ({runs}; bare python {cli['python_bare_s']:.2f})"
            + " |" * (len(sizes) - 1)
            + " | ≤ 1.0 s | "
            + ok
            + " |"
        )
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="10k,100k,1M", help="Sentences: 10000 or 10k, 1M, ...")
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--out", type=Path, default=HERE / "data")
    p.add_argument("--queries", type=int, default=0, help="CMRC trial questions (0: all).")
    p.add_argument(
        "--ref-queries",
        type=int,
        default=200,
        help="Questions run through rank_bm25 (it takes 0.2 s each at 100k).",
    )
    p.add_argument(
        "--engines",
        default=",".join(ENGINES),
        help="Engines built from the same tokens at 10k and 100k (all but ours: .[bench]).",
    )
    p.add_argument("--table-only", action="store_true", help="Print saved results only.")
    p.add_argument("--no-cli", action="store_true", help="Skip the `qa ask` cold runs.")
    p.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    p.add_argument("--size", type=int, help=argparse.SUPPRESS)
    p.add_argument("--corpus", help=argparse.SUPPRESS)
    p.add_argument("--cache", help=argparse.SUPPRESS)
    p.add_argument("--index-file", help=argparse.SUPPRESS)
    p.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    args = p.parse_args()
    args.shared = args.shared.resolve()
    args.out = args.out.resolve()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args)))
        return
    try:
        sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    except ValueError as e:
        raise SystemExit(f"speed.py: --sizes: {e}") from None
    args.engines = available(args.engines)
    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        saved = args.out / f"results-{size}.json"
        if args.table_only:
            if saved.is_file():
                results[size] = json.loads(saved.read_text())
        else:
            results[size] = measure_size(args, size)
    cli_file = args.out / "results-cli.json"
    cli = None
    if not args.no_cli and not args.table_only:
        cli = measure_cli(args)
    elif cli_file.is_file():
        cli = json.loads(cli_file.read_text())
    m = machine()
    print(
        f"Machine: {m['nproc']} CPUs, {m['cpu']}, {m['memory']} RAM; "
        f"Python {m['python']}, numpy {m['numpy']}"
    )
    print(f"Queries: CMRC trial questions; rank_bm25 on the first {args.ref_queries}.\n")
    print(table(results, cli))
    comparison = engines.table(results, label)
    if comparison:
        print("\nSame sentence tokens, top-10; in brackets: the ratio to ours in the same run")
        print("(query times: to ours timed in the same process on the same questions).\n")
        print(comparison)
    for s in sorted(results):
        for ex in results[s].get("top1_examples", []):
            print(f"\n{label(s)} top-1 differs: {ex}")


if __name__ == "__main__":
    main()
