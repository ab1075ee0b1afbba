"""Normalising text before tokenizing: NFKC, lower case, traditional → simplified."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.normalize import (
    CJK,
    COMPATIBILITY_BLOCKS,
    needs_simplifying,
    normalize,
    normalize_many,
    normalize_mixed,
    to_simplified,
)


@pytest.mark.parametrize(
    "text,normal",
    [
        ("２０２０年４月２６日", "2020年4月26日"),
        ("ＡＢＣ ｄｅｆ", "abc def"),
        ("Hello WORLD", "hello world"),
        ("停車位", "停车位"),
        ("請問這裡有幾個停車場", "请问这里有几个停车场"),
        ("，？！（）：；", ",?!():;"),
        ("ＱＡ問答２０２０年，Ｈｅｌｌｏ？", "qa问答2020年,hello?"),
        ("停车位新增1623个。", "停车位新增1623个。"),
        ("", ""),
    ],
)
def test_normalize(text: str, normal: str) -> None:
    assert normalize(text) == normal


@pytest.mark.parametrize(
    "traditional,simplified",
    [
        ("停車位", "停车位"),
        ("經濟發展", "经济发展"),
        ("黨建", "党建"),
        ("简体不变", "简体不变"),
        ("我想瞭解一下", "我想了解一下"),
        ("乾隆年間", "乾隆年间"),
        ("天氣乾燥", "天气干燥"),
    ],
)
def test_to_simplified(traditional: str, simplified: str) -> None:
    assert to_simplified(traditional) == simplified


def test_to_simplified_keeps_length_and_latin() -> None:
    text = "臺灣國際機場 Airport ２號航廈"
    converted = to_simplified(text)
    assert len(converted) == len(text)
    assert converted == "台湾国际机场 Airport ２号航厦"


@pytest.mark.parametrize(
    "texts",
    [
        [],
        ["停車位"],
        ["我想瞭", "解一下", "乾隆年間"],  # a phrase is not converted across two texts
        ["ＡＢＣ", "", "請問\n這裡", "x\x00y"],  # one holds a line break: each on its own
        ["２０２０年", "天氣乾燥", "停车位新增1623个。"],
    ],
)
def test_normalize_many_is_normalize_of_each(texts: list[str]) -> None:
    assert normalize_many(texts) == [normalize(t) for t in texts]


@pytest.mark.parametrize(
    "texts,needs",
    [
        ([], False),
        (["停车位新增1623个。", "ＡＢＣ２０２０"], False),  # full width alone is no conversion
        (["乾隆年间"], False),  # a phrase OpenCC keeps as it is
        (["停车位", "停車位"], True),
        (["我想瞭解"], True),
        (["请尽快回覆"], True),  # every character is simplified; the phrase is not
        (["\u2fa8口"], True),  # ⾨, the Kangxi radical, is 門 once normalised
        (["\U0001f21a"], True),  # 🈚 is 無
        (["ｶﾞ", "㈠"], False),  # compatibility forms of kana and of a simplified 一
    ],
)
def test_needs_simplifying(texts: list[str], needs: bool) -> None:
    assert needs_simplifying(texts) is needs


def test_only_the_compatibility_blocks_normalise_to_cjk() -> None:
    """`needs_simplifying` looks for such characters there alone."""
    outside = []
    for code in range(0x110000):
        if any(lo <= code <= hi for lo, hi in COMPATIBILITY_BLOCKS) or 0xD800 <= code < 0xE000:
            continue
        form = unicodedata.normalize("NFKC", chr(code))
        if form != chr(code) and CJK.search(form):
            outside.append(hex(code))
    assert outside == []


@pytest.mark.parametrize(
    "flags",
    [[True, True, True], [False, False, False], [True, False, True], [False, True, False]],
)
def test_normalize_mixed_converts_only_the_flagged(flags: list[bool]) -> None:
    texts = ["停車位１６２３個", "天氣乾燥", "ＡＢＣ回覆"]
    expected = [
        normalize(t) if f else unicodedata.normalize("NFKC", t).lower()
        for t, f in zip(texts, flags, strict=True)
    ]
    assert normalize_mixed(texts, flags) == expected


# Full-width forms, the ideographic space, combining marks, CJK and Latin: what NFKC touches.
_MIXED = st.text(alphabet="，（）：；？！％\u3000１Ａａ,.?停車位ｶﾞe\u0301\u0308A。、“”\n")


@given(_MIXED)
def test_normalize_is_exactly_nfkc_lower_case_and_simplified(text: str) -> None:
    expected = to_simplified(unicodedata.normalize("NFKC", text).lower())
    assert normalize(text) == expected
