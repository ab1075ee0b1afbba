"""What the configured mode needs, checked before start and by ``bot.py --check``."""

from __future__ import annotations

import importlib
from pathlib import Path

from qa.doctor import Check

from .envnames import EnvReport, check_environment
from .settings import BotSettings

__all__ = ["environment_report", "mode_check"]

# Module each mode or feature needs, and the extra of python-telegram-bot that brings it.
_NEEDS = {
    "webhook": ("tornado", "python-telegram-bot[webhooks]"),
    "rate limiter": ("aiolimiter", "python-telegram-bot[rate-limiter]"),
    "job queue": ("apscheduler", "python-telegram-bot[job-queue]"),
}


def mode_check(settings: BotSettings) -> Check:
    """Check that what the configured mode needs is installed."""
    needed = ["rate limiter", "job queue"] + (["webhook"] if settings.webhook_url else [])
    for feature in needed:
        module, extra = _NEEDS[feature]
        try:
            importlib.import_module(module)
        except ImportError:
            return Check("mode", False, f"{feature} needs {extra} ({module} is not installed)")
    if settings.webhook_url:
        where = f"{settings.webhook_listen}:{settings.webhook_port}"
        return Check("mode", True, f"webhook {settings.webhook_url} served on {where}")
    return Check("mode", True, "long polling")


def environment_report(settings: BotSettings) -> EnvReport:
    """Unknown QA_ variables in the environment and the settings' .env file."""
    env_file = settings.model_config.get("env_file")
    return check_environment(settings, Path(env_file) if isinstance(env_file, str) else None)
