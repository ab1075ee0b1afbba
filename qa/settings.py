"""Settings shared by the CLI and the bot (env prefix ``QA_``, ``.env`` supported)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import ConfigError

__all__ = ["Settings", "bundled_corpus", "default_cache_dir", "env_name"]


def bundled_corpus() -> Path:
    """Return the folder of the bundled articles, in a checkout or an installed wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "corpus", here.parent / "corpus"):
        if candidate.is_dir():
            return candidate
    return here.parent / "corpus"


def default_cache_dir() -> Path:
    """Return the per-user cache folder (``$XDG_CACHE_HOME/qa-news-bot``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qa-news-bot"


def env_name(loc: Sequence[int | str]) -> str:
    """Return the environment variable of a setting given its place in a validation error."""
    name = str(loc[0]).upper() if loc else ""
    return name if name.startswith("TELEGRAM_") else f"QA_{name}"


class Settings(BaseSettings):
    """Retriever settings; every field can be set as ``QA_<NAME>`` or in ``.env``."""

    model_config = SettingsConfigDict(
        env_prefix="QA_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    corpus: Path | None = Field(
        default=None, description="Folder of .md/.txt articles or a .jsonl file."
    )
    top_k: int = Field(default=1, ge=1, le=50, description="Answers returned per question.")
    min_confidence: float = Field(
        default=0.33,
        ge=0.0,
        le=1.0,
        description=(
            "No-answer floor: below this confidence (0-1) that the best sentence holds what "
            "was asked, the answer is 不知道."
        ),
    )
    hint_confidence: float = Field(
        default=0.2,
        ge=0.0,
        le=1.0,
        description=(
            "With no answer, a best sentence of at least this confidence is still shown after "
            "不知道, as the nearest sentence, which may not answer (1 turns it off)."
        ),
    )
    max_question_chars: int = Field(
        default=300, ge=10, le=10_000, description="Longer questions are cut before ranking."
    )
    tokenizer: Literal["rjieba", "jieba"] = Field(
        default="rjieba", description="Word segmenter: rjieba (jieba in Rust) or jieba."
    )
    semantic: Literal["auto", "on", "off"] = Field(
        default="auto",
        description='Semantic ranking (the "semantic" extra): auto = on when it is installed.',
    )
    semantic_max_sentences: int = Field(
        default=50_000,
        ge=0,
        description="With QA_SEMANTIC=auto, larger corpora are ranked lexically (no embedding).",
    )
    cache_dir: Path | None = Field(
        default=None, description="Where saved indexes go (default ~/.cache/qa-news-bot)."
    )
    use_cache: bool = Field(default=True, description="Save and reuse the built index.")
    question_log: Path | None = Field(
        default=None, description="SQLite file logging questions asked (off when unset)."
    )
    log_retention_days: int = Field(
        default=90, ge=1, description="Logged questions older than this are deleted."
    )
    log_chat_ids: bool = Field(
        default=False, description="Also log chat and user ids with each question."
    )

    @classmethod
    def load(cls, **values: Any) -> Self:
        """Return the settings given values, then the environment, then ``.env``.

        Raises:
            ConfigError: a setting is invalid; one line naming its variable, never its value.
        """
        try:
            return cls(**values)
        except ValidationError as e:
            first = e.errors(include_input=False, include_url=False)[0]
            raise ConfigError(
                f"invalid setting {env_name(first['loc'])}: {first['msg']}"
            ) from None
        except (UnicodeDecodeError, OSError) as e:  # the .env file, read by pydantic-settings
            env_file = values.get("_env_file", cls.model_config.get("env_file"))
            raise ConfigError(f"{env_file} can't be read as settings ({e})") from None

    def corpus_path(self) -> Path:
        """Return the configured corpus, or the bundled one."""
        return self.corpus if self.corpus is not None else bundled_corpus()

    def cache_path(self) -> Path:
        """Return the configured cache folder, or the per-user default."""
        return self.cache_dir if self.cache_dir is not None else default_cache_dir()
