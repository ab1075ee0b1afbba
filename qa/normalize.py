"""Text normalisation applied to both the corpus and questions before tokenizing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

__all__ = ["needs_simplifying", "normalize", "normalize_many", "normalize_mixed", "to_simplified"]


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


# A question is normalised by each stage that reads it (tokens, overlap, decision): short
# texts are remembered, so it is converted once.
_REMEMBERED_CHARS = 100


def normalize(text: str, simplify: bool = True) -> str:
    """NFKC (full-width digits and letters), lower-case Latin, traditional → simplified.

    `simplify=False` leaves out the last step, for a text known to need none (see
    `needs_simplifying`): it costs more than the others together.
    """
    return (
        _normalize_short(text, simplify)
        if len(text) <= _REMEMBERED_CHARS
        else _normalize(text, simplify)
    )


@lru_cache(maxsize=256)
def _normalize_short(text: str, simplify: bool) -> str:
    return _normalize(text, simplify)


def _normalize(text: str, simplify: bool) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        # Still exactly NFKC: each of these characters decomposes to its replacement alone.
        for wide, narrow in _COMMON_WIDE:
            if wide in text:
                text = text.replace(wide, narrow)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    if simplify:
        text = to_simplified(text)
    # Searching first is much faster than translating: control characters are rare.
    return text.translate(_CONTROLS) if _HAS_CONTROL.search(text) else text


def needs_simplifying(texts: Sequence[str]) -> bool:
    """Whether converting to simplified Chinese changes any of the texts once normalised.

    Several times cheaper than normalising them first: of all NFKC changes, only the
    compatibility forms of CJK characters (⾨ for 門) can change what the conversion does.
    """
    text = "\n".join(texts)
    forms, found = _cjk_forms()
    if found.search(text):
        text = text.translate(forms)
    return to_simplified(text) != text


# Every character a key of OpenCC's t2s tables holds lies in these ranges (checked on 1.4.2's).
CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
# And every character whose NFKC form holds one lies in these blocks (tests/test_normalize.py
# checks that no other does): radicals, CJK symbols, compatibility and width forms.
COMPATIBILITY_BLOCKS = (
    (0x2329, 0x232A),
    (0x2E80, 0x33FF),
    (0xF900, 0xFAFF),
    (0xFE10, 0xFE6F),
    (0xFF00, 0xFFEF),
    (0x1F100, 0x1F2FF),
    (0x2F800, 0x2FA1F),
)


@lru_cache(maxsize=1)
def _cjk_forms() -> tuple[dict[int, str], re.Pattern[str]]:
    """Each character whose NFKC form holds a CJK one, that form, and a pattern finding them."""
    forms = {}
    for lo, hi in COMPATIBILITY_BLOCKS:
        for code in range(lo, hi + 1):
            form = unicodedata.normalize("NFKC", chr(code))
            if form != chr(code) and CJK.search(form):
                forms[code] = form
    runs: list[list[int]] = []
    for code in sorted(forms):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    # As ranges: a class of each character on its own searches some fifty times slower.
    ranges = "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in runs)
    return forms, re.compile(f"[{ranges}]")


def normalize_many(texts: Sequence[str], simplify: bool = True) -> list[str]:
    """`normalize` of each text, in one pass: a call to OpenCC costs more than a short text."""
    if len(texts) < 2:
        return [normalize(t, simplify) for t in texts]
    # Nothing converts across a line break, and a line break converts to itself; a text
    # that holds one (or a character that would become one) is done on its own.
    joined = "\n".join(texts)
    if joined.count("\n") == len(texts) - 1:
        done = normalize(joined, simplify).split("\n")
        if len(done) == len(texts):
            return done
    return [normalize(t, simplify) for t in texts]


def normalize_mixed(texts: Sequence[str], simplify: Sequence[bool]) -> list[str]:
    """`normalize_many`, converting to simplified only the texts whose flag is set."""
    if len(set(simplify)) < 2:
        return normalize_many(texts, all(simplify))
    out = list(texts)
    for flag in (True, False):
        where = [i for i, s in enumerate(simplify) if s == flag]
        for i, done in zip(where, normalize_many([texts[i] for i in where], flag), strict=True):
            out[i] = done
    return out
