"""BM25: the same scores as rank_bm25.BM25Okapi, and exact top-k ids on tiny corpora."""

from __future__ import annotations

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from qa import bm25 as bm25_module
from qa.bm25 import BM25, DENSE_SHARE, BM25Params, select_top
from qa.chunking import split_sentences
from qa.corpus import load_corpus
from qa.settings import bundled_corpus
from qa.tokenizer import Tokenizer


def split(text: str) -> list[str]:
    """Tokenize like the simplest tokenizer there is: str.split."""
    return text.split()


# bm25s's README corpus. "a", "is" (4 of 4 documents) and "and" (3 of 4) are in more than
# half the documents: their negative idf is floored at epsilon times the mean idf.
# "to" and "that" (2 of 4) have idf 0.
ANIMALS = [
    split("a cat is a feline and likes to purr"),
    split("a dog is the human's best friend and loves to play"),
    split("a bird is a beautiful animal that can fly"),
    split("a fish is a creature that lives in water and swims"),
]

HAND_MADE = [
    split("the cat sat on the mat"),
    split("the dog sat on the log"),
    split("the cat chased the dog"),
    [],
    split("a bird sang"),
    split("the the the cat"),
    split("dog dog dog"),
]


@pytest.mark.parametrize("docs", [ANIMALS, HAND_MADE], ids=["animals", "hand-made"])
@pytest.mark.parametrize(
    "query",
    [
        split("does the fish purr like a cat"),
        ["a"],
        ["is", "a", "a"],
        ["cat", "cat", "fish"],
        ["and", "to", "that"],
        ["the", "cat", "the"],
        ["dog", "log", "bird", "bird"],
        ["zebra"],
        [],
    ],
)
def test_scores_equal_rank_bm25(docs: list[list[str]], query: list[str]) -> None:
    ours = BM25.build(docs).get_scores(query)
    theirs = BM25Okapi(docs).get_scores(query)
    assert ours.shape == (len(docs),)
    assert np.allclose(ours, theirs, rtol=1e-5)


def test_idf_floor_matches_rank_bm25() -> None:
    index, reference = BM25.build(ANIMALS), BM25Okapi(ANIMALS)
    ours = {term: index.idf[t] for term, t in index.vocab.items()}
    assert ours == pytest.approx(reference.idf)
    n, df = len(ANIMALS), {t: sum(t in d for d in ANIMALS) for t in ours}
    raw = {t: np.log(n - f + 0.5) - np.log(f + 0.5) for t, f in df.items()}
    floor = 0.25 * float(np.mean(list(raw.values())))
    assert (raw["a"] < 0, raw["and"] < 0) == (True, True)
    assert ours["a"] == ours["is"] == ours["and"] == pytest.approx(floor)
    assert ours["to"] == ours["that"] == 0


@pytest.mark.parametrize("k1,b,epsilon", [(1.2, 0.75, 0.25), (2.0, 0.3, 0.5), (0.9, 1.0, 0.1)])
def test_parameters_equal_rank_bm25(k1: float, b: float, epsilon: float) -> None:
    # (rank_bm25 divides 0 by 0 for an empty document when b is 1, so none here)
    docs, query = ANIMALS + [d for d in HAND_MADE if d], split("the cat and a dog")
    ours = BM25.build(docs, BM25Params(k1, b, epsilon)).get_scores(query)
    theirs = BM25Okapi(docs, k1=k1, b=b, epsilon=epsilon).get_scores(query)
    assert np.allclose(ours, theirs, rtol=1e-5)


@pytest.fixture(scope="module")
def zipf_corpus() -> tuple[list[list[str]], BM25, BM25Okapi]:
    rng = np.random.default_rng(7)
    vocab = [f"w{i}" for i in range(300)]
    weights = 1 / np.arange(1, 301)
    docs = [
        [str(w) for w in rng.choice(vocab, size=rng.integers(0, 30), p=weights / weights.sum())]
        for _ in range(400)
    ]
    return docs, BM25.build(docs), BM25Okapi(docs)


