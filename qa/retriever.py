"""The retriever: a corpus, its index and a tokenizer, answering questions."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .answer import Answer, ArticleRef, AskResult, fold_many
from .asking import read_question
from .chunking import whole_sentence, with_referent
from .corpus import Article, Corpus, Paragraph, load_corpus
from .errors import IndexCacheError, QuestionError
from .index import Index, ProgressHook, build_index
from .normalize import normalize
from .ranking import SEMANTIC, Ranked, RankingParams, rank
from .semantic import DenseQuery, Semantic
from .semantic import enabled as semantic_enabled
from .settings import Settings
from .store import IndexStore, is_current
from .tokenizer import Tokenizer
from .vectors import attach, vectors_path

__all__ = ["ProgressHook", "Retriever"]

logger = logging.getLogger(__name__)

_TAGS = re.compile(r"<[^<>]{1,64}>")  # HTML pasted with a question is markup, not words


@dataclass(frozen=True)
class _Read:
    """A question as the ranking takes it: cleaned text, its terms and their synonyms."""

    question: str
    text: str
    terms: list[str]
    synonyms: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class _Place:
    """An answer sentence's article, its paragraph (number and itself) and its whole text."""

    article: Article
    number: int
    paragraph: Paragraph
    text: str


class Retriever:
    """Answers questions from one corpus with its best sentences.

    From outside, use `from_settings` (or `from_corpus`), `ask`, `corpus` and the figures
    `sentence_count`, `article_sizes` and `cache_file`; the index is an implementation detail.
    """

    def __init__(
        self,
        index: Index,
        tokenizer: Tokenizer,
        settings: Settings,
        store: IndexStore | None = None,
        semantic: Semantic | None = None,
        saved: bool = True,
    ) -> None:
        self.index = index
        self.tokenizer = tokenizer
        self.settings = settings
        self.store = store
        self.saved = saved  # False when the store could not write this index
        # The cosine changes what the other signals should weigh (measured: bench/quality.py).
        self.params = SEMANTIC if semantic is not None else RankingParams()
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
            index = build_index(corpus, tokenizer, None, progress)
            on = semantic and _embeddable(index, settings)
            vectors = attach(index, None, progress) if on else None
            return cls(index, tokenizer, settings, None, vectors)
        store = IndexStore.for_corpus(settings, corpus)
        try:
            store.adopt_legacy(corpus)
        except OSError as e:
            logger.warning("could not tidy older index files in %s: %s", store.folder, e)
        previous: Index | None = None
        try:
            previous = store.load(corpus)
        except IndexCacheError as e:
            if store.path_for(corpus).exists():
                logger.warning("rebuilding the index: %s", e)
        saved = True
        if previous is not None and is_current(previous, corpus):
            index = previous
        else:
            index = build_index(corpus, tokenizer, previous, progress)
            try:
                store.save(index)
            except OSError as e:
                logger.warning("could not save the index in %s: %s", store.folder, e)
                saved = False
        vectors = None
        if semantic and _embeddable(index, settings):
            vectors = attach(index, vectors_path(store.path_for(corpus)), progress)
        return cls(index, tokenizer, settings, store, vectors, saved)

    @property
    def corpus(self) -> Corpus:
        """Return the corpus being searched."""
        return self.index.corpus

    @property
    def sentence_count(self) -> int:
        """Return how many sentences the corpus was split into."""
        return len(self.index.sentences)

    def article_sizes(self) -> list[int]:
        """Return each article's number of sentences, in corpus order."""
        return [int(n) for n in self.index.article_start[1:] - self.index.article_start[:-1]]

    @property
    def cache_file(self) -> Path | None:
        """Return the file the index is saved in; None when the cache is off or a save failed."""
        return self.store.path_for(self.corpus) if self.store and self.saved else None

    def ask(self, question: str, top_k: int | None = None) -> AskResult:
        """Return the best answers to a question; none when nothing is relevant enough.

        Raises:
            QuestionError: the question is empty.
        """
        return self.ask_many([question], top_k)[0]

    def ask_many(self, questions: Sequence[str], top_k: int | None = None) -> list[AskResult]:
        """Answer several questions; with the semantic extra they are embedded in one pass.

        Raises:
            QuestionError: a question is empty.
        """
        read = [self._read(q) for q in questions]
        dense: list[DenseQuery | None] = [None] * len(read)
        if self.semantic is not None:
            asked = [i for i, r in enumerate(read) if r.terms]
            for i, d in zip(
                asked, self.semantic.ask_many([read[i].text for i in asked]), strict=True
            ):
                dense[i] = d
        return [self._ranked(r, top_k, d) for r, d in zip(read, dense, strict=True)]

    def unknown_words(self, question: str) -> tuple[str, ...]:
        """The question's main words that no article holds, nor any synonym of them.

        Raises:
            QuestionError: the question is empty.
        """
        read = self._read(question)
        words = read_question(read.text, read.terms, read.synonyms).words
        held = self.index.paragraph_bm25.holds
        return tuple(
            w
            for w in words
            if not held(w)
            and not any(held(a) for t in read.terms if t in w for a in read.synonyms.get(t, ()))
        )

    def _read(self, question: str) -> _Read:
        if not question or not question.strip():
            raise QuestionError("the question is empty")
        text = _TAGS.sub(" ", question.strip()[: self.settings.max_question_chars])
        expansion = self.corpus.synonyms.apply(normalize(text))
        terms = self.tokenizer(expansion.text)
        terms += self._whole_targets(expansion.text, terms)
        return _Read(question, expansion.text, terms, self._synonyms(expansion.alternatives))

    def _whole_targets(self, text: str, terms: list[str]) -> list[str]:
        """The one-way synonyms written into the question that its cut split, when an article
        holds them whole: 跑道 => 步道 makes 跑道边上 步道边上, which cuts as 步/道/边上."""
        held = self.index.paragraph_bm25.holds
        return [
            t
            for _, targets in self.corpus.synonyms.replacements
            for t in targets
            if t in text and t not in terms and held(t)
        ]

    def _ranked(self, read: _Read, top_k: int | None, dense: DenseQuery | None) -> AskResult:
        k = top_k if top_k is not None else self.settings.top_k
        ranked = rank(self.index, read.text, read.terms, k, self.params, read.synonyms, dense)
        terms = list(dict.fromkeys(read.terms))
        floor = self.settings.min_confidence
        ranker = "semantic" if self.semantic is not None else "lexical"
        # The best sentence decides whether the question is answered at all: a lower one
        # passing the floor when the best does not would answer a question the page lacks.
        if ranked and ranked[0].confidence < floor:
            near = ranked[0].confidence >= self.settings.hint_confidence
            nearest = self._answers(ranked[:1], terms)[0] if near else None
            return AskResult(read.question, tuple(terms), (), ranker, nearest)
        answers = self._answers([r for r in ranked if r.confidence >= floor], terms)
        return AskResult(read.question, tuple(terms), answers, ranker)

    def _answers(self, ranked: list[Ranked], terms: list[str]) -> tuple[Answer, ...]:
        places = [self._place(r.sentence_id) for r in ranked]
        # The answers' texts normalised in one pass (the terms they hold are found in these).
        folded = fold_many([place.text for place in places])
        return tuple(
            self._answer(r, place, [t for t in terms if t in f])
            for r, place, f in zip(ranked, places, folded, strict=True)
        )

    def _synonyms(
        self, alternatives: tuple[tuple[str, tuple[str, ...]], ...]
    ) -> dict[str, tuple[str, ...]]:
        """Each question term found in a synonym group, with the other members' terms."""
        out: dict[str, tuple[str, ...]] = {}
        for phrase, others in alternatives:
            alike = tuple(t for other in others for t in self._terms_of(other))
            for term in self.tokenizer(phrase) or [phrase]:
                out[term] = out.get(term, ()) + alike
        return out

    def _terms_of(self, word: str) -> list[str]:
        """A synonym's search terms: the word whole when an article holds it, else its tokens.

        Cut alone, a word can fall apart (步道 into 步 and 道) where an article's context kept
        it whole (环湖步道): its pieces would search for something else.
        """
        if self.index.paragraph_bm25.holds(word):
            return [word]
        return self.tokenizer(word) or [word]

    def _place(self, sentence_id: int) -> _Place:
        """Where a sentence is, and its text: whole even where the index cut a long one, and
        with the sentence before when it refers back to it (这, 其, 是 with no subject …)."""
        table = self.index.sentences
        article = self.corpus.articles[int(table.article[sentence_id])]
        number = int(table.paragraph[sentence_id])
        paragraph = article.paragraphs[number]
        start, end = int(table.start[sentence_id]), int(table.end[sentence_id])
        start, end = with_referent(paragraph.text, *whole_sentence(paragraph.text, start, end))
        return _Place(article, number, paragraph, paragraph.text[start:end])

    def _answer(self, r: Ranked, place: _Place, matched: list[str]) -> Answer:
        return Answer(
            sentence=place.text,
            score=round(r.score, 4),
            confidence=round(r.confidence, 3),
            article=ArticleRef.of(place.article),
            context=place.paragraph.text,
            matched=tuple(matched),
            sentence_id=r.sentence_id,
            paragraph=place.number,
            heading=place.paragraph.heading,
        )


def _embeddable(index: Index, settings: Settings) -> bool:
    """Whether "auto" embeds this corpus: past the limit the first build would take hours."""
    n, limit = len(index.sentences), settings.semantic_max_sentences
    if settings.semantic != "auto" or n <= limit:
        return True
    logger.warning(
        "semantic ranking left off: %d sentences is more than QA_SEMANTIC_MAX_SENTENCES=%d "
        "(embedding takes about 20 ms a sentence; QA_SEMANTIC=on embeds them anyway)",
        n,
        limit,
    )
    return False
