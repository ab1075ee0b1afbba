"""``QA_`` variables that are not settings: a typo fails open, so the bot names them."""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

__all__ = ["ACCESS_SETTINGS", "EnvReport", "check_environment", "setting_names"]

# Settings that narrow who the bot serves: left empty by a typo, the bot serves everyone.
ACCESS_SETTINGS = ("allowed_chats", "admins")


@dataclass(frozen=True)
class EnvReport:
    """Unknown ``QA_`` names, and those that look like a misspelt access setting left empty."""

    unknown: tuple[str, ...]
    widening: tuple[tuple[str, str], ...]  # (name given, setting it resembles)

    def warnings(self) -> list[str]:
        """Return one line per unknown name, with the setting it may have meant."""
        meant = dict(self.widening)
        return [
            f"{name} is not a setting and is ignored"
            + (f" (did you mean {meant[name]}?)" if name in meant else "")
            for name in self.unknown
        ]


def setting_names(model: type[BaseSettings]) -> dict[str, str]:
    """Return {environment variable: field name} for every field of a settings class."""
    prefix = str(model.model_config.get("env_prefix") or "")
    names: dict[str, str] = {}
    for field, info in model.model_fields.items():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names.update({str(choice).upper(): field for choice in alias.choices})
        names[f"{prefix}{field}".upper()] = field
    return names


def check_environment(
    settings: BaseSettings,
    env_file: Path | str | None,
    environ: Mapping[str, str] | None = None,
) -> EnvReport:
    """Find ``QA_`` variables in the environment and env_file that no setting reads."""
    known = setting_names(type(settings))
    given = {name.upper() for name in (os.environ if environ is None else environ)}
    if env_file is not None and Path(env_file).is_file():
        given |= {name.upper() for name in dotenv_values(env_file)}
    unknown = tuple(sorted(n for n in given if n.startswith("QA_") and n not in known))
    access = {name: field for name, field in known.items() if field in ACCESS_SETTINGS}
    widening = []
    for name in unknown:
        close = difflib.get_close_matches(name, list(access), n=1, cutoff=0.75)
        if close and not getattr(settings, access[close[0]]):
            widening.append((name, close[0]))
    return EnvReport(unknown, tuple(widening))
