"""Operator commands answer an admin in a private chat only: /stats lists what people asked."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from bot_harness import running_bot
from conftest import MINI_ARTICLES
from fake_botapi import FakeBotAPI
from fake_botapi_updates import DEFAULT_GROUP_IDS

from qabot.admin import ADMIN_ONLY, PRIVATE_ONLY

ADMIN = 7
GROUP = DEFAULT_GROUP_IDS["group"]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in MINI_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", ["/stats", "/reload", "/stats@qa_test_bot"])
async def test_admin_commands_say_nothing_in_groups(
    server: FakeBotAPI, corpus: Path, tmp_path: Path, command: str
) -> None:
    async with running_bot(server, corpus, admins=[ADMIN], question_log=tmp_path / "q.db"):
        server.send_text("明天会下雨吗", user_id=2002)  # a private, unanswered question
        await server.wait_for(predicate=lambda p: p["chat_id"] == 2002)
        server.send_text(command, chat_type="group", user_id=ADMIN)
        server.send_text(command, chat_type="group", user_id=2002)
        [notice] = await server.wait_for(predicate=lambda p: p["chat_id"] == GROUP)
        server.send_text("/stats", user_id=ADMIN)  # in private it works
        await server.wait_for(predicate=lambda p: p["chat_id"] == ADMIN)
        await asyncio.sleep(0.3)
    assert notice["text"] == PRIVATE_ONLY
    group = [p["text"] for p in server.sent() if p["chat_id"] == GROUP]
    assert group == [PRIVATE_ONLY]  # the admin is told where to ask; nobody sees the stats
    [stats] = [p["text"] for p in server.sent() if p["chat_id"] == ADMIN]
    assert "明天会下雨吗" in stats


async def test_others_are_refused_in_private(server: FakeBotAPI, corpus: Path) -> None:
    async with running_bot(server, corpus, admins=[ADMIN]):
        server.send_text("/stats", user_id=2002)
        [refusal] = await server.wait_for()
    assert refusal["text"] == ADMIN_ONLY
