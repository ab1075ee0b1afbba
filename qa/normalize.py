"""Text normalisation applied to both the corpus and questions before tokenizing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

__all__ = ["normalize", "normalize_many", "to_simplified"]


# Control characters carry no meaning for search (and NUL confuses some segmenters).
_CONTROLS = {c: " " for c in range(32) if chr(c) not in "\n\t"}
_HAS_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")


@lru_cache(maxsize=1)
def _converter() -> Any:
    """OpenCC's traditional → simplified converter (phrases first, then characters)."""
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional Chinese to simplified by phrase: 瞭解 → 了解, while 乾隆 stays 乾隆."""
    if text.isascii():
        return text
    try:
        converted: str = _converter().convert(text)
    except UnicodeEncodeError:  # a lone surrogate (broken input) can't go to UTF-8
        converted = _converter().convert(text.encode("utf-8", "replace").decode("utf-8"))
    return converted


# Full-width punctuation common in Chinese text, and the ideographic space, with what NFKC makes
# of each. Replacing them first is some thirty times faster than NFKC over a whole text, and
# NFKC then runs only on text holding something rarer.
_COMMON_WIDE = tuple((c, unicodedata.normalize("NFKC", c)) for c in "，（）：；？！％\u3000")


def normalize(text: str) -> str:
    """NFKC (full-width digits and letters), lower-case Latin, traditional → simplified."""
    if not unicodedata.is_normalized("NFKC", text):
        # Still exactly NFKC: each of these characters decomposes to its replacement alone.
        for wide, narrow in _COMMON_WIDE:
            if wide in text:
                text = text.replace(wide, narrow)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text.lower())
    # Searching first is much faster than translating: control characters are rare.
    return text.translate(_CONTROLS) if _HAS_CONTROL.search(text) else text


def normalize_many(texts: Sequence[str]) -> list[str]:
    """`normalize` of each text, in one pass: a call to OpenCC costs more than a short text."""
    if len(texts) < 2:
        return [normalize(t) for t in texts]
    # Nothing converts across a line break, and a line break converts to itself; a text
    # that holds one (or a character that would become one) is done on its own.
    joined = "\n".join(texts)
    if joined.count("\n") == len(texts) - 1:
        done = normalize(joined).split("\n")
        if len(done) == len(texts):
            return done
    return [normalize(t) for t in texts]
