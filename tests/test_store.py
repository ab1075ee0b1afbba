"""Saved indexes: reused when current, partly reused when stale, rebuilt when unreadable."""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_
from hypothesis import strategies as st

from qa import AskResult, IndexCacheError, Retriever, Settings, load_corpus
from qa.index import build_index
from qa.store import IndexStore, index_key, is_current
from qa.tokenizer import Tokenizer
from qa.vectors import vectors_path


@pytest.fixture
def settings(mini_corpus: Path, tmp_path: Path) -> Settings:
    return Settings(corpus=mini_corpus, cache_dir=tmp_path / "cache", _env_file=None)


def store_for(settings: Settings) -> IndexStore:
    corpus = load_corpus(settings.corpus_path())
    return IndexStore(settings.cache_path(), index_key(settings, corpus))


def test_saved_index_loads_and_answers_the_same(settings: Settings) -> None:
    built = Retriever.from_settings(settings)
    corpus = load_corpus(settings.corpus_path())
    loaded = store_for(settings).load(corpus)
    assert is_current(loaded, corpus)
    again = Retriever.from_settings(settings)
    question = "新增停车位多少个"
    assert again.ask(question) == built.ask(question)
    assert [again.index.sentences.texts[i] for i in range(len(again.index.sentences))] == [
        built.index.sentences.texts[i] for i in range(len(built.index.sentences))
    ]


def test_no_temporary_files_are_left(settings: Settings) -> None:
    Retriever.from_settings(settings)
    files = sorted(p.name for p in settings.cache_path().iterdir())
    assert len(files) == 1 and files[0].startswith("index-") and files[0].endswith(".npz")


@pytest.mark.parametrize("garbage", [b"", b"not a zip file", b"PK\x03\x04broken"])
def test_unreadable_index_is_rebuilt_with_a_warning(
    settings: Settings, caplog: pytest.LogCaptureFixture, garbage: bytes
) -> None:
    Retriever.from_settings(settings)
    [path] = settings.cache_path().iterdir()
    path.write_bytes(garbage)
    with caplog.at_level(logging.WARNING, logger="qa.retriever"):
        retriever = Retriever.from_settings(settings)
    assert "rebuilding the index" in caplog.text
    assert "120" in retriever.ask("新增停车位多少个").answers[0].sentence
    assert path.stat().st_size > 1000  # written again


