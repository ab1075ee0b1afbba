"""Answer Chinese questions from a corpus of news articles with their best sentence."""

from .answer import Answer, ArticleRef, AskResult
from .corpus import Article, Corpus, Paragraph, load_corpus
from .errors import (
    ConfigError,
    CorpusError,
    EmptyCorpusError,
    IndexCacheError,
    QAError,
    QuestionError,
)
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
    "IndexCacheError",
    "Paragraph",
    "QAError",
    "QuestionError",
    "Retriever",
    "Settings",
    "load_corpus",
]
