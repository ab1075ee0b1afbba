"""Cutting paragraphs into sentences (spans the index stores), over-long ones into windows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "MAX_SENTENCE_CHARS",
    "Sentence",
    "sentence_spans",
    "split_sentences",
    "whole_sentence",
    "with_referent",
]

MAX_SENTENCE_CHARS = 160
MAX_SHOWN_CHARS = 600  # a whole sentence up to this long is shown instead of its window
MAX_WITH_REFERENT = 2 * MAX_SENTENCE_CHARS  # a sentence and the one it refers back to, at most
_ENDERS = "。！？!?；;…"
_CLOSERS = "”’\"'』」）)】》〉]"
_OPENERS = {"（": "）", "(": ")", "【": "】", "[": "]"}
_CLOSING_BRACKETS = set(_OPENERS.values())
_MARKS = re.compile(
    "[" + re.escape(_ENDERS + "".join(_OPENERS) + "".join(_CLOSING_BRACKETS) + ".") + "]"
)
_TRAILER = re.compile("[" + re.escape(_ENDERS + _CLOSERS) + "]+")
_SOFT_BREAK = re.compile(r"(?<=[，、：])|(?<=[,:])(?!\d)")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9.,:]")
_LATIN_WORD_BEFORE = re.compile(r"[A-Za-z]+$")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "vs", "prof", "inc", "ltd", "co", "jr"}
# A sentence opening with a pronoun, a demonstrative, 是 with its subject left out or a word
# that carries on from the sentence before (并, 同时, 因此, 同年 …) names what it speaks of there:
# 是欧洲大陆唯一以佛教为主的地区 says nothing alone. Simplified and traditional forms.
_REFERS_BACK = re.compile(
    r"[“「『]?(?:在?(?:这|這|此)|其|该|該|它|牠|他|她|是|并|並|亦|也|又|但|同时|同時|另外|因此|因而"
    r"|使得|随后|隨後|后来|後來|于是|於是|同年|次年|翌年|当年|當年)"
)


@dataclass(frozen=True)
class Sentence:
    """One sentence and where it stands: article, paragraph and position."""

    id: int
    article: int
    paragraph: int
    position: int
    text: str


def split_sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> list[str]:
    """Return the sentences of a paragraph as text: `sentence_spans` cut out (tests, bench)."""
    return [text[a:b] for a, b in sentence_spans(text, max_chars)]


def sentence_spans(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Return (start, end) of every sentence of a paragraph: the same cuts as split_sentences."""
    out: list[tuple[int, int]] = []
    for start, end in _split_at_enders(text):
        if end - start <= max_chars:
            out.append((start, end))
        else:
            out.extend((start + a, start + b) for a, b in _windows(text[start:end], max_chars))
    return out


Span = tuple[int, int]


def whole_sentence(text: str, start: int, end: int, limit: int = MAX_SHOWN_CHARS) -> Span:
    """The whole sentence a window (start, end) of a paragraph was cut from, if not too long.

    Sentences longer than the window are cut to index them; an answer shows the whole one.
    """
    if _ends_sentence(text, end) and _ends_sentence(text, start):
        return start, end  # the usual case, without splitting the paragraph again
    for a, b in _sentences_of(text):
        if a <= start < b:
            return (min(a, start), max(b, end)) if b - a <= limit else (start, end)
    return start, end


def with_referent(text: str, start: int, end: int, limit: int = MAX_WITH_REFERENT) -> Span:
    """The sentence (start, end) of a paragraph, with the one before when it refers back to it.

    Both are shown only when together they are no longer than `limit`.
    """
    if start == 0 or not _REFERS_BACK.match(text, start):
        return start, end
    starts = [a for a, _ in _sentences_of(text)]
    # Only a sentence's own start: a window inside a long one begins mid-sentence.
    at = starts.index(start) if start in starts else 0
    if at == 0 or end - starts[at - 1] > limit:
        return start, end
    return starts[at - 1], end


def _ends_sentence(text: str, i: int) -> bool:
    """Whether a sentence surely ends at i: an end of the text, or an ender (closers and white
    space aside) before a word character.

    An ender inside brackets ends no sentence, but a window cut just after one is rare enough:
    at worst that answer shows its window.
    """
    after = i
    while after < len(text) and text[after].isspace():
        after += 1
    j = i
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == 0 or after == len(text):
        return True
    if not text[after].isalnum():
        return False  # a closer or a fragment the sentence before may have kept: look closer
    while j > 0 and text[j - 1] in _CLOSERS:
        j -= 1
    return j > 0 and text[j - 1] in _ENDERS


@lru_cache(maxsize=64)
def _sentences_of(paragraph: str) -> tuple[Span, ...]:
    """A paragraph's sentences, remembered: a question's answers often share a paragraph."""
    return tuple(_split_at_enders(paragraph))


def _split_at_enders(text: str) -> list[Span]:
    pieces: list[Span] = []
    start, depth, skip_to = 0, 0, -1
    # Visit only the characters that matter; a Python loop over every character is too slow
    # for a million sentences.
    for m in _MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if i < skip_to:
            continue
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSING_BRACKETS:
            depth = max(depth - 1, 0)
        elif depth == 0 and (ch in _ENDERS or _is_latin_full_stop(text, i)):
            # Keep runs of enders ("？！", "……") and closing quotes/brackets with the sentence.
            end = _TRAILER.match(text, i + 1)
            stop = end.end() if end else i + 1
            pieces.append((start, stop))
            start = skip_to = stop
    pieces.append((start, len(text)))
    return _merge_fragments(text, [s for s in (_strip(text, a, b) for a, b in pieces) if s])


def _strip(text: str, start: int, end: int) -> Span | None:
    """The span without surrounding white space; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _is_latin_full_stop(text: str, i: int) -> bool:
    """A '.' ends a sentence after a Latin word that is no abbreviation (not 1334.8, Mr.)."""
    if text[i] != "." or not (i + 1 == len(text) or text[i + 1] == " "):
        return False
    word = _LATIN_WORD_BEFORE.search(text, 0, i)
    return word is not None and word.group().lower() not in _ABBREVIATIONS


def _merge_fragments(text: str, pieces: list[Span]) -> list[Span]:
    """Glue pieces without a word character (a stray ")" or "……") onto the previous one."""
    out: list[Span] = []
    for start, end in pieces:
        if out and not any(ch.isalnum() for ch in text[start:end]):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _windows(sentence: str, max_chars: int) -> list[Span]:
    """Cut an over-long sentence into spans of at most max_chars, preferring clause ends."""
    out: list[Span] = []
    start = pos = 0
    for clause in _SOFT_BREAK.split(sentence):
        if pos > start and pos + len(clause) - start > max_chars:
            out.append((start, pos))
            start = pos
        pos += len(clause)
        while pos - start > max_chars:
            cut = start + _safe_cut(sentence[start:pos], max_chars)
            out.append((start, cut))
            start = cut
    if pos > start:
        out.append((start, pos))
    return out


def _safe_cut(text: str, limit: int) -> int:
    """Return a cut point at or before limit that does not split a number or Latin word."""
    cut = limit
    while cut > limit // 2 and _ASCII_ALNUM.match(text[cut - 1]) and _ASCII_ALNUM.match(text[cut]):
        cut -= 1
    return cut if cut > limit // 2 else limit
