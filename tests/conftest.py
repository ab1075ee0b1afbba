"""Shared fixtures: a clean environment, a tiny corpus, and one retriever over the bundled one."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from bot_harness import TOKEN
from fake_botapi import FakeBotAPI

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
def mini_corpus(tmp_path: Path) -> Path:
    """Write three tiny articles (front matter, headings, paragraphs) and return the folder."""
    folder = tmp_path / "mini"
    folder.mkdir()
    for name, text in MINI_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


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
