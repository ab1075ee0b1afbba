"""Updating a BM25 index: the same arrays as a whole build of the documents it ends with."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.bm25 import BM25
from qa.bm25_update import renumbered, updated
from qa.vocab import Vocabulary

OLD = [["停车", "车位", "停车"], ["公园", "樱花"], ["读书", "之星"], [], ["车位", "收费"]]


def whole(docs: list[list[str]], vocab: Vocabulary) -> BM25:
    ids = vocab.add([t for d in docs for t in d])
    doc_of = np.repeat(np.arange(len(docs)), [len(d) for d in docs])
    return BM25.from_term_ids(vocab.ids, ids, doc_of, len(docs))


def assert_same(a: BM25, b: BM25) -> None:
    assert a.indptr.tolist() == b.indptr.tolist()
    assert a.doc_ids.tolist() == b.doc_ids.tolist()
    assert a.tf is not None and b.tf is not None
    assert a.tf.dtype == b.tf.dtype and a.tf.tolist() == b.tf.tolist()
    assert np.array_equal(a.weights, b.weights)  # bit for bit: the same arithmetic
    assert np.array_equal(a.idf, b.idf)
    assert a.n_docs == b.n_docs


@pytest.mark.parametrize(
    ("kept", "new"),
    [
        # old document -> its place among the new ones (None: gone); new documents by place
        ({0: 0, 1: 1, 2: 2, 3: 3, 4: 4}, {5: ["新增", "车位", "车位"]}),
        ({0: 1, 1: 2, 2: 3, 3: 4, 4: 5}, {0: ["车位", "更新"]}),
        ({0: 0, 1: None, 2: 1, 3: None, 4: 2}, {}),
        ({0: 0, 1: 2, 2: None, 3: 3, 4: 5}, {1: ["公园", "步道"], 4: ["停车", "停车", "停车"]}),
        ({0: None, 1: None, 2: None, 3: None, 4: None}, {0: ["全新"], 1: []}),
        ({0: 0, 1: 1, 2: 2, 3: 3, 4: 4}, {}),
    ],
    ids=["added-at-end", "changed-first", "removed", "mixed", "all-new", "unchanged"],
)
def test_an_update_equals_a_whole_build(
    kept: dict[int, int | None], new: dict[int, list[str]]
) -> None:
    vocab = Vocabulary()
    old = whole(OLD, vocab)
    n_docs = len([v for v in kept.values() if v is not None]) + len(new)
    docs: list[list[str]] = [[] for _ in range(n_docs)]
    for o, place in kept.items():
        if place is not None:
            docs[place] = OLD[o]
    for place, words in new.items():
        docs[place] = words
    # New terms are numbered after the old ones in both, as an index update numbers them.
    term_ids = vocab.add([t for d in new.values() for t in d])
    doc_of = np.repeat(list(new), [len(d) for d in new.values()]).astype(np.int64)
    moved = np.array([-1 if p is None else p for p in kept.values()], dtype=np.int32)
    lengths = np.array([len(d) for d in docs])
    got = updated(old, moved, vocab.ids, term_ids, doc_of, lengths)
    assert got is not None
    assert_same(got, whole(docs, vocab.copy()))


def test_counts_widen_from_a_byte_when_an_update_needs_it() -> None:
    vocab = Vocabulary()
    old = whole(OLD, vocab)
    assert old.tf is not None and old.tf.dtype == np.uint8  # a byte a posting, nearly always
    many = vocab.add(["车位"] * 300)
    moved = np.arange(len(OLD), dtype=np.int32)
    lengths = np.array([*map(len, OLD), len(many)])
    got = updated(old, moved, vocab.ids, many, np.full(len(many), len(OLD)), lengths)
    assert got is not None and got.tf is not None and got.tf.dtype == np.uint16
    assert_same(got, whole([*OLD, ["车位"] * 300], vocab.copy()))


def test_a_count_past_uint16_is_left_to_a_whole_build() -> None:
    vocab = Vocabulary()
    old = whole(OLD, vocab)
    many = vocab.add(["车位"] * 70_000)
    moved = np.arange(len(OLD), dtype=np.int32)
    doc_of = np.full(len(many), len(OLD))
    lengths = np.array([*map(len, OLD), len(many)])
    assert updated(old, moved, vocab.ids, many, doc_of, lengths) is None
    assert whole([["车位"] * 70_000], Vocabulary()).tf is None


@pytest.mark.parametrize(
    ("old_ids", "new_ids", "moved"),
    [
        ([0, 2, 3], [0, 1, 3], [0, -1, 1, 3]),
        ([], [], [-1, -1, -1, -1]),
        ([1, 2], [2, 1], None),  # reordered articles
    ],
)
def test_renumbered(old_ids: list[int], new_ids: list[int], moved: list[int] | None) -> None:
    got = renumbered(np.array(old_ids, np.int32), np.array(new_ids, np.int32), 4)
    assert (got.tolist() if got is not None else None) == moved


words = st.lists(st.sampled_from(["甲", "乙", "丙", "丁", "戊"]), max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    old_docs=st.lists(words, min_size=1, max_size=8),
    fate=st.lists(st.sampled_from(["keep", "drop", "new before"]), min_size=8, max_size=8),
    new_docs=st.lists(words, min_size=8, max_size=8),
    tail=st.lists(words, max_size=3),
)
def test_any_update_in_order_equals_a_whole_build(
    old_docs: list[list[str]], fate: list[str], new_docs: list[list[str]], tail: list[list[str]]
) -> None:
    vocab = Vocabulary()
    old = whole(old_docs, vocab)
    docs: list[list[str]] = []
    added: dict[int, list[str]] = {}
    moved = []
    for doc, what, new in zip(old_docs, fate, new_docs, strict=False):
        if what == "new before":
            added[len(docs)] = new
            docs.append(new)
        moved.append(-1 if what == "drop" else len(docs))
        if what != "drop":
            docs.append(doc)
    for new in tail:
        added[len(docs)] = new
        docs.append(new)
    term_ids = vocab.add([t for d in added.values() for t in d])
    doc_of = np.repeat(list(added), [len(d) for d in added.values()]).astype(np.int64)
    lengths = np.array([len(d) for d in docs], dtype=np.int64)
    got = updated(old, np.array(moved, np.int32), vocab.ids, term_ids, doc_of, lengths)
    assert got is not None
    assert_same(got, whole(docs, vocab.copy()))
