"""Health checks: settings, corpus, index, cache and a trial question, each ok or FAIL."""

from __future__ import annotations

from pathlib import Path

from qa import Settings
from qa.doctor import Check, check_lines, run_checks


def test_a_sound_setup_passes_every_check(mini_corpus: Path) -> None:
    checks, retriever = run_checks(Settings(corpus=mini_corpus))
    assert [(c.name, c.ok) for c in checks] == [
        ("settings", True),
        ("corpus", True),
        ("index", True),
        ("cache", True),
        ("semantic", True),
        ("question", True),
    ]
    assert retriever is not None and retriever.cache_file is not None
    assert checks[1].detail == f"{mini_corpus}: 3 articles"
    assert checks[2].detail.startswith(f"{retriever.sentence_count} sentences")
    assert checks[3].detail.startswith(str(retriever.cache_file))


def test_a_cache_folder_that_refuses_the_index_fails_the_cache_check(
    mini_corpus: Path, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("", encoding="utf-8")
    checks, retriever = run_checks(Settings(corpus=mini_corpus, cache_dir=blocked, semantic="off"))
    assert retriever is not None and retriever.cache_file is None
    assert checks[3] == Check("cache", False, f"index could not be saved in {blocked}")


def test_without_cache_the_cache_check_says_so(mini_corpus: Path) -> None:
    checks, _ = run_checks(Settings(corpus=mini_corpus, use_cache=False))
    assert checks[3] == Check(
        "cache", True, "off (QA_USE_CACHE=false): the index is built at every start"
    )


def test_a_broken_corpus_stops_at_the_corpus_check(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle 没有冒号\n---\n\n正文。\n", encoding="utf-8")
    checks, retriever = run_checks(Settings(corpus=tmp_path))
    assert retriever is None
    assert [(c.name, c.ok) for c in checks] == [("settings", True), ("corpus", False)]
    assert "a.md" in checks[1].detail


def test_check_lines_mark_ok_and_fail() -> None:
    checks = [Check("corpus", True, "3 articles"), Check("cache", False, "not saved")]
    assert check_lines(checks) == ["ok   corpus: 3 articles", "FAIL cache: not saved"]
    marked = check_lines(checks, lambda text, ok: f"<{text.strip()}:{ok}>")
    assert marked == ["<ok:True> corpus: 3 articles", "<FAIL:False> cache: not saved"]
