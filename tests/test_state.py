"""The bot's typed state: created empty by python-telegram-bot, configured, then loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from bot_harness import TOKEN

from qa import Retriever, Settings
from qabot.settings import BotSettings
from qabot.state import BotState


def test_settings_and_retriever_must_be_set_before_use(mini_corpus: Path) -> None:
    state = BotState()
    with pytest.raises(RuntimeError, match="not configured"):
        state.settings  # noqa: B018
    with pytest.raises(RuntimeError, match="not loaded"):
        state.retriever  # noqa: B018
    settings = BotSettings(telegram_bot_token=TOKEN, questions_per_minute=1)
    state.configure(settings)
    assert state.settings is settings
    assert [state.limits.users.allow(1, 0.0), state.limits.users.allow(1, 1.0)] == [True, False]
    retriever = Retriever.from_settings(Settings(corpus=mini_corpus, use_cache=False))
    state.retriever = retriever
    assert state.retriever is retriever
