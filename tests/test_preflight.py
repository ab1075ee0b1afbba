"""What the configured mode needs and which QA_ names are unknown: checked by --check and at
start, before anything is served."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qabot.preflight import mode_check
from qabot.settings import BotSettings

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345"
WEBHOOK = {"QA_WEBHOOK_URL": "https://bot.example.org/hook", "QA_WEBHOOK_SECRET": "s3cret"}


@pytest.fixture
def no_tornado(tmp_path: Path) -> Path:
    """A folder that, first on PYTHONPATH, makes `import tornado` fail as if not installed."""
    folder = tmp_path / "shadow" / "tornado"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("raise ImportError('tornado is not installed')\n")
    return folder.parent


def run_bot(corpus: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("QA_", "TELEGRAM_"))}
    base = {"TELEGRAM_BOT_TOKEN": TOKEN, "QA_CORPUS": str(corpus), "QA_USE_CACHE": "false"}
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), *args],
        env=clean | base | env,
        cwd=corpus.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_mode_check_names_what_webhook_mode_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    polling = BotSettings(telegram_bot_token=TOKEN, _env_file=None)
    webhook = BotSettings(
        telegram_bot_token=TOKEN,
        webhook_url="https://bot.example.org/hook",
        webhook_secret="s3cret",
        _env_file=None,
    )
    assert mode_check(webhook).ok and "127.0.0.1:8443" in mode_check(webhook).detail
    monkeypatch.setitem(sys.modules, "tornado", None)  # as if not installed
    assert mode_check(polling).ok
    check = mode_check(webhook)
    assert not check.ok and "python-telegram-bot[webhooks]" in check.detail


def test_check_fails_when_webhook_mode_cannot_run(corpus: Path, no_tornado: Path) -> None:
    checked = run_bot(corpus, "--check", PYTHONPATH=str(no_tornado), **WEBHOOK)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert any(
        line.startswith("FAIL mode:") and "[webhooks]" in line
        for line in checked.stdout.splitlines()
    )


def test_start_refuses_when_webhook_mode_cannot_run(corpus: Path, no_tornado: Path) -> None:
    started = run_bot(corpus, PYTHONPATH=str(no_tornado), **WEBHOOK)
    assert started.returncode == 2 and started.stderr.count("\n") == 1
    assert "python-telegram-bot[webhooks]" in started.stderr


def test_check_warns_of_unknown_names(corpus: Path) -> None:
    checked = run_bot(corpus, "--check", QA_TOP_KK="3")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "warn QA_TOP_KK is not a setting and is ignored" in checked.stdout.splitlines()


def test_start_refuses_an_access_typo(corpus: Path) -> None:
    started = run_bot(corpus, QA_ALLOWED_CHAT="-100")
    assert started.returncode == 2 and started.stderr.count("\n") == 1
    assert "QA_ALLOWED_CHAT is not a setting (did you mean QA_ALLOWED_CHATS?)" in started.stderr
