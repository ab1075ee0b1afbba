"""Answer Chinese questions from a corpus of news articles with their best sentence.

The names below are imported on first use, so that `import qa` (and `qa --help`) does not pay
for numpy, scipy and pydantic until a retriever or settings are needed.
"""

import importlib
import typing

from .errors import (
    ConfigError,
    CorpusError,
    EmptyCorpusError,
    FileError,
    IndexCacheError,
    QAError,
    QuestionError,
    QuestionFileError,
)

if typing.TYPE_CHECKING:
    from .answer import Answer, ArticleRef, AskResult
    from .corpus import Article, Corpus, Paragraph, load_corpus
    from .retriever import Retriever
    from .settings import Settings

__all__ = [
    "Answer",
    "Article",
    "ArticleRef",
    "AskResult",
    "ConfigError",
    "Corpus",
    "CorpusError",
    "EmptyCorpusError",
    "FileError",
    "IndexCacheError",
    "Paragraph",
    "QAError",
    "QuestionError",
    "QuestionFileError",
    "Retriever",
    "Settings",
    "load_corpus",
]

_HOMES = {
    "Answer": "answer",
    "ArticleRef": "answer",
    "AskResult": "answer",
    "Article": "corpus",
    "Corpus": "corpus",
    "Paragraph": "corpus",
    "load_corpus": "corpus",
    "Retriever": "retriever",
    "Settings": "settings",
}


def __getattr__(name: str) -> object:
    """Import a public name from its module the first time it is asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