def test_an_edit_tokenizes_only_the_changed_article(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    Retriever.from_settings(settings)
    article = settings.corpus_path() / "gongyuan.md"
    article.write_text("# 湖滨公园改造完工\n\n公园新建了儿童乐园一座。\n", encoding="utf-8")
    seen: list[str] = []
    encode_many = Tokenizer.encode_many

    def counting(self: Tokenizer, texts: list[str]) -> object:
        seen.extend(texts)
        return encode_many(self, texts)

    monkeypatch.setattr(Tokenizer, "encode_many", counting)
    retriever = Retriever.from_settings(settings)
    assert seen == ["公园新建了儿童乐园一座。"]
    assert retriever.ask("儿童乐园建了几座").answers[0].sentence == "公园新建了儿童乐园一座。"
    assert not retriever.ask("樱花树种了多少棵").answered


def test_an_incremental_build_equals_a_fresh_one(settings: Settings) -> None:
    tokenizer = Tokenizer()
    old = build_index(load_corpus(settings.corpus_path()), tokenizer)
    (settings.corpus_path() / "dushu.md").unlink()
    (settings.corpus_path() / "xin.md").write_text(
        "# 新文章\n\n图书馆延长开放到晚上十点。\n", "utf-8"
    )
    corpus = load_corpus(settings.corpus_path())
    fresh = build_index(corpus, tokenizer)
    updated = build_index(corpus, tokenizer, previous=old)
    for name in ("sentence_bm25", "paragraph_bm25"):
        a, b = getattr(fresh, name), getattr(updated, name)
        terms = sorted(a.vocab)
        assert sorted(t for t in b.vocab if b.indptr[b.vocab[t] + 1] > b.indptr[b.vocab[t]]) == [
            t for t in terms if a.indptr[a.vocab[t] + 1] > a.indptr[a.vocab[t]]
        ]
        for term in terms[:50]:
            assert a.get_scores([term]) == pytest.approx(b.get_scores([term]), rel=1e-6)


def test_a_new_user_dictionary_rebuilds_the_same_file(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    Retriever.from_settings(settings)
    [path] = settings.cache_path().iterdir()
    (settings.corpus_path() / "userdict.txt").write_text("新种植樱花 10 n\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="qa.retriever"):
        retriever = Retriever.from_settings(settings)
    assert "another tokenizer, user dictionary or release" in caplog.text
    assert "新种植樱花" in retriever.index.tokens.vocab.terms
    assert list(settings.cache_path().iterdir()) == [path]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="qa.retriever"):
        again = Retriever.from_settings(settings)
    assert caplog.text == ""  # saved with the new settings, so reused as it is
    assert "新种植樱花" in again.index.tokens.vocab.terms


def test_an_index_saved_with_other_settings_is_not_loaded(settings: Settings) -> None:
    Retriever.from_settings(settings)
    corpus = load_corpus(settings.corpus_path())
    other = IndexStore(settings.cache_path(), index_key(settings, corpus) + "x")
    with pytest.raises(IndexCacheError, match="another tokenizer"):
        other.load(corpus)


def test_the_files_of_older_releases_are_taken_over(settings: Settings) -> None:
    """Named by settings too, an old index is deleted and its sentence vectors are kept."""
    Retriever.from_settings(settings)
    [path] = settings.cache_path().iterdir()
    corpus = load_corpus(settings.corpus_path())
    key = index_key(settings, corpus)
    folder = settings.cache_path()
    rest = key.split(":", 1)[1]  # the key without its format
    legacy = {
        old: hashlib.sha1(f"{corpus.path.resolve()}\n{old}:{rest}\n{old}".encode()).hexdigest()[
            :16
        ]
        for old in (6, 5)
    }
    path.rename(folder / f"index-{legacy[6]}.npz")
    for old, name in legacy.items():
        (folder / f"vectors-{name}.npz").write_bytes(f"vectors {old}".encode())
    unrelated = folder / "index-0123456789abcdef.npz"
    unrelated.write_bytes(b"another corpus")
    Retriever.from_settings(settings)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [path.name, vectors_path(path).name, unrelated.name]
    )
    assert vectors_path(path).read_bytes() == b"vectors 6"  # the newest release's


def rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Rewrite a saved index with some of its arrays changed."""
    with np.load(path, allow_pickle=False) as data:
        arrays = dict(data.items())
    change(arrays)
    with path.open("wb") as f:
        np.savez(f, **arrays)


def blob(text: str) -> Any:
    return np.frombuffer(text.encode(), dtype=np.uint8)


@pytest.mark.parametrize(
    "meta", ["[]", "{}", "null", '"x"', "7", '{"format": 4}', '{"format": 4, "digests": 3}']
)
def test_index_with_odd_metadata_is_rebuilt(
    settings: Settings, caplog: pytest.LogCaptureFixture, meta: str
) -> None:
    Retriever.from_settings(settings)
    [path] = settings.cache_path().iterdir()
    rewrite(path, lambda a: a.update(meta=blob(meta)))
    with caplog.at_level(logging.WARNING, logger="qa.retriever"):
        retriever = Retriever.from_settings(settings)
    assert "rebuilding the index" in caplog.text
    assert "120" in retriever.ask("新增停车位多少个").answers[0].sentence


MUTATIONS = ["drop", "empty", "short", "floats", "text", "huge", "negative"]


def damaged(arrays: dict[str, Any], key: str, mutation: str) -> None:
    """Damage one saved array in one of the ways a disk or a hand could."""
    value = arrays[key]
    if mutation == "drop":
        del arrays[key]
        return
    arrays[key] = {
        "empty": lambda: value[:0],
        "short": lambda: value[: len(value) // 2],
        "floats": lambda: value.astype(np.float64) + 0.5,
        "text": lambda: np.array(["x", "y"]),
        "huge": lambda: np.full(len(value) or 1, 2**40, dtype=np.int64),
        "negative": lambda: -np.abs(value.astype(np.int64)) - 1,
    }[mutation]()


def answers_after_damage(settings: Settings, key: str | int, mutation: str) -> AskResult:
    """Damage the saved index, then load and ask: nothing but IndexCacheError escapes."""
    Retriever.from_settings(settings)
    [path] = settings.cache_path().iterdir()
    rewrite(
        path,
        lambda a: damaged(a, key if isinstance(key, str) else sorted(a)[key % len(a)], mutation),
    )
    corpus = load_corpus(settings.corpus_path())
    with contextlib.suppress(IndexCacheError):  # anything else escaping fails the test
        store_for(settings).load(corpus)
    return Retriever.from_settings(settings).ask("新增停车位多少个", 3)


@settings_(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(key=st.integers(0, 100), mutation=st.sampled_from(MUTATIONS))
def test_a_damaged_index_never_fails_a_question(
    tmp_path_factory: pytest.TempPathFactory, mini_corpus: Path, key: int, mutation: str
) -> None:
    cache = tmp_path_factory.mktemp("c")
    answers_after_damage(
        Settings(corpus=mini_corpus, cache_dir=cache, _env_file=None), key, mutation
    )


# Damage that used to load and then fail at a question (IndexError, MemoryError, ...).
@pytest.mark.parametrize(
    ("key", "mutation"),
    [
        ("para_docs", "huge"),
        ("para_docs", "negative"),
        ("para_indptr", "short"),
        ("para_of", "empty"),
        ("para_start", "short"),
        ("para_weights", "short"),
        ("s_article", "huge"),
        ("s_end", "huge"),
        ("s_start", "huge"),
        ("s_paragraph", "huge"),
        ("s_paragraph", "negative"),
        ("traditional", "short"),
        ("traditional", "huge"),
    ],
)
def test_damage_that_loaded_is_caught_at_load(settings: Settings, key: str, mutation: str) -> None:
    result = answers_after_damage(settings, key, mutation)
    assert "120" in result.answers[0].sentence  # rebuilt, so the answer is right
