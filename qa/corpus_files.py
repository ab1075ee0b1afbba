"""Which files of a corpus folder are articles: a walk that stays inside the folder."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .errors import CorpusError

logger = logging.getLogger("qa.corpus")

__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_DEPTH",
    "SYNONYMS_NAME",
    "USERDICT_NAME",
    "article_files",
    "is_article",
    "side_file",
]

ARTICLE_SUFFIXES = (".md", ".txt")
USERDICT_NAME = "userdict.txt"
MAX_DEPTH = 64  # folders below the corpus folder; deeper is a mistake or an attack
SYNONYMS_NAME = "synonyms.txt"


def article_files(root: Path, strict: bool = True) -> list[Path]:
    """Article files under root, in reading order.

    Walks with an explicit stack (nesting can't exhaust Python's recursion limit) and reads
    nothing that resolves outside root: a link there could publish any file, e.g. ``.env``.
    With strict=False (for the watcher's signature) it neither warns nor raises.
    """
    base = root.resolve()
    files: list[Path] = []
    stack = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        if depth > MAX_DEPTH:
            if not strict:
                continue
            raise CorpusError(folder, f"is nested more than {MAX_DEPTH} folders deep")
        for entry in _entries(folder, strict):
            path = Path(entry.path)
            if entry.name.startswith(".") or not _stays_inside(path, entry, base, strict):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append((path, depth + 1))
            elif is_article(path) and entry.is_file():
                files.append(path)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _entries(folder: Path, strict: bool) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return list(it)
    except OSError as e:
        if not strict:
            return []
        raise CorpusError(folder, f"can't be read ({e.strerror})") from e


def is_article(path: Path) -> bool:
    """Whether a file is read as an article (not the user dictionary, synonyms or a README)."""
    name = path.name
    return (
        path.suffix in ARTICLE_SUFFIXES
        and name not in (USERDICT_NAME, SYNONYMS_NAME)
        and not name.upper().startswith("README")
    )


def _stays_inside(path: Path, entry: os.DirEntry[str], base: Path, warn: bool) -> bool:
    """False (with a warning) for links to folders and links that lead out of the corpus."""
    if not entry.is_symlink():
        return True
    if not _resolves_inside(path, base):
        reason = "it links outside the corpus folder (or nowhere)"
    elif entry.is_dir():
        reason = "it links to a folder"
    else:
        return True
    if warn:
        logger.warning("skipping %s: %s", path, reason)
    return False


def _resolves_inside(path: Path, base: Path) -> bool:
    try:
        return path.resolve(strict=True).is_relative_to(base)
    except (OSError, RuntimeError):  # dangling link or a loop
        return False


def side_file(folder: Path, name: str) -> Path | None:
    """The user dictionary or synonyms file beside the articles, unless it links outside."""
    path = folder / name
    if not path.is_file():
        return None
    if path.is_symlink() and not _resolves_inside(path, folder.resolve()):
        logger.warning("skipping %s: it links outside the corpus folder", path)
        return None
    return path
