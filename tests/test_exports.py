"""The public API: qa.__all__ and what importing qa pulls in."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

import qa


def test_all_imports_are_exported() -> None:
    public = {
        name
        for name, value in vars(qa).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert qa.__all__ == sorted(qa.__all__)
    assert public <= set(qa.__all__)  # the rest are imported on first use
    assert all(getattr(qa, name).__name__ == name for name in qa.__all__)
    assert len(qa.__all__) == len(set(qa.__all__))


def test_unknown_names_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        qa.nothing  # noqa: B018


def test_the_cli_loads_neither_numpy_nor_scipy() -> None:
    code = (
        "import qa.cli, sys; "
        "heavy = sorted(m for m in ('numpy', 'scipy', 'jieba') if m in sys.modules); "
        "assert not heavy, heavy"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_qa_does_not_import_telegram() -> None:
    code = (
        "import qa, qa.cli, sys; "
        "leaked = sorted(m for m in sys.modules if m.startswith('telegram')); "
        "assert not leaked, leaked"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
