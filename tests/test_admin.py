"""The operator's commands: who may use them, where, and what /reload and /stats answer."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bot_harness import running_bot
from fake_botapi import FakeBotAPI
from fake_botapi_updates import DEFAULT_GROUP_IDS
from telegram import Chat, Message, Update, User
from telegram.ext import CallbackContext

from qabot import admin

pytestmark = pytest.mark.asyncio
ADMIN = 7
GROUP = DEFAULT_GROUP_IDS["group"]


def update_from(user_id: int | None) -> Update:
    user = User(user_id, "某人", False) if user_id is not None else None
    message = Message(1, datetime.now(UTC), Chat(1, "private"), from_user=user)
    return Update(1, message=message)


@pytest.mark.parametrize(("user", "allowed"), [(ADMIN, True), (8, False), (None, False)])
async def test_only_listed_users_are_admins(
    server: FakeBotAPI, mini_corpus: Path, user: int | None, allowed: bool
) -> None:
    async with running_bot(server, mini_corpus, admins=[ADMIN]) as app:
        assert admin.is_admin(update_from(user), CallbackContext(app)) is allowed


async def test_reload_is_for_admins_and_reports_the_new_corpus(
    server: FakeBotAPI, mini_corpus: Path
) -> None:
    async with running_bot(server, mini_corpus, admins=[ADMIN]) as app:
        old = app.bot_data.retriever
        server.send_text("/reload", user_id=8)
        [refused] = await server.wait_for("sendMessage")
        assert refused["text"] == admin.ADMIN_ONLY and app.bot_data.retriever is old
        (mini_corpus / "xin.md").write_text("# 新文章\n\n图书馆延长开放。到晚上十点。\n", "utf-8")
        server.send_text("/reload", user_id=ADMIN)
        [*_, working, report] = await server.wait_for("sendMessage", count=3)
        new = app.bot_data.retriever
        assert working["text"] == "正在重新加载文章……"
        assert report["text"] == f"已重新加载：4 篇文章，{new.sentence_count} 句。"
        assert new is not old and new.sentence_count == old.sentence_count + 2


@pytest.mark.parametrize("command", ["/stats", "/reload", "/stats@qa_test_bot"])
async def test_admin_commands_say_nothing_in_groups(
    server: FakeBotAPI, mini_corpus: Path, tmp_path: Path, command: str
) -> None:
    async with running_bot(server, mini_corpus, admins=[ADMIN], question_log=tmp_path / "q.db"):
        server.send_text("明天会下雨吗", user_id=2002)  # a private, unanswered question
        await server.wait_for(predicate=lambda p: p["chat_id"] == 2002)
        server.send_text(command, chat_type="group", user_id=ADMIN)
        server.send_text(command, chat_type="group", user_id=2002)
        [notice] = await server.wait_for(predicate=lambda p: p["chat_id"] == GROUP)
        server.send_text("/stats", user_id=ADMIN)  # in private it works
        await server.wait_for(predicate=lambda p: p["chat_id"] == ADMIN)
        await asyncio.sleep(0.3)
    assert notice["text"] == admin.PRIVATE_ONLY
    group = [p["text"] for p in server.sent() if p["chat_id"] == GROUP]
    assert group == [admin.PRIVATE_ONLY]  # the admin is told where to ask; nobody sees stats
    [stats] = [p["text"] for p in server.sent() if p["chat_id"] == ADMIN]
    assert "明天会下雨吗" in stats


async def test_others_are_refused_in_private(server: FakeBotAPI, mini_corpus: Path) -> None:
    async with running_bot(server, mini_corpus, admins=[ADMIN]):
        server.send_text("/stats", user_id=2002)
        [refusal] = await server.wait_for()
    assert refusal["text"] == admin.ADMIN_ONLY
