"""Synonyms the operator writes in synonyms.txt (Solr/Elasticsearch format), applied to questions.

动工, 开工, 施工        equivalent: a question with any of them also searches the others
电脑 => 计算机          one-way: 电脑 in a question is searched as 计算机
# a comment
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CorpusError
from .normalize import normalize

__all__ = ["NO_SYNONYMS", "Expansion", "Synonyms", "read_synonyms"]

_ENTRY = re.compile(r"\s*,\s*")


@dataclass(frozen=True)
class Expansion:
    """A question after synonyms: its text with one-way rules applied, and what else to search.

    `alternatives` maps a phrase found in the question to its equivalents.
    """

    text: str
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Synonyms:
    """Equivalence groups and one-way replacements, their words normalised."""

    groups: tuple[tuple[str, ...], ...] = ()
    replacements: tuple[tuple[str, tuple[str, ...]], ...] = ()
    source: Path | None = field(default=None, compare=False)

    def apply(self, question: str) -> Expansion:
        """Rewrite a normalised question by the one-way rules and find its equivalents."""
        text = question
        for word, targets in self.replacements:
            if word in text:
                # Solr replaces the word with its targets; several targets are all searched.
                text = text.replace(word, targets[0])
                if len(targets) > 1:
                    text = f"{text} {' '.join(targets[1:])}"
        found: dict[str, list[str]] = {}
        for group in self.groups:
            for word in group:
                if word in text:
                    found.setdefault(word, []).extend(w for w in group if w != word)
        return Expansion(text, tuple((w, tuple(a)) for w, a in found.items()))


NO_SYNONYMS = Synonyms()


def read_synonyms(path: Path) -> Synonyms:
    """Read a synonyms file; a broken line raises CorpusError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise CorpusError(path, f"synonyms can't be read ({e})") from e
    groups: list[tuple[str, ...]] = []
    replacements: list[tuple[str, tuple[str, ...]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.count("=>") > 1:
            raise CorpusError(path, "more than one '=>' on a line", number)
        if "=>" in line:
            left, _, right = line.partition("=>")
            sources, targets = _words(path, left, number), _words(path, right, number)
            replacements.extend((s, targets) for s in sources)
            continue
        group = _words(path, line, number)
        if len(group) < 2:
            raise CorpusError(path, "a line needs two words or more ('a, b') or 'a => b'", number)
        groups.append(group)
    # Longer words first, so 停车场 is replaced before 停车.
    replacements.sort(key=lambda r: -len(r[0]))
    return Synonyms(tuple(groups), tuple(replacements), path)


def _words(path: Path, text: str, number: int) -> tuple[str, ...]:
    words = tuple(normalize(w) for w in _ENTRY.split(text.strip()))
    if not all(words) or not words:
        raise CorpusError(path, f"empty word in {text.strip()!r}", number)
    if any("=" in w or ">" in w for w in words):
        raise CorpusError(path, f"'=' or '>' inside a word in {text.strip()!r}", number)
    return tuple(dict.fromkeys(words))
