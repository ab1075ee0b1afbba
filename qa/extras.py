"""Optional libraries for reading web pages, Word files and PDFs, and drawing charts."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from .errors import ConfigError

__all__ = ["EXTRA_HINT", "require"]

EXTRA_HINT = "pip install 'qa-news-bot[editor]'"
_PACKAGES = {"docx": "python-docx"}  # import name -> what pip installs


def require(module: str, purpose: str) -> ModuleType:
    """Import an optional dependency, or say which extra to install.

    Raises:
        ConfigError: the module is not installed.
    """
    try:
        return import_module(module)
    except ImportError as e:
        name = _PACKAGES.get(e.name or module, e.name or module)
        raise ConfigError(f"{purpose} needs {name}: {EXTRA_HINT}") from None
