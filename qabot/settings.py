"""Settings of the Telegram bot: the retriever's settings plus token, access and webhook."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Self
from urllib.parse import urlparse

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from qa.errors import ConfigError
from qa.settings import Settings

__all__ = ["BotSettings"]

_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
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
    webhook_listen: str = Field(default="0.0.0.0", description="Webhook listen address.")
    webhook_port: int = Field(default=8443, ge=1, le=65535, description="Webhook listen port.")
    webhook_secret: SecretStr | None = Field(
        default=None, description="Secret token Telegram sends with every webhook request."
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
