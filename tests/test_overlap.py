"""The character overlap: which candidate texts hold a question's units and bigrams."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qa.overlap import _SKIPPED, _UNITS, _bigrams, _held_units, _without_skipped

# Letters, digits, CJK, punctuation and spaces: units of both kinds and what lies between them.
_TEXT = st.text(alphabet="ab12 年月停车位,。、Q\n", max_size=30)


def _reference(bigrams: list[str], units: list[str], texts: list[str]) -> list[list[bool]]:
    """Each text split into its units, its bigrams made as sets: the plain way."""
    found = [(set(_bigrams(s)), set(s)) for s in (_UNITS.findall(t) for t in texts)]
    held = [[b in f[0] for f in found] for b in bigrams]
    return held + [[u in f[1] for f in found] for u in units]


@given(question=_TEXT, texts=st.lists(_TEXT, max_size=6))
def test_units_held_are_found_as_splitting_each_text_finds_them(
    question: str, texts: list[str]
) -> None:
    units = _UNITS.findall(question)
    bigrams, chars = _bigrams(units), list(dict.fromkeys(units))
    assert _held_units(bigrams, chars, texts) == _reference(bigrams, chars, texts)


def test_a_run_of_digits_is_found_only_whole() -> None:
    texts = ["2019年新增", "20190", "a 2019 年", "2019"]
    assert _held_units(["2019年"], ["2019"], texts) == [
        [True, False, True, False],
        [True, False, True, True],
    ]


@given(st.lists(_TEXT, max_size=6))
def test_what_lies_between_units_goes_from_each_text(texts: list[str]) -> None:
    assert _without_skipped(texts) == [_SKIPPED.sub("", t) for t in texts]