@pytest.mark.parametrize(
    "query,sparse",
    [
        (["w250"], True),
        (["w250", "w250", "w290"], True),
        (["w0"], False),
        (["w1", "w2", "w299", "nope"], False),
    ],
)
def test_scores_equal_rank_bm25_on_a_larger_corpus(
    zipf_corpus: tuple[list[list[str]], BM25, BM25Okapi], query: list[str], sparse: bool
) -> None:
    docs, index, reference = zipf_corpus
    ours = index.get_scores(query)
    assert np.allclose(ours, reference.get_scores(query), rtol=1e-5)
    # rare terms take the sparse path of BM25.candidates, common ones the dense path
    assert np.count_nonzero(ours) > 0
    assert bool(np.count_nonzero(ours) * DENSE_SHARE <= len(docs)) is sparse


BUNDLED_SENTENCES = [
    s
    for article in load_corpus(bundled_corpus()).articles
    for paragraph in article.paragraphs
    for s in split_sentences(paragraph.text)
]


@pytest.fixture(scope="module")
def bundled_bm25() -> tuple[Tokenizer, BM25, BM25Okapi]:
    tokenizer = Tokenizer("rjieba")
    tokens = tokenizer.many(BUNDLED_SENTENCES)
    return tokenizer, BM25.build(tokens), BM25Okapi(tokens)


def test_bundled_corpus_has_many_sentences() -> None:
    assert len(BUNDLED_SENTENCES) > 50


@pytest.mark.parametrize(
    "sentence", [pytest.param(s, id=f"s{n}") for n, s in enumerate(BUNDLED_SENTENCES)]
)
def test_scores_equal_rank_bm25_on_bundled_corpus(
    bundled_bm25: tuple[Tokenizer, BM25, BM25Okapi], sentence: str
) -> None:
    tokenizer, index, reference = bundled_bm25
    query = tokenizer(sentence[:8])
    ours, theirs = index.get_scores(query), reference.get_scores(query)
    assert np.allclose(ours, theirs, rtol=1e-5)
    # top() agrees with a full sort of rank_bm25's scores (ties: lower id first)
    ids, scores = index.top(query, 5)
    expected = [i for i in np.lexsort((np.arange(len(theirs)), -theirs)) if theirs[i] > 0][:5]
    assert ids.tolist() == expected
    assert np.allclose(scores, theirs[expected], rtol=1e-5)


ANIMAL_QUERY = split("does the fish purr like a cat")


@pytest.mark.parametrize(
    "query,k,ids",
    [
        (ANIMAL_QUERY, 2, [0, 3]),
        (ANIMAL_QUERY, 4, [0, 3, 1, 2]),
        # k larger than the corpus clamps
        (ANIMAL_QUERY, 100, [0, 3, 1, 2]),
        (["cat", "cat", "fish"], 10, [0, 3]),
        # documents 0 and 2 tie: the lower id comes first, also when the tie is at the k-th place
        (["a"], 10, [0, 2, 3, 1]),
        (["a"], 1, [0]),
        (["a"], 2, [0, 2]),
        (["and"], 2, [0, 1]),
        # idf 0: the documents holding the word are still found, with score 0
        (["to"], 10, [0, 1]),
        (["zebra"], 10, []),
        (["zebra", "unicorn"], 1, []),
        ([], 10, []),
        (ANIMAL_QUERY, 0, []),
    ],
)
def test_top(query: list[str], k: int, ids: list[int]) -> None:
    index = BM25.build(ANIMALS)
    top_ids, scores = index.top(query, k)
    assert top_ids.tolist() == ids
    assert len(scores) == len(ids)
    assert all(scores[i] >= scores[i + 1] for i in range(len(scores) - 1))
    assert np.allclose(scores, BM25Okapi(ANIMALS).get_scores(query)[ids], rtol=1e-5)


def test_top_accepts_any_iterable() -> None:
    index = BM25.build(ANIMALS)
    assert index.top(iter(["fish", "cat"]), 2)[0].tolist() == [0, 3]


def test_empty_documents_are_allowed() -> None:
    docs = [["停车", "车位"], [], ["停车", "场"], [], ["新增"], ["学校"]]
    index = BM25.build(docs)
    assert len(index) == 6
    assert np.allclose(index.get_scores(["停车"]), BM25Okapi(docs).get_scores(["停车"]), rtol=1e-5)
    assert index.top(["停车", "车位"], 10)[0].tolist() == [0, 2]


