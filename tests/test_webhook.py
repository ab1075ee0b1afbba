"""Webhook mode: only updates carrying the secret get in, and they are limited like any other."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from bot_harness import TOKEN, make_settings, run_bot
from fake_botapi import FakeBotAPI
from fake_botapi_updates import make_chat, make_user
from telegram import Update

import bot
from qabot import card

SECRET = "a-webhook-secret_0123456789"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest_asyncio.fixture
async def hook(server: FakeBotAPI, corpus: Path) -> AsyncIterator[str]:
    """The bot in webhook mode on 127.0.0.1; yields the URL updates are posted to."""
    settings = make_settings(
        server,
        corpus,
        webhook_url="https://bot.example.org/telegram/hook",
        webhook_secret=SECRET,
        webhook_port=free_port(),
        questions_per_minute=1,
    )
    application = bot.build_application(settings)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    await application.start()
    options = settings.webhook_options()
    assert application.updater is not None
    await application.updater.start_webhook(**options, allowed_updates=Update.ALL_TYPES)
    try:
        yield f"http://{options['listen']}:{options['port']}/{options['url_path']}"
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


def forged(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    user = make_user(user_id, "Mallory")
    message = {"message_id": update_id, "date": 0, "chat": make_chat(user_id, "private", user)}
    return {"update_id": update_id, "message": message | {"from": user, "text": text}}


async def test_only_updates_with_the_secret_get_in(server: FakeBotAPI, hook: str) -> None:
    assert server.webhook is not None and server.webhook["secret_token"] == SECRET
    async with aiohttp.ClientSession() as http:
        statuses = []
        for n, headers in enumerate([{}, {HEADER: "guess"}, {HEADER: SECRET}], start=1):
            update = forged(n, 5000 + n, "新增了多少停车位")
            async with http.post(hook, json=update, headers=headers) as response:
                statuses.append(response.status)
        [reply] = await server.wait_for()
        for n in range(4, 8):  # posted with the secret, yet still limited per user
            async with http.post(
                hook, json=forged(n, 6000, "新增了多少停车位"), headers={HEADER: SECRET}
            ):
                pass
        await server.wait_for(count=3)
        await asyncio.sleep(0.3)
    assert statuses == [403, 403, 200]
    assert reply["chat_id"] == 5003
    limited = [p["text"] for p in server.sent() if p["chat_id"] == 6000]
    assert len(limited) == 2 and limited.count(card.SLOW_DOWN) == 1  # then silence


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"QA_WEBHOOK_URL": "https://bot.example.org/hook"}, "QA_WEBHOOK_SECRET"),
        ({"QA_WEBHOOK_URL": "http://bot.example.org/hook", "QA_WEBHOOK_SECRET": "x"}, "https://"),
    ],
    ids=["no-secret", "plain-http"],
)
def test_an_unprotected_webhook_refuses_to_start(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    done = run_bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, **env)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr
