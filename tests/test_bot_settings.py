"""BotSettings: the token from TELEGRAM_BOT_TOKEN, its validation, and the id lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from qa import ConfigError
from qabot.settings import BotSettings

TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345"


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a developer's token and .env out of these tests."""
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("TELEGRAM_API_BASE_URL", raising=False)
    monkeypatch.setitem(BotSettings.model_config, "env_file", None)


def test_token_comes_from_telegram_bot_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    settings = BotSettings()
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == TOKEN
    assert TOKEN not in repr(settings)


def test_prefixed_token_name_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_TELEGRAM_BOT_TOKEN", TOKEN)
    assert BotSettings().telegram_bot_token is None


def test_token_and_settings_from_dotenv(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nQA_ADMINS=7,8\nQA_TOP_K=2\n", encoding="utf-8")
    settings = BotSettings(_env_file=env)
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == TOKEN
    assert (settings.admins, settings.top_k) == ([7, 8], 2)


def test_defaults() -> None:
    settings = BotSettings()
    assert settings.telegram_bot_token is None
    assert settings.allowed_chats == [] and settings.admins == []
    assert (settings.questions_per_minute, settings.log_questions) == (10, False)
    assert (settings.webhook_url, settings.webhook_listen, settings.webhook_port) == (
        None,
        "127.0.0.1",
        8443,
    )


@pytest.mark.parametrize(
    "token",
    [
        "123:short",
        "abc:ABCdefGHIjklMNOpqrSTUvwxYZ",
        "123456ABCdefGHIjklMNOpqrSTUvwxYZ",
        "1:a b" * 9,
    ],
)
def test_malformed_token_error_hides_the_token(
    monkeypatch: pytest.MonkeyPatch, token: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    with pytest.raises(ValidationError) as exc_info:
        BotSettings()
    message = str(exc_info.value)
    assert "TELEGRAM_BOT_TOKEN is malformed" in message
    assert token not in message
    assert token.split(":")[-1] not in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", []),
        ("42", [42]),
        ("1, -1001234567890", [1, -1001234567890]),
        ("[1, -4001]", [1, -4001]),
        ("[]", []),
    ],
)
def test_allowed_chats_parsing(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: list[int]
) -> None:
    monkeypatch.setenv("QA_ALLOWED_CHATS", raw)
    assert BotSettings().allowed_chats == expected


@pytest.mark.parametrize("raw", ["abc", "1,x", "[1, 'a']"])
def test_bad_chat_ids_are_rejected(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("QA_ALLOWED_CHATS", raw)
    with pytest.raises((ValidationError, ValueError)):
        BotSettings()


def test_webhook_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_WEBHOOK_URL", "https://example.com/telegram")
    monkeypatch.setenv("QA_WEBHOOK_PORT", "8080")
    monkeypatch.setenv("QA_WEBHOOK_SECRET", "s3cret")
    settings = BotSettings()
    assert settings.webhook_url == "https://example.com/telegram"
    assert settings.webhook_port == 8080
    assert settings.webhook_secret is not None
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "1:too-short"}, "TELEGRAM_BOT_TOKEN is malformed"),
        (
            {"TELEGRAM_BOT_TOKEN": TOKEN, "QA_QUESTIONS_PER_MINUTE": "-1"},
            "invalid setting QA_QUESTIONS_PER_MINUTE:",
        ),
    ],
)
def test_load_gives_one_line_without_the_token(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as exc_info:
        BotSettings.load()
    text = str(exc_info.value)
    assert message in text and "\n" not in text
    assert "too-short" not in text and TOKEN not in text


def test_webhook_options() -> None:
    settings = BotSettings(
        telegram_bot_token=TOKEN,
        webhook_url="https://example.com/hook/telegram",
        webhook_secret="s3cret",
        webhook_port=8080,
    )
    assert settings.webhook_options() == {
        "listen": "127.0.0.1",
        "port": 8080,
        "url_path": "hook/telegram",
        "webhook_url": "https://example.com/hook/telegram",
        "secret_token": "s3cret",
    }


def test_webhook_listens_locally_by_default() -> None:
    assert BotSettings(telegram_bot_token=TOKEN).webhook_listen == "127.0.0.1"


@pytest.mark.parametrize(
    ("env", "name", "message"),
    [
        ({"QA_WEBHOOK_URL": "https://example.com/hook"}, "webhook_secret", "required"),
        (
            {"QA_WEBHOOK_URL": "http://example.com/hook", "QA_WEBHOOK_SECRET": "abc"},
            "webhook_url",
            "https://",
        ),
        ({"QA_WEBHOOK_URL": "https:///hook", "QA_WEBHOOK_SECRET": "abc"}, "webhook_url", "https"),
        (
            {"QA_WEBHOOK_URL": "https://example.com/hook", "QA_WEBHOOK_SECRET": "a b"},
            "webhook_secret",
            "A-Z",
        ),
    ],
    ids=["no-secret", "http", "no-host", "bad-secret"],
)
def test_webhook_mode_refuses_to_start_unprotected(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], name: str, message: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError) as exc_info:
        BotSettings.load()
    text = str(exc_info.value)
    assert name in text.lower() and message in text and "\n" not in text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8081",
        "http://127.0.0.1:8081/",
        "http://127.0.0.1:8081/bot/",
        "127.0.0.1:8081/bot",
        "ftp://127.0.0.1/bot",
        "http:///bot",
        "http://127.0.0.1:8081/bot?x=1",
        "http://127.0.0.1:8081/b ot",
    ],
)
def test_a_malformed_api_base_url_is_one_line_without_the_token(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", url)
    with pytest.raises(ConfigError) as exc_info:
        BotSettings.load()
    text = str(exc_info.value)
    assert "TELEGRAM_API_BASE_URL" in text and "/bot" in text and "\n" not in text
    assert TOKEN.split(":")[1] not in text


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8081/bot", "https://api.example.org/bot", "http://h/x/bot{token}/"]
)
def test_good_api_base_urls_are_kept(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", f" {url} ")
    assert BotSettings.load().telegram_api_base_url == url
