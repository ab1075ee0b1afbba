"""An index as the arrays of its file, and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qa import Retriever, Settings
from qa.corpus import load_corpus
from qa.index import Index
from qa.index_file import FORMAT, from_arrays, saved_key, to_arrays


@pytest.fixture
def index(mini_corpus: Path) -> Index:
    settings = Settings(corpus=mini_corpus, use_cache=False, semantic="off", _env_file=None)
    return Retriever.from_settings(settings).index


def test_an_index_comes_back_as_it_was_saved(index: Index, mini_corpus: Path) -> None:
    back = from_arrays(load_corpus(mini_corpus), to_arrays(index, "key"))
    assert back.tokens.vocab.terms == index.tokens.vocab.terms
    assert back.labels.keys() == index.labels.keys()
    assert [back.sentences.texts[i] for i in range(len(back.sentences))] == [
        index.sentences.texts[i] for i in range(len(index.sentences))
    ]
    pairs = [
        (back.sentence_bm25, index.sentence_bm25),
        (back.paragraph_bm25, index.paragraph_bm25),
    ]
    for mine, theirs in pairs:
        assert np.array_equal(mine.doc_ids, theirs.doc_ids)
        assert np.array_equal(mine.weights, theirs.weights)
        assert mine.tf is not None and np.array_equal(mine.tf, theirs.tf)  # an update needs them
    found = back.paragraph_bm25.top(["停车位"], 3)[0].tolist()
    assert found and found == index.paragraph_bm25.top(["停车位"], 3)[0].tolist()


def test_the_settings_key_is_read_from_the_metadata_alone(index: Index) -> None:
    arrays = to_arrays(index, f"{FORMAT}:rjieba:160:")
    assert saved_key(arrays["meta"]) == f"{FORMAT}:rjieba:160:"


def _truncated(a: dict[str, Any], name: str) -> None:
    a[name] = a[name][:-1]


def _out_of_range(a: dict[str, Any], name: str) -> None:
    a[name] = a[name].copy()
    a[name][-1] = 10**6


def _floats(a: dict[str, Any], name: str) -> None:
    a[name] = a[name].astype(np.float32)


@pytest.mark.parametrize(
    ("name", "damage", "problem"),
    [
        ("t_offsets", _truncated, "t_offsets are not offsets"),
        ("para_of", _out_of_range, "para_of out of range"),
        ("para_weights", _truncated, "para_weights do not match"),
        ("s_end", _out_of_range, "sentence spans run past their paragraph"),
        ("sent_tf", _truncated, "sent_tf does not match"),
        ("para_tf", _floats, "para_tf is not counts"),
    ],
)
def test_a_damaged_array_is_named_at_load(
    index: Index, mini_corpus: Path, name: str, damage: Any, problem: str
) -> None:
    arrays = to_arrays(index, "key")
    damage(arrays, name)
    with pytest.raises(ValueError, match=problem):
        from_arrays(load_corpus(mini_corpus), arrays)


def test_another_format_is_refused(index: Index, mini_corpus: Path) -> None:
    arrays = to_arrays(index, "key")
    arrays["meta"] = to_arrays(index, "key")["meta"][:0]
    with pytest.raises(ValueError, match="is not"):
        from_arrays(load_corpus(mini_corpus), arrays)


def test_counts_too_big_to_keep_come_back_as_none(index: Index, mini_corpus: Path) -> None:
    arrays = to_arrays(index, "key")
    arrays["para_tf"] = np.empty(0, np.uint8)  # as saved when a count is past 65,535
    back = from_arrays(load_corpus(mini_corpus), arrays)
    assert back.paragraph_bm25.tf is None
    assert back.sentence_bm25.tf is not None
