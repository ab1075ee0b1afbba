"""Optional libraries for reading web pages, Word files and PDFs, and drawing charts."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from .errors import ConfigError

__all__ = ["EXTRA_HINT", "require"]

EXTRA_HINT = "pip install 'qa-news-bot[editor]'"


def require(module: str, purpose: str) -> ModuleType:
    """Import an optional dependency, or say which extra to install.

    Raises:
        ConfigError: the module is not installed.
    """
    try:
        return import_module(module)
    except ImportError as e:
        raise ConfigError(f"{purpose} needs {e.name or module}: {EXTRA_HINT}") from None
