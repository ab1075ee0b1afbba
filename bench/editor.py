"""Time from a document sent to the bot to its content being answerable: 1 and 50 pages.

Usage:
    python bench/editor.py [--runs 3] [--shared /work/shared] [--formats docx,pdf]

The real bot (bot.build_application) runs against the test suite's fake Bot API server on
127.0.0.1, with the saved-index cache on, as deployed. The corpus is the 848 contexts of
CMRC 2018 dev as articles (about 430k characters), or the bundled one when they are missing.
Each document is real Chinese text (CMRC 2018 trial contexts) laid out as pages of 1,500
characters, with one fact on its last page. For each run an admin sends the document as a
fresh file (taken out again afterwards); the figures are:

  extract    reading the file alone (python-docx / pypdf), in this process
  reply      document sent -> the bot's "已添加" reply (downloaded, written, index reloaded)
  answered   document sent -> a reader's question about the last page answered from it

Medians over the runs are printed as a table.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import docx  # noqa: E402
from fake_botapi import FakeBotAPI  # noqa: E402
from pdfmaker import article_pdf  # noqa: E402

import bot  # noqa: E402
from qa.ingest import Library, read_bytes  # noqa: E402
from qa.settings import bundled_corpus  # noqa: E402
from qabot.lifecycle import reload_index  # noqa: E402
from qabot.settings import BotSettings  # noqa: E402

TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345"
ADMIN, READER = 1001, 2002
PAGE_CHARS = 1_500
FACT = "据统计，第{run}批滨江试点社区共栽种梧桐树{trees}棵。"
QUESTION = "第{run}批滨江试点社区栽种了多少棵梧桐树"


def paragraphs_for(pages: int, texts: list[str]) -> list[str]:
    """Real paragraphs adding up to pages * PAGE_CHARS characters."""
    out: list[str] = []
    total = 0
    for text in texts * (1 + pages * PAGE_CHARS // max(1, sum(map(len, texts)))):
        out.append(text)
        total += len(text)
        if total >= pages * PAGE_CHARS:
            break
    return out


def make_file(kind: str, title: str, paragraphs: list[str]) -> bytes:
    """A .docx or .pdf holding the title and paragraphs."""
    if kind == "pdf":
        return article_pdf(title, paragraphs)
    document = docx.Document()
    document.add_heading(title, 0)
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_corpus(folder: Path, shared: Path) -> str:
    """Write the CMRC 2018 dev contexts as articles (or copy the bundled ones)."""
    dev = shared / "data" / "cmrc2018" / "cmrc2018_dev.json"
    if not dev.is_file():
        shutil.copytree(bundled_corpus(), folder, dirs_exist_ok=True)
        return "bundled (5 articles)"
    data = json.loads(dev.read_text(encoding="utf-8"))
    n = 0
    for article in data["data"]:
        for p in article["paragraphs"]:
            n += 1
            title = article.get("title") or p["context"][:20]
            (folder / f"cmrc-{n:04d}.md").write_text(f"# {title}\n\n{p['context']}\n", "utf-8")
    return f"CMRC 2018 dev contexts ({n} articles)"


def source_texts(shared: Path) -> list[str]:
    trial = shared / "data" / "cmrc2018" / "cmrc2018_trial.json"
    if trial.is_file():
        data = json.loads(trial.read_text(encoding="utf-8"))
        return [p["context"] for a in data["data"] for p in a["paragraphs"]]
    return [p.text for f in sorted(bundled_corpus().glob("*.md")) for p in read_md(f)]


def read_md(path: Path) -> Any:
    return read_bytes(path.read_bytes(), path.name).paragraphs


async def one_run(
    server: FakeBotAPI, app: Any, kind: str, pages: int, run: int, texts: list[str]
) -> dict[str, float]:
    trees = 1000 + run * 37 + pages
    body = paragraphs_for(pages, texts)
    body.append(FACT.format(run=f"{run}{pages}{kind}", trees=trees))
    data = make_file(kind, f"滨江新区试点社区报告第{run}号", body)
    started = time.perf_counter()
    read_bytes(data, f"report.{kind}")
    extract = time.perf_counter() - started
    before = len(server.sent())
    t0 = time.perf_counter()
    server.send_document(data, f"report-{run}-{pages}.{kind}", user_id=ADMIN)
    [*_, reply] = await server.wait_for("sendMessage", count=before + 1, timeout=600)
    t1 = time.perf_counter()
    assert reply["text"].startswith("已添加"), reply["text"]
    server.send_text(QUESTION.format(run=f"{run}{pages}{kind}"), user_id=READER)
    [*_, answer] = await server.wait_for("sendMessage", count=before + 2, timeout=600)
    t2 = time.perf_counter()
    assert str(trees) in answer["text"], answer["text"]
    # Taken out again, so every run meets the same corpus.
    [article_id] = re.findall(r"id <code>(.+?)</code>", reply["text"])
    Library(app.bot_data.settings.corpus_path()).delete(article_id)
    await reload_index(app.bot_data)
    return {
        "extract": extract,
        "reply": t1 - t0,
        "answered": t2 - t0,
        "chars": sum(map(len, body)),
    }


async def main_async(args: argparse.Namespace) -> None:
    texts = source_texts(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        described = build_corpus(corpus, args.shared)
        async with FakeBotAPI(token=TOKEN) as server:
            settings = BotSettings(
                telegram_bot_token=TOKEN,
                telegram_api_base_url=f"{server.url}/bot",
                corpus=corpus,
                cache_dir=Path(tmp) / "cache",
                admins=[ADMIN],
                questions_per_minute=0,
                _env_file=None,
            )
            application = bot.build_application(settings)
            await application.initialize()
            started = time.perf_counter()
            assert application.post_init is not None
            await application.post_init(application)
            print(f"corpus: {described}; first index build {time.perf_counter() - started:.1f} s")
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0, timeout=1)
            try:
                rows = []
                for kind in args.formats.split(","):
                    for pages in (1, 50):
                        runs = [
                            await one_run(server, application, kind, pages, r, texts)
                            for r in range(args.runs)
                        ]
                        rows.append((kind, pages, runs))
            finally:
                await application.updater.stop()
                await application.stop()
                await application.shutdown()
    print(f"{'file':<6}{'pages':>6}{'chars':>8}{'extract s':>11}{'reply s':>9}{'answered s':>12}")
    for kind, pages, runs in rows:
        med = {k: statistics.median(r[k] for r in runs) for k in ("extract", "reply", "answered")}
        chars = int(runs[0]["chars"])
        print(
            f"{kind:<6}{pages:>6}{chars:>8}{med['extract']:>11.2f}{med['reply']:>9.2f}"
            f"{med['answered']:>12.2f}"
        )
    print(f"medians of {args.runs} runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=ROOT.parent.parent / "shared")
    parser.add_argument("--formats", default="docx,pdf")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