@pytest.mark.parametrize("docs", [[], [[]], [[], [], []]], ids=["none", "one-empty", "all-empty"])
def test_corpus_without_words(docs: list[list[str]]) -> None:
    index = BM25.build(docs)
    assert len(index) == len(docs)
    assert index.top(["停车"], 3)[0].tolist() == []
    assert index.get_scores(["停车"]).tolist() == [0.0] * len(docs)


@pytest.mark.parametrize(
    "docs,query,holders",
    [
        ([["停车"], ["学校"]], ["停车"], [0]),  # df 1 of 2: idf exactly 0
        (ANIMALS, ["to", "that"], [0, 1, 2, 3]),  # 2 of 4 each: idf 0
    ],
    ids=["one-of-two", "half-of-four"],
)
def test_candidates_hold_terms_whose_idf_is_zero(
    docs: list[list[str]], query: list[str], holders: list[int]
) -> None:
    docs_found, scores = BM25.build(docs).candidates(query)
    assert docs_found.tolist() == holders
    assert scores.tolist() == [0.0] * len(holders)


@pytest.mark.parametrize(
    "query",
    [["w250"], ["w250", "w250", "w290"], ["w0"], ["w1", "w2", "w299", "nope"], ["nope"]],
)
def test_every_way_of_counting_finds_the_same_documents_and_scores(
    zipf_corpus: tuple[list[list[str]], BM25, BM25Okapi],
    query: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, index, _ = zipf_corpus
    found = []
    # Sorted postings and a binary search, then counting into every document (the documents
    # found by sorting the postings, then by scanning the counts).
    for dense_share, scan_share in [(0, 0), (10**9, 0), (10**9, 10**9)]:
        monkeypatch.setattr(bm25_module, "DENSE_SHARE", dense_share)
        monkeypatch.setattr(bm25_module, "SCAN_SHARE", scan_share)
        docs, scores = index.candidates(query)
        found.append((docs.tolist(), scores.tolist()))
    assert found[0] == found[1] == found[2]


@pytest.mark.parametrize("k", [1, 5, 40])
@pytest.mark.parametrize(
    "query", [["w250"], ["w0"], ["w0", "w1"], ["w1", "w2", "w299", "nope"], ["w3", "w3", "w40"]]
)
def test_top_from_the_counts_is_the_top_of_every_match(
    zipf_corpus: tuple[list[list[str]], BM25, BM25Okapi],
    query: list[str],
    k: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The counted path reads only the documents reaching the rarest terms' k-th score; ties
    at that score (many here: short documents of one word) must still go to the lower ids."""
    _, index, _ = zipf_corpus
    expected = select_top(*index.candidates(query), k)
    monkeypatch.setattr(bm25_module, "DENSE_SHARE", 10**9)
    docs, scores = index.top(query, k)
    assert docs.tolist() == expected[0].tolist() and scores.tolist() == expected[1].tolist()
    assert len(docs) == min(k, len(index.candidates(query)[0]))


@pytest.mark.parametrize("dense_share,scan_share", [(0, 0), (10**9, 0), (10**9, 10**9)])
def test_every_way_of_counting_keeps_documents_scoring_zero(
    dense_share: int, scan_share: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bm25_module, "DENSE_SHARE", dense_share)
    monkeypatch.setattr(bm25_module, "SCAN_SHARE", scan_share)
    docs, scores = BM25.build(ANIMALS).candidates(["to", "that"])
    assert docs.tolist() == [0, 1, 2, 3]
    assert scores.tolist() == [0.0] * 4


def test_contains_a_term_no_document_holds_any_more() -> None:
    # A rebuilt index keeps the vocabulary of removed articles: their terms have empty postings.
    vocab = {"猫": 0, "狗": 1, "鱼": 2}
    bm25 = BM25.from_term_ids(vocab, np.array([0, 1, 0]), np.array([0, 0, 1]), 2)
    docs = np.array([0, 1], dtype=np.int32)
    assert bm25.contains("鱼", docs).tolist() == [False, False]
    assert bm25.contains("猫", docs).tolist() == [True, True]
    assert bm25.contains("狗", docs).tolist() == [True, False]
