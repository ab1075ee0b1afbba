"""The bot's shared state, typed: what every handler reads through ``context.bot_data``."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from qa.questionlog import QuestionLog
from qa.retriever import Retriever

from .buttons import QuestionStore
from .ratelimit import Limits
from .sending import ChatSends
from .settings import BotSettings

__all__ = ["CONTEXT_TYPES", "App", "BotState", "Context"]

Signature = tuple[tuple[str, int, int], ...]


class BotState:
    """Settings, the retriever and the small stores the handlers share.

    python-telegram-bot creates it without arguments (see ``ContextTypes``); the application
    is configured with its settings when built and loads its retriever in ``post_init``.
    """

    def __init__(self) -> None:
        self._settings: BotSettings | None = None
        self._retriever: Retriever | None = None
        self.limits = Limits.of(0, 0)
        # Replaced by one spawning through Application.create_task when the bot is built.
        self.sends = ChatSends(asyncio.ensure_future)
        self.questions = QuestionStore()
        self.log: QuestionLog | None = None
        self.example = ""
        self.signature: Signature | None = None  # of the corpus files last loaded
        self.reload_lock = asyncio.Lock()

    def configure(self, settings: BotSettings) -> None:
        """Adopt the settings and the per-user limit they ask for."""
        self._settings = settings
        self.limits = Limits.of(settings.questions_per_minute, settings.chat_requests_per_minute)

    @property
    def settings(self) -> BotSettings:
        """The bot's settings (set by `configure`)."""
        if self._settings is None:
            raise RuntimeError("the bot's settings are not configured yet")
        return self._settings

    @property
    def retriever(self) -> Retriever:
        """The retriever in use; read it at every use, since /reload swaps it."""
        if self._retriever is None:
            raise RuntimeError("the corpus is not loaded yet")
        return self._retriever

    @retriever.setter
    def retriever(self, retriever: Retriever) -> None:
        self._retriever = retriever


Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotState]
"""The context every handler and job receives; ``context.bot_data`` is the `BotState`."""
CONTEXT_TYPES = ContextTypes(bot_data=BotState)
App = Application[Any, Context, dict[Any, Any], dict[Any, Any], BotState, Any]
"""The bot's application, as `bot.build_application` makes it."""
