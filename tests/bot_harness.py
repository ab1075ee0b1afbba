"""Run bot.py's real Application against the fake Bot API server, with short client timeouts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from unittest import mock

from fake_botapi import FakeBotAPI
from telegram.ext import ApplicationBuilder

import bot
from qa import Retriever
from qabot import card
from qabot.settings import BotSettings

TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345"
JSON = dict[str, Any]
# Long-poll timeout and client read timeouts used by fast() (seconds).
POLL_TIMEOUT = 1
READ_TIMEOUT = 1.0
TELEGRAM_TAGS = frozenset(
    "b strong i em u ins s strike del code pre a tg-spoiler blockquote span".split()  # noqa: SIM905
)


class FastBuilder(ApplicationBuilder):  # type: ignore[type-arg]
    """An ApplicationBuilder whose HTTP timeouts are short, so fault tests finish quickly."""

    def __init__(self) -> None:
        super().__init__()
        self.get_updates_read_timeout(READ_TIMEOUT).get_updates_connect_timeout(READ_TIMEOUT)
        self.read_timeout(READ_TIMEOUT * 2).connect_timeout(READ_TIMEOUT)


def make_settings(server: FakeBotAPI, corpus: Path | None, **overrides: Any) -> BotSettings:
    """BotSettings pointing at the fake server (no cache, no .env)."""
    return BotSettings(
        telegram_bot_token=TOKEN,
        telegram_api_base_url=f"{server.url}/bot",
        corpus=corpus,
        use_cache=False,
        _env_file=None,
        **overrides,
    )


@asynccontextmanager
async def running_bot(
    server: FakeBotAPI, corpus: Path | None, *, fast: bool = True, **overrides: Any
) -> AsyncIterator[Any]:
    """Build, initialise and poll bot.build_application(settings) until the block ends."""
    settings = make_settings(server, corpus, **overrides)
    if fast:
        with mock.patch.object(bot, "ApplicationBuilder", FastBuilder):
            application = bot.build_application(settings)
    else:
        application = bot.build_application(settings)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)  # run_polling would call it
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=POLL_TIMEOUT)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


def quoted(params: JSON) -> int | None:
    """The message id a sendMessage replies to, if any."""
    return (params.get("reply_parameters") or {}).get("message_id")


def expected_text(retriever: Retriever, question: str) -> str:
    """The card the bot should send for question (what handlers.reply_with_answer computes)."""
    result = retriever.ask(question.strip(), 1)
    return card.answer_card(result.answers[0]) if result.answers else card.no_answer_text()


def completeness(
    server: FakeBotAPI, retriever: Retriever, asked: list[tuple[JSON, str]]
) -> list[str]:
    """Problems with the answers to asked (message, question): lost, duplicated or wrong."""
    problems: list[str] = []
    sent = server.sent("sendMessage")
    by_chat: dict[int, Counter[str]] = {}
    want: dict[int, Counter[str]] = {}
    for message, question in asked:
        chat = message["chat"]["id"]
        want.setdefault(chat, Counter())[expected_text(retriever, question)] += 1
        if message["chat"]["type"] != "private":
            hits = [p for p in sent if p["chat_id"] == chat and quoted(p) == message["message_id"]]
            if len(hits) != 1:
                problems.append(f"{question!r} in {chat}: {len(hits)} replies")
    for params in sent:
        by_chat.setdefault(int(params["chat_id"]), Counter())[params["text"]] += 1
    for chat, texts in want.items():
        got = by_chat.get(chat, Counter())
        if got != texts:
            lost, extra = texts - got, got - texts
            problems.append(f"chat {chat}: lost {sum(lost.values())}, extra {sum(extra.values())}")
    return problems


class TelegramHTML(HTMLParser):
    """Check text against Telegram's HTML subset; collects the unescaped visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TELEGRAM_TAGS:
            self.errors.append(f"tag <{tag}>")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unbalanced </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.errors.append("comment")

    def handle_decl(self, decl: str) -> None:
        self.errors.append("declaration")

    def handle_pi(self, data: str) -> None:
        self.errors.append("processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.errors.append("unknown declaration")


def check_html(message: str) -> str:
    """Return the visible text of a Telegram-HTML message; AssertionError if it is invalid."""
    assert len(message) <= card.MAX_MESSAGE_CHARS, f"{len(message)} characters"
    parser = TelegramHTML()
    parser.feed(message)
    parser.close()
    assert not parser.errors and not parser.stack, (parser.errors, parser.stack, message)
    # Telegram only knows &lt; &gt; &amp; &quot; and numeric entities; a raw '&' must be escaped.
    stripped = message
    for entity in ("&lt;", "&gt;", "&amp;", "&quot;", "&#x27;"):
        stripped = stripped.replace(entity, "")
    assert "&" not in stripped, message
    return "".join(parser.text)


ROOT = Path(__file__).resolve().parent.parent


def run_bot(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run bot.py in a subprocess with only these QA_/TELEGRAM_ settings, from tmp_path."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("QA_", "TELEGRAM_"))}
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py")],
        env=clean | env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
