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

__all__ = ["NO_SYNONYMS", "Expansion", "RuleAdded", "Synonyms", "read_synonyms", "with_rule"]

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


@dataclass(frozen=True)
class RuleAdded:
    """A rule in a synonyms file: the file, the rule, its line and whether it was just added."""

    path: Path
    rule: str
    line: int
    new: bool


def read_synonyms(path: Path) -> Synonyms:
    """Read a synonyms file; a broken line raises CorpusError naming the file and line."""
    return _parse(path, _text(path))


def with_rule(path: Path, rule: str) -> tuple[str | None, RuleAdded]:
    """A synonyms file's text with one more rule (``a, b`` or ``a => b``) at its end.

    Returns the new text, or None when the rule is already there, and where the rule is.

    Raises:
        CorpusError: the rule, or the file as it is, has a broken line (named), or the rule
            is more than one line.
    """
    if len(rule.strip().splitlines()) > 1:
        raise CorpusError(path, "one rule at a time, on one line")
    rule = " ".join(rule.split())
    if not rule or rule.startswith("#"):  # a blank line or a comment would be "added" as a rule
        raise CorpusError(path, "no rule given: write 'a, b' (alike) or 'a => b' (a read as b)")
    old = _text(path) if path.exists() else ""
    lines = [line.strip() for line in old.splitlines()]
    if rule in lines:
        _parse(path, old)
        return None, RuleAdded(path, rule, lines.index(rule) + 1, new=False)
    ending = "\n" if old and not old.endswith("\n") else ""
    text = f"{old}{ending}{rule}\n"
    _parse(path, text)  # the file as it would be: the rule and every line before it
    return text, RuleAdded(path, rule, len(text.splitlines()), new=True)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise CorpusError(path, f"synonyms can't be read ({e})") from e


def _parse(path: Path, text: str) -> Synonyms:
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
            if not left.strip() or not right.strip():
                raise CorpusError(path, "'a => b' needs words on both sides of '=>'", number)
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
