"""Word tokenizing with jieba (Rust or Python implementation), after normalisation."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ConfigError, CorpusError
from .normalize import normalize
from .vocab import Encoded, encode, merge
from .workers import run_all

__all__ = ["STOPWORDS", "Tokenizer", "is_informative"]

_WORD = re.compile(r"\w", re.UNICODE)
BACKENDS = ("rjieba", "jieba")
UserDict = tuple[tuple[str, int | None, str | None], ...]
PARALLEL_MIN = 50_000
PARALLEL_CHUNK = 20_000


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    text = (Path(__file__).parent / "stopwords.txt").read_text(encoding="utf-8")
    words = (w for line in text.splitlines() if not line.startswith("#") for w in line.split())
    return frozenset(words)


STOPWORDS = _stopwords()


# Question words glued to a measure word by the segmenter: 哪几个, 多少个, 几位, 哪一年 …
_QUESTION_TOKEN = re.compile(
    r"(哪|几|多少|什么|怎么|如何)[一二几个位家种些样天年月日号次条只件项名所处回篇部本场类国]*"
)


def is_informative(token: str) -> bool:
    """True for a token that is neither punctuation, white space nor a stop or question word."""
    return (
        bool(_WORD.search(token))
        and token not in STOPWORDS
        and token != "_"
        and not _QUESTION_TOKEN.fullmatch(token)
    )


# Tokens already judged by `is_informative`. Most tokens of a corpus recur, and a set lookup in
# the filter costs half as much as calling the function for each (the filter took as long as
# rjieba's cutting). Bounded: questions bring new words for as long as the bot runs.
_KEPT: set[str] = set()
_DROPPED: set[str] = set()
JUDGED_MAX = 1 << 18


def _informative(words: list[str]) -> list[str]:
    """The words `is_informative` keeps, in order."""
    kept, dropped = _KEPT, _DROPPED
    return [w for w in words if w in kept or (w not in dropped and _judge(w))]


def _judge(word: str) -> bool:
    keep = is_informative(word)
    if len(_KEPT) + len(_DROPPED) < JUDGED_MAX:
        (_KEPT if keep else _DROPPED).add(word)
    return keep


class Tokenizer:
    """Search-mode word segmentation (停车位 → 停车, 车位, 停车位) with stop words removed.

    The segmenter is loaded once per backend and user dictionary and shared by all instances.
    """

    def __init__(self, backend: str = "rjieba", userdict: Path | None = None) -> None:
        if backend not in BACKENDS:
            raise ConfigError(f"unknown tokenizer {backend!r} (choose from {', '.join(BACKENDS)})")
        self.backend = backend
        self.userdict = userdict
        entries = tuple(_read_userdict(userdict)) if userdict else ()
        self._cut: Callable[[str], list[str]] = _segmenter(backend, entries)

    def words(self, text: str) -> list[str]:
        """Return every search-mode word of the normalised text, stop words included."""
        return [w for w in self._cut(normalize(text)) if _WORD.search(w)]

    def __call__(self, text: str) -> list[str]:
        """Return the informative search-mode words of text."""
        return _informative(self._cut(normalize(text)))

    def many(self, texts: Sequence[str]) -> list[list[str]]:
        """Tokenize many texts."""
        return [self(t) for t in texts]

    def encode_many(self, texts: Sequence[str]) -> Encoded:
        """Tokenize many texts into ids, in several processes when there are enough of them."""
        if len(texts) < PARALLEL_MIN:
            return encode(self(t) for t in texts)
        chunks = [(i, i + PARALLEL_CHUNK) for i in range(0, len(texts), PARALLEL_CHUNK)]
        return merge(run_all(_encode_chunk, (self.backend, self.userdict, texts), chunks))


def _encode_chunk(
    shared: tuple[str, Path | None, Sequence[str]], chunk: tuple[int, int]
) -> Encoded:
    backend, userdict, texts = shared
    tokenizer = Tokenizer(backend, userdict)
    return encode(tokenizer(t) for t in texts[chunk[0] : chunk[1]])


@lru_cache(maxsize=8)
def _segmenter(backend: str, entries: UserDict) -> Callable[[str], list[str]]:
    """One segmenter per backend and user dictionary content (loading takes a while)."""
    if backend == "rjieba":
        return _rjieba(entries)
    return _jieba(entries)


def _rjieba(entries: UserDict) -> Callable[[str], list[str]]:
    import rjieba

    seg: Any = rjieba.Jieba()
    for word, freq, tag in entries:
        seg.add_word(word, freq, tag)
    cut: Callable[[str], list[str]] = seg.cut_for_search
    return cut


def _jieba(entries: UserDict) -> Callable[[str], list[str]]:
    import jieba

    # jieba logs to stderr at import; keep it quiet and keep its cache out of a shared /tmp.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    seg: Any = jieba.Tokenizer()
    seg.tmp_dir = _jieba_cache_dir()
    seg.initialize()
    for word, freq, tag in entries:
        seg.add_word(word, freq, tag)

    def cut(text: str) -> list[str]:
        return list(seg.cut_for_search(text))

    return cut


def _jieba_cache_dir() -> str:
    from .settings import default_cache_dir

    path = default_cache_dir() / "jieba"
    path.mkdir(parents=True, exist_ok=True)
    return os.fspath(path)


def _read_userdict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """Read jieba's user-dictionary format: ``word [freq] [tag]`` a line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise CorpusError(path, f"user dictionary can't be read ({e})") from e
    entries: list[tuple[str, int | None, str | None]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = parts[1] if len(parts) > 1 else None
        if freq is not None and not freq.isdigit():
            raise CorpusError(path, f"frequency {freq!r} is not a whole number", number)
        tag = parts[2] if len(parts) > 2 else None
        entries.append((normalize(parts[0]), int(freq) if freq else None, tag))
    return entries
