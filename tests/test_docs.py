"""The README and .env.example document every setting and every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.cli import cli
from qabot.settings import BotSettings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")


def env_name(field: str) -> str:
    """Return the environment variable a settings field is read from."""
    return field.upper() if field.startswith("telegram_") else f"QA_{field.upper()}"


@pytest.mark.parametrize("field", sorted(BotSettings.model_fields))
def test_every_setting_is_documented(field: str) -> None:
    name = env_name(field)
    assert f"`{name}`" in README
    assert f"{name}=" in ENV_EXAMPLE


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"qa {command}" in README
