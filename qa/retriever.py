"""The retriever: a corpus, its index and a tokenizer, answering questions."""

from __future__ import annotations

import hashlib
import logging
import re

from .answer import Answer, ArticleRef, AskResult, fold
from .chunking import MAX_SENTENCE_CHARS
from .corpus import Corpus, load_corpus
from .errors import IndexCacheError, QuestionError
from .index import Index, ProgressHook, build_index
from .ranking import Weights, rank
from .semantic import Semantic, blend
from .semantic import enabled as semantic_enabled
from .settings import Settings
from .store import FORMAT, IndexStore, is_current
from .tokenizer import Tokenizer
from .vectors import attach, vectors_path

__all__ = ["ProgressHook", "Retriever", "index_key"]

logger = logging.getLogger(__name__)

_TAGS = re.compile(r"<[^<>]{1,64}>")  # HTML pasted with a question is markup, not words


def index_key(settings: Settings, corpus: Corpus) -> str:
    """What, besides the articles, decides the index's content."""
    userdict = hashlib.sha1(corpus.userdict.read_bytes()).hexdigest() if corpus.userdict else ""
    return f"{FORMAT}:{settings.tokenizer}:{MAX_SENTENCE_CHARS}:{userdict}"


class Retriever:
    """Answers questions from one corpus with its best sentences."""

    def __init__(
        self,
        index: Index,
        tokenizer: Tokenizer,
        settings: Settings,
        semantic: Semantic | None = None,
    ) -> None:
        self.index = index
        self.tokenizer = tokenizer
        self.settings = settings
        self.weights = Weights()
        self.semantic = semantic

    @classmethod
    def from_settings(
        cls, settings: Settings | None = None, progress: ProgressHook | None = None
    ) -> Retriever:
        """Load the configured corpus and its saved index, building what is missing."""
        settings = settings or Settings()
        return cls.from_corpus(load_corpus(settings.corpus_path()), settings, progress)

    @classmethod
    def from_corpus(
        cls, corpus: Corpus, settings: Settings | None = None, progress: ProgressHook | None = None
    ) -> Retriever:
        """Index a loaded corpus, reusing a saved index (or its unchanged articles) if allowed."""
        settings = settings or Settings()
        semantic = semantic_enabled(settings.semantic)  # a ConfigError before any work
        tokenizer = Tokenizer(settings.tokenizer, corpus.userdict)
        if not settings.use_cache:
            index = build_index(corpus, tokenizer.many, None, tokenizer.encode_many, progress)
            vectors = attach(index, None, progress) if semantic else None
            return cls(index, tokenizer, settings, vectors)
        store = IndexStore(settings.cache_path(), index_key(settings, corpus))
        vector_file = vectors_path(store.path_for(corpus)) if semantic else None
        previous: Index | None = None
        try:
            previous = store.load(corpus)
        except IndexCacheError as e:
            if store.path_for(corpus).exists():
                logger.warning("rebuilding the index: %s", e)
        if previous is not None and is_current(previous, corpus):
            index = previous
        else:
            index = build_index(corpus, tokenizer.many, previous, tokenizer.encode_many, progress)
            try:
                store.save(index)
            except OSError as e:
                logger.warning("could not save the index in %s: %s", store.folder, e)
        vectors = attach(index, vector_file, progress) if vector_file else None
        return cls(index, tokenizer, settings, vectors)

    @property
    def corpus(self) -> Corpus:
        """Return the corpus being searched."""
        return self.index.corpus

    def ask(self, question: str, top_k: int | None = None) -> AskResult:
        """Return the best answers to a question; none when nothing is relevant enough.

        Raises:
            QuestionError: the question is empty.
        """
        if not question or not question.strip():
            raise QuestionError("the question is empty")
        text = _TAGS.sub(" ", question.strip()[: self.settings.max_question_chars])
        terms = self.tokenizer(text)
        k = top_k if top_k is not None else self.settings.top_k
        dense = self.semantic.ask(text) if self.semantic is not None and terms else None
        ranked = rank(self.index, text, terms, k, self.weights, dense)
        floor = self.settings.min_confidence
        answers = tuple(
            self._answer(r.sentence_id, r.score, confidence, terms)
            for r in ranked
            if (confidence := _confidence(r.confidence, r.semantic)) >= floor
        )
        ranker = "semantic" if self.semantic is not None else "lexical"
        return AskResult(question, tuple(dict.fromkeys(terms)), answers, ranker)

    def _answer(
        self, sentence_id: int, score: float, confidence: float, terms: list[str]
    ) -> Answer:
        s = self.index.sentences[sentence_id]
        article = self.corpus.articles[s.article]
        paragraph = article.paragraphs[s.paragraph]
        folded = fold(s.text)
        matched = tuple(t for t in dict.fromkeys(terms) if t in folded)
        return Answer(
            sentence=s.text,
            score=round(score, 4),
            confidence=round(confidence, 3),
            article=ArticleRef.of(article),
            context=paragraph.text,
            matched=matched,
            sentence_id=sentence_id,
            heading=paragraph.heading,
        )


def _confidence(lexical: float, cosine: float | None) -> float:
    """The confidence compared with the floor: lexical, blended with the cosine when known."""
    return lexical if cosine is None else blend(lexical, cosine)
