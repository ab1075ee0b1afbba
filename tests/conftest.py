"""Shared fixtures: a clean environment, a tiny corpus, and one retriever over the bundled one."""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import pytest_asyncio
from bot_harness import TOKEN
from fake_botapi import FakeBotAPI

import qa.workers
from qa import Retriever, Settings
from qa.settings import bundled_corpus

MINI_ARTICLES = {
    "tingche.md": """---
title: 幸福社区新建停车场
byline: 记者 张明
date: 2024-03-01
source: 测试日报
url: https://example.com/tingche
---

本报讯 3月1日,幸福社区召开居民议事会,讨论停车难问题。

## 新增车位

社区在东门空地建成停车场2处,新增停车位120个。
停车场由物业公司统一管理,每月收费100元。
""",
    "dushu.md": """---
title: 实验小学举办读书节
byline: 通讯员 李红
date: 2024-04-23
---

本报讯 4月23日,实验小学举办第五届读书节。

全校学生共读图书3000多册,评选出阅读之星20名。
""",
    "gongyuan.md": """# 湖滨公园改造完工

湖滨公园改造工程近日完工,新建环湖步道5公里。

公园新种植樱花树400棵,春季将迎来赏花游客。
""",
}


def _clear_qa_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("QA_"):
            monkeypatch.delenv(name)
    # Exact rankings below are the lexical ones; tests/test_semantic.py turns the model on.
    monkeypatch.setenv("QA_SEMANTIC", "off")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Drop the developer's QA_* settings and keep caches out of their home folder."""
    _clear_qa_env(monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    # Settings() reads .env from the working folder; a developer's .env must not leak in.
    monkeypatch.setitem(Settings.model_config, "env_file", None)


@pytest.fixture
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work that is spread over processes is, even on a one-core machine, and even when
    earlier tests left an idle thread (the bot's question-log writer lives on)."""
    monkeypatch.setattr(qa.workers.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(qa.workers.threading, "active_count", lambda: 1)


@pytest.fixture
def corpus(mini_corpus: Path) -> Path:
    """The mini corpus, for bot tests that run on it (test files with more articles override)."""
    return mini_corpus


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    """Write three tiny articles (front matter, headings, paragraphs) and return the folder."""
    folder = tmp_path / "mini"
    folder.mkdir()
    for name, text in MINI_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def bylined(tmp_path: Path) -> Path:
    """A reporter's article of four paragraphs, another of two, and twenty about 郑港 (a word
    jieba's table lacks), so that a word of one article's paragraphs is rare in the corpus."""
    (tmp_path / "roads.md").write_text(
        "---\ntitle: 新区道路建设提速\nbyline: 记者 王立 通讯员 岳芃芃\n---\n\n"
        "新区今年计划新建道路8条。\n\n全长共40公里。\n\n预计年底通车。\n\n沿线种植行道树。\n",
        encoding="utf-8",
    )
    (tmp_path / "party.md").write_text(
        "---\ntitle: 社区开展志愿服务\nbyline: 记者 王立\n---\n\n"
        "记者参与报道了志愿服务活动。\n\n活动持续一周。\n",
        encoding="utf-8",
    )
    notes = "\n\n".join(f"郑港第{i}号景点今日开放。" for i in range(1, 21))
    (tmp_path / "parks.md").write_text(f"---\ntitle: 公园开放\n---\n\n{notes}\n", "utf-8")
    return tmp_path


@pytest.fixture(scope="session")
def bundled_retriever() -> Iterator[Retriever]:
    """Return one retriever over the bundled corpus, shared by the whole session."""
    with pytest.MonkeyPatch.context() as mp:
        _clear_qa_env(mp)
        settings = Settings(corpus=bundled_corpus(), use_cache=False, _env_file=None)
    yield Retriever.from_settings(settings)


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    """A running fake Bot API server on 127.0.0.1 that knows the test token."""
    async with FakeBotAPI(token=TOKEN, bot_username="qa_test_bot") as fake:
        yield fake


PAGES = Path(__file__).resolve().parent / "pages"
# path -> (status, content type, body file or bytes, extra headers)
SITE: dict[str, tuple[int, str, str | bytes, dict[str, str]]] = {
    "/local/2024/0518/yanglao.html": (
        200,
        "text/html; charset=utf-8",
        "jiedao-yanglao.html",
        {},
    ),
    "/xw/2024/0628/ditie.shtml": (200, "text/html", "ditie-5haoxian.gbk.html", {}),
    "/": (200, "text/html; charset=utf-8", "shouye.html", {}),
    "/old-link": (301, "text/html", b"", {"Location": "/local/2024/0518/yanglao.html"}),
    "/files/report.pdf": (200, "application/pdf", b"%PDF-1.4\n%%EOF\n", {}),
    "/api/news.json": (200, "application/json", b'{"title": "x"}', {}),
    "/blank.html": (200, "text/html", b"", {}),
}


class _NewsSite(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        found = SITE.get(self.path.split("#")[0])
        if found is None:
            body = "<html><body><h1>404 页面不存在</h1></body></html>".encode()
            status, ctype, headers = 404, "text/html; charset=utf-8", {}
        else:
            status, ctype, source, headers = found
            body = (PAGES / source).read_bytes() if isinstance(source, str) else source
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def news_site() -> Iterator[str]:
    """A local news web site on 127.0.0.1 (see SITE); yields its root URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _NewsSite)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
