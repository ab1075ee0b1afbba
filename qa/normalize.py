"""Text normalisation applied to both the corpus and questions before tokenizing."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib.resources import files

__all__ = ["normalize", "to_simplified"]


# Control characters carry no meaning for search (and NUL confuses some segmenters).
_CONTROLS = {c: " " for c in range(32) if chr(c) not in "\n\t"}


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Character table from OpenCC's TSCharacters (first candidate of each entry)."""
    text = files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for line in text.splitlines():
        traditional, _, simplified = line.partition("\t")
        if len(traditional) == 1 and simplified:
            table[ord(traditional)] = simplified.split(" ")[0]
    return table


def to_simplified(text: str) -> str:
    """Map traditional characters to simplified ones, character by character."""
    # Character-level mapping is enough for matching and a thousand times faster than
    # OpenCC's phrase conversion, which matters for corpora of a million sentences.
    return text.translate(_t2s_table())


def normalize(text: str) -> str:
    """NFKC (full-width digits and letters), lower-case Latin, traditional → simplified."""
    return to_simplified(unicodedata.normalize("NFKC", text).lower()).translate(_CONTROLS)
