"""The shared vocabulary: stable ids, growth without touching a copy, encoded chunks joined."""

from __future__ import annotations

import numpy as np

from qa.vocab import Encoded, Vocabulary, encode, merge


def test_ids_follow_first_sight_and_never_change() -> None:
    vocab = Vocabulary(["停车", "车位"])
    assert vocab.add(["车位", "收费", "停车", "收费"]).tolist() == [1, 2, 0, 2]
    assert vocab.terms == ["停车", "车位", "收费"]
    assert len(vocab) == 3


def test_a_copy_grows_alone() -> None:
    vocab = Vocabulary(["停车"])
    grown = vocab.copy()
    grown.add(["樱花"])
    assert (vocab.terms, grown.terms) == (["停车"], ["停车", "樱花"])


def test_encode_numbers_each_chunk_on_its_own() -> None:
    encoded = encode([["停车", "车位"], [], ["车位", "收费"]])
    assert encoded.terms == ["停车", "车位", "收费"]
    assert encoded.ids.tolist() == [0, 1, 1, 2]
    assert encoded.lengths.tolist() == [2, 0, 2]


def test_translate_and_merge_keep_every_token() -> None:
    first, second = encode([["公园", "樱花"]]), encode([["樱花", "步道"], ["公园"]])
    vocab = Vocabulary(["步道"])
    assert vocab.translate(second).tolist() == [1, 0, 2]
    merged = merge([first, second])
    words = [merged.terms[i] for i in merged.ids]
    assert words == ["公园", "樱花", "樱花", "步道", "公园"]
    assert merged.lengths.tolist() == [2, 2, 1]


def test_empty_inputs() -> None:
    empty = merge([])
    assert (empty.terms, len(empty.ids), len(empty.lengths)) == ([], 0, 0)
    nothing = Encoded([], np.empty(0, np.int32), np.empty(0, np.int32))
    assert Vocabulary().translate(nothing).tolist() == []
