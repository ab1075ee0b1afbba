"""The operator's commands: who may use them, and what /reload and /stats answer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from bot_harness import running_bot
from fake_botapi import FakeBotAPI
from telegram import Chat, Message, Update, User
from telegram.ext import CallbackContext

from qabot import admin

pytestmark = pytest.mark.asyncio
ADMIN = 7


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
