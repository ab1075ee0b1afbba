"""Cost of the semantic extra: build and query time (p50/p99), memory at 10k and 100k sentences.

Usage:
    nice python bench/semantic_speed.py [--shared ../shared] [--out bench/data/semantic]
                                        [--queries 200] [--sample 256]

Phases, each in a fresh subprocess (so peak RSS is its own):
  rate     embedding throughput on a sample of CMRC sentences (sentences/s)
  build    10k: the CMRC dev contexts (10,718 sentences, with their titles) indexed and every
           sentence embedded, in full; the time of each part and peak memory
  serve    load a saved index (+ vectors), then time CMRC trial questions, lexical and semantic
           in the same process; memory with and without the vectors and model
At 100k (bench/speed.py's corpus of CMRC sentences) the vectors are the 10k build's, tiled and
perturbed to 100k rows of the real shape: query time and memory are measured; the build time is
EXTRAPOLATED (lexical build measured + 100k / embedding rate), not measured.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from speed import make_corpus, pct, peak_rss_mb, questions, rss_mb  # noqa: E402


def _settings(corpus: Path, cache: Path, semantic: str) -> Any:
    from qa import Settings

    return Settings(
        _env_file=None, corpus=corpus, cache_dir=cache, use_cache=True, semantic=semantic
    )


def phase_rate(args: argparse.Namespace) -> dict[str, Any]:
    from qa.corpus import load_corpus
    from qa.index import build_index
    from qa.semantic import Embedder
    from qa.tokenizer import Tokenizer
    from qa.vectors import passages

    corpus = load_corpus(make_corpus(10_000, args.shared, args.out))
    tok = Tokenizer("rjieba")
    texts = passages(build_index(corpus, tok))[: args.sample]
    embedder = Embedder()
    embedder.passages(texts[:4])  # load the model
    started = time.perf_counter()
    embedder.passages(texts)
    seconds = time.perf_counter() - started
    return {"sample": len(texts), "seconds": seconds, "per_second": len(texts) / seconds}


def phase_build(args: argparse.Namespace) -> dict[str, Any]:
    from qa.evaluate import load_squad
    from qa.index import build_index
    from qa.retriever import index_key
    from qa.store import IndexStore
    from qa.tokenizer import Tokenizer
    from qa.vectors import attach, vectors_path

    corpus, _ = load_squad(args.shared / "data" / "cmrc2018" / "cmrc2018_dev.json")
    settings = _settings(corpus.path, args.out / "cache-10k", "on")
    store = IndexStore(settings.cache_path(), index_key(settings, corpus))
    started = time.perf_counter()
    tok = Tokenizer(settings.tokenizer)
    index = build_index(corpus, tok)
    store.save(index)
    lexical = time.perf_counter() - started
    path = vectors_path(store.path_for(corpus))
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    semantic = attach(index, path)
    embedding = time.perf_counter() - started
    n = len(index.sentences)
    return {
        "sentences": n,
        "lexical_s": lexical,
        "embedding_s": embedding,
        "per_second": n / embedding,
        "vectors_mb": semantic.vectors.nbytes / 1e6,
        "vector_file_mb": path.stat().st_size / 1e6,
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_tile(args: argparse.Namespace) -> dict[str, Any]:
    """Build the 100k index and give it vectors of the real shape from the 10k build."""
    from qa.corpus import load_corpus
    from qa.retriever import Retriever, index_key
    from qa.store import IndexStore
    from qa.vectors import VectorCache, _keys, passages, vectors_path

    corpus = load_corpus(make_corpus(100_000, args.shared, args.out))
    settings = _settings(corpus.path, args.out / "cache-100k", "off")
    started = time.perf_counter()
    r = Retriever.from_corpus(corpus, settings)
    lexical = time.perf_counter() - started
    source = next((args.out / "cache-10k").glob("vectors-*.npz"))
    _, real = VectorCache(source).load()
    n = len(r.index.sentences)
    rng = np.random.default_rng(0)
    tiled = real[np.arange(n) % len(real)].astype(np.float32)
    tiled += rng.normal(0, 0.01, tiled.shape).astype(np.float32)
    tiled /= np.linalg.norm(tiled, axis=1, keepdims=True)
    store = IndexStore(settings.cache_path(), index_key(settings, corpus))
    cache = VectorCache(vectors_path(store.path_for(corpus)))
    cache.save(_keys(passages(r.index)), tiled.astype(np.float16))
    return {"sentences": n, "lexical_s": lexical}


def phase_serve(args: argparse.Namespace) -> dict[str, Any]:
    from qa.corpus import load_corpus
    from qa.evaluate import load_squad
    from qa.retriever import Retriever, index_key
    from qa.store import IndexStore
    from qa.vectors import attach, vectors_path

    if args.size == 10_000:
        corpus, _ = load_squad(args.shared / "data" / "cmrc2018" / "cmrc2018_dev.json")
    else:
        corpus = load_corpus(make_corpus(args.size, args.shared, args.out))
    cache = args.out / ("cache-10k" if args.size == 10_000 else "cache-100k")
    settings = _settings(corpus.path, cache, "off")
    before = rss_mb()
    r = Retriever.from_corpus(corpus, settings)
    lexical_rss = rss_mb()
    started = time.perf_counter()
    store = IndexStore(settings.cache_path(), index_key(settings, corpus))
    semantic = attach(r.index, vectors_path(store.path_for(corpus)))
    load_s = time.perf_counter() - started
    semantic.embedder.query("热身")  # load the model
    semantic_rss = rss_mb()
    qs = questions(args.shared, args.queries)
    times: dict[str, list[float]] = {"lexical": [], "semantic": [], "embed": []}
    for q in qs:  # interleaved, so both see the same machine
        for name, side in (("lexical", None), ("semantic", semantic)):
            r.semantic = side
            t = time.perf_counter()
            r.ask(q)
            times[name].append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        semantic.embedder.query(q)
        times["embed"].append((time.perf_counter() - t) * 1000)
    out: dict[str, Any] = {
        "sentences": len(r.index.sentences),
        "load_vectors_s": load_s,
        "rss_lexical_mb": lexical_rss - before,
        "rss_semantic_extra_mb": semantic_rss - lexical_rss,
    }
    for name, values in times.items():
        out[f"{name}_p50_ms"] = statistics.median(values)
        out[f"{name}_p99_ms"] = pct(values, 99)
    return out


PHASES = {"rate": phase_rate, "build": phase_build, "tile": phase_tile, "serve": phase_serve}


def child(phase: str, args: argparse.Namespace, size: int = 10_000) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--phase", phase, "--size", str(size)]
    cmd += ["--shared", str(args.shared), "--out", str(args.out)]
    cmd += ["--queries", str(args.queries), "--sample", str(args.sample)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"phase {phase} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    print(f"{phase} {size}: {json.dumps(result)}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent / ".." / "shared")
    parser.add_argument("--out", type=Path, default=HERE / "data" / "semantic")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--sample", type=int, default=256)
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--phases", default="rate,build,serve10k,tile,serve100k")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.phase:
        print(json.dumps(PHASES[args.phase](args)))
        return
    saved = args.out / "results.json"
    results = json.loads(saved.read_text(encoding="utf-8")) if saved.is_file() else {}
    for p in args.phases.split(","):  # each phase's figures are kept; rerun one with --phases
        results[p] = child(p.removesuffix("10k").removesuffix("100k"), args, _size(p))
        saved.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print_table(saved)


def _size(phase: str) -> int:
    return 100_000 if phase.endswith("100k") else 10_000


def print_table(path: Path) -> None:
    r = json.loads(path.read_text(encoding="utf-8"))
    rate = r.get("build", r.get("rate", {})).get("per_second", float("nan"))
    print(
        "| sentences | build: lexical | build: embedding | query p50 / p99 lexical | "
        "query p50 / p99 semantic | embed question p50 | memory: + semantic |"
    )
    print("|---|---|---|---|---|---|---|")
    for size, serve in (("10k", "serve10k"), ("100k", "serve100k")):
        s = r.get(serve)
        if not s:
            continue
        if size == "10k" and "build" in r:
            lexical, embed = r["build"]["lexical_s"], f"{r['build']['embedding_s']:.0f} s"
        else:
            lexical = r.get("tile", {}).get("lexical_s", float("nan"))
            embed = f"≈ {s['sentences'] / rate / 60:.0f} min (extrapolated)"
        print(
            f"| {s['sentences']:,} | {lexical:.1f} s | {embed} | "
            f"{s['lexical_p50_ms']:.1f} / {s['lexical_p99_ms']:.1f} ms | "
            f"{s['semantic_p50_ms']:.1f} / {s['semantic_p99_ms']:.1f} ms | "
            f"{s['embed_p50_ms']:.1f} ms | {s['rss_semantic_extra_mb']:.0f} MB |"
        )
    print(f"embedding rate: {rate:.1f} sentences/s")


if __name__ == "__main__":
    main()
