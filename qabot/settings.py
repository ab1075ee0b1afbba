"""Settings of the Telegram bot: the retriever's settings plus token, access and webhook."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, Self
from urllib.parse import urlparse

from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from qa.errors import ConfigError
from qa.settings import Settings

from .envnames import check_environment

__all__ = ["BotSettings"]

_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
ChatIds = Annotated[list[int], NoDecode]


class BotSettings(Settings):
    """Bot settings: ``TELEGRAM_BOT_TOKEN``, ``TELEGRAM_API_BASE_URL`` and ``QA_<NAME>``."""

    # Inputs are never echoed in validation errors: one of them is the token.
    model_config = SettingsConfigDict(hide_input_in_errors=True)

    telegram_bot_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "telegram_bot_token"),
        description="The token BotFather gave you (required to run the bot).",
    )
    telegram_api_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_API_BASE_URL", "telegram_api_base_url"),
        description="A self-hosted Bot API server, e.g. http://127.0.0.1:8081/bot.",
    )
    allowed_chats: ChatIds = Field(
        default_factory=list, description="Chat ids the bot serves; empty serves everyone."
    )
    admins: ChatIds = Field(
        default_factory=list,
        description="User ids who may /reload and /stats; never limited or refused.",
    )
    channels: ChatIds = Field(
        default_factory=list,
        description="Channel ids whose posts become articles (the bot must be a channel admin).",
    )
    questions_per_minute: int = Field(
        default=10, ge=0, description="Questions per user per minute (0 = no limit)."
    )
    chat_requests_per_minute: int = Field(
        default=20,
        ge=0,
        description="Requests per chat per minute (0 = no limit); Telegram lets a bot send "
        "about 20 messages a minute into a group.",
    )
    log_questions: bool = Field(default=False, description="Log the text of questions.")
    example_question: str | None = Field(
        default=None, description="Shown by /start and /help (default: the first title)."
    )
    watch_corpus_seconds: int = Field(
        default=0, ge=0, description="Check the corpus for edits this often (0 = only /reload)."
    )
    webhook_url: str | None = Field(
        default=None, description="Public HTTPS URL for webhook mode; unset means polling."
    )
    webhook_listen: str = Field(
        default="127.0.0.1",
        description="Webhook listen address: the reverse proxy in front reaches it locally.",
    )
    webhook_port: int = Field(default=8443, ge=1, le=65535, description="Webhook listen port.")
    webhook_secret: SecretStr | None = Field(
        default=None,
        validate_default=True,
        description="Secret token Telegram sends with every webhook request (required).",
    )

    @field_validator("telegram_bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN.match(value.get_secret_value().strip()):
            raise ValueError(
                "TELEGRAM_BOT_TOKEN is malformed: expected <digits>:<at least 20 letters, "
                "digits, _ or ->, as BotFather gives it"
            )
        return SecretStr(value.get_secret_value().strip()) if value is not None else None

    @field_validator("telegram_api_base_url")
    @classmethod
    def _check_base_url(cls, value: str | None) -> str | None:
        # python-telegram-bot appends the token to this URL: a malformed one ends up in
        # tracebacks and log lines together with the token.
        if value is None:
            return None
        url = urlparse(value.strip())
        token_slot = url.path.endswith("/bot") or "{token}" in url.path
        plain = not (url.query or url.fragment or any(c.isspace() for c in value.strip()))
        if url.scheme not in ("http", "https") or not url.hostname or not token_slot or not plain:
            raise ValueError(
                "TELEGRAM_API_BASE_URL must look like http://127.0.0.1:8081/bot "
                "(the token is appended to it)"
            )
        return value.strip()

    @field_validator("webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        if value is not None and not (value.startswith("https://") and urlparse(value).hostname):
            raise ValueError("must be an https:// URL (Telegram only posts updates over HTTPS)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None, info: ValidationInfo) -> Any:
        # Without a secret anyone who reaches the port can post updates claiming to be anyone.
        if value is None:
            if info.data.get("webhook_url"):
                raise ValueError(
                    "required in webhook mode; make one with "
                    "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
                )
            return None
        if not _SECRET.match(value.get_secret_value()):
            raise ValueError("must be 1-256 characters A-Z, a-z, 0-9, _ or - (Telegram's rule)")
        return value

    @field_validator("allowed_chats", "admins", "channels", mode="before")
    @classmethod
    def _parse_ids(cls, value: Any) -> Any:
        """Accept a JSON list ("[1, -100]") or a comma list ("1,-100") from the environment."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]

    @classmethod
    def load(cls, **values: Any) -> Self:
        """Return the settings for running the bot, which needs a token.

        Raises:
            ConfigError: a setting is invalid or the token is missing; the message is one line
                and never contains the token.
        """
        settings = super().load(**values)
        if settings.telegram_bot_token is None:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)")
        env_file = values.get("_env_file", cls.model_config.get("env_file"))
        path = env_file if isinstance(env_file, str | Path) else None
        report = check_environment(settings, path)
        for name, meant in report.widening:
            # A typo in an access setting fails open: the bot would serve everyone.
            raise ConfigError(
                f"{name} is not a setting (did you mean {meant}?); refusing to start "
                f"with {meant} empty"
            )
        return settings

    def webhook_options(self) -> dict[str, Any]:
        """Return the keyword arguments of python-telegram-bot's run_webhook."""
        secret = self.webhook_secret
        return {
            "listen": self.webhook_listen,
            "port": self.webhook_port,
            "url_path": urlparse(self.webhook_url or "").path.lstrip("/"),
            "webhook_url": self.webhook_url,
            "secret_token": secret.get_secret_value() if secret else None,
        }
