"""Token ids: the vocabulary the index, its BM25s and the store share, and encoded token lists."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Encoded", "Vocabulary", "encode", "merge"]

IdArray = npt.NDArray[np.int32]


class Vocabulary:
    """Terms numbered from 0 in the order they were first added; an id never changes."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self.ids: dict[str, int] = {t: i for i, t in enumerate(terms)}

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def terms(self) -> list[str]:
        """Return the terms, by id (a new list)."""
        return list(self.ids)

    def copy(self) -> Vocabulary:
        """Return a vocabulary with the same ids, to grow without touching this one."""
        grown = Vocabulary()
        grown.ids = dict(self.ids)
        return grown

    def add(self, terms: Iterable[str]) -> IdArray:
        """Return the ids of terms, numbering those not seen before after the others."""
        ids = self.ids
        return np.fromiter((ids.setdefault(t, len(ids)) for t in terms), np.int32)

    def translate(self, encoded: Encoded) -> IdArray:
        """Return encoded's token ids in this vocabulary (adding its new terms)."""
        remap = self.add(encoded.terms)
        return remap[encoded.ids] if len(encoded.ids) else encoded.ids


@dataclass(frozen=True)
class Encoded:
    """Tokenized texts as ids into their own small vocabulary: cheap to send between processes.

    Sending token strings back would make millions of small objects, which cost more to pass
    around than the tokenizing itself and leave the parent's memory fragmented.
    """

    terms: list[str]
    ids: IdArray  # every text's token ids, end to end
    lengths: IdArray  # tokens per text


def encode(token_lists: Iterable[list[str]]) -> Encoded:
    """Number the distinct tokens of token lists."""
    vocab: dict[str, int] = {}  # a plain dict: this loop runs once per token of the corpus
    lengths = array("i")
    ids = array("i")
    for tokens in token_lists:
        lengths.append(len(tokens))
        ids.extend([vocab.setdefault(t, len(vocab)) for t in tokens])
    return Encoded(list(vocab), np.frombuffer(ids, np.int32), np.frombuffer(lengths, np.int32))


def merge(parts: list[Encoded]) -> Encoded:
    """Join encoded chunks into one, with one vocabulary."""
    if not parts:
        return Encoded([], np.empty(0, np.int32), np.empty(0, np.int32))
    vocab = Vocabulary()
    ids = [vocab.translate(part) for part in parts]
    return Encoded(vocab.terms, np.concatenate(ids), np.concatenate([p.lengths for p in parts]))
