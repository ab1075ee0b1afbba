"""Errors raised by the retriever.

Our exception hierarchy:

* QAError
  + ConfigError        a setting or option is unusable
  + QuestionError      the question is empty or unusable
  + FileError          an input file can't be read or parsed (names the file and line)
    - CorpusError      ... a corpus file
      - EmptyCorpusError the corpus holds no article
    - QuestionFileError ... a file of questions to evaluate
  + IndexCacheError    a saved index is unreadable (callers rebuild)
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ConfigError",
    "CorpusError",
    "EmptyCorpusError",
    "FileError",
    "IndexCacheError",
    "QAError",
    "QuestionError",
    "QuestionFileError",
]


class QAError(Exception):
    """Base class of every error the retriever raises on purpose."""


class ConfigError(QAError):
    """A setting or option is unusable."""


class QuestionError(QAError):
    """The question is empty or unusable."""


class FileError(QAError):
    """An input file can't be read or parsed; the message names the file and line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


class CorpusError(FileError):
    """A corpus file can't be read or parsed."""


class QuestionFileError(FileError):
    """A file of questions to evaluate can't be read or parsed."""


class EmptyCorpusError(CorpusError):
    """The corpus holds no article."""


class IndexCacheError(QAError):
    """A saved index is unreadable or was written by another version."""
