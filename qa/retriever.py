"""The retriever: a corpus, its index and a tokenizer, answering questions."""

from __future__ import annotations

from .answer import Answer, ArticleRef, AskResult, highlight_spans
from .corpus import Corpus, load_corpus
from .errors import QuestionError
from .index import Index, build_index
from .ranking import Weights, rank
from .settings import Settings
from .tokenizer import Tokenizer

__all__ = ["Retriever"]


class Retriever:
    """Answers questions from one corpus with its best sentences."""

    def __init__(self, index: Index, tokenizer: Tokenizer, settings: Settings) -> None:
        self.index = index
        self.tokenizer = tokenizer
        self.settings = settings
        self.weights = Weights()

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Retriever:
        """Load the configured corpus and build (or load) its index."""
        settings = settings or Settings()
        corpus = load_corpus(settings.corpus_path())
        return cls.from_corpus(corpus, settings)

    @classmethod
    def from_corpus(cls, corpus: Corpus, settings: Settings | None = None) -> Retriever:
        """Index a loaded corpus."""
        settings = settings or Settings()
        tokenizer = Tokenizer(settings.tokenizer, corpus.userdict)
        return cls(build_index(corpus, tokenizer.many), tokenizer, settings)

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
        text = question.strip()[: self.settings.max_question_chars]
        terms = self.tokenizer(text)
        k = top_k if top_k is not None else self.settings.top_k
        ranked = rank(self.index, text, terms, k, self.weights)
        floor = self.settings.min_confidence
        answers = tuple(self._answer(r.sentence_id, r.score, r.confidence, terms) for r in ranked if r.confidence >= floor)
        return AskResult(question, tuple(dict.fromkeys(terms)), answers)

    def _answer(self, sentence_id: int, score: float, confidence: float, terms: list[str]) -> Answer:
        s = self.index.sentences[sentence_id]
        article = self.corpus.articles[s.article]
        paragraph = article.paragraphs[s.paragraph]
        matched = tuple(t for t in dict.fromkeys(terms) if highlight_spans(s.text, [t]))
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
