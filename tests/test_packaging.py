"""What installing the package brings: everything the documented modes need."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def requirement(name: str) -> Requirement:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (found,) = [r for r in map(Requirement, project["dependencies"]) if r.name == name]
    return found


def test_webhook_mode_is_installed_with_the_bot() -> None:
    """Webhook mode (documented for deployment) needs python-telegram-bot's tornado extra."""
    assert {"webhooks", "job-queue", "rate-limiter"} <= requirement("python-telegram-bot").extras
