"""Cutting paragraphs into sentences, and over-long ones into windows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.chunking import (
    MAX_SENTENCE_CHARS,
    sentence_spans,
    split_sentences,
    whole_sentence,
    with_referent,
)


@pytest.mark.parametrize(
    "text,sentences",
    [
        ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
        ("一是规划；二是建设;三是管理", ["一是规划；", "二是建设;", "三是管理"]),
        ("Is it open? Yes! It is.", ["Is it open?", "Yes!", "It is."]),
        ("  第一句。   第二句。  ", ["第一句。", "第二句。"]),
        ("没有标点的一句话", ["没有标点的一句话"]),
        ("", []),
        ("   ", []),
        # closing quotes and brackets stay with their sentence
        ("他说：“我们等不起。”会议随后结束。", ["他说：“我们等不起。”", "会议随后结束。"]),
        ("他说：“走吧！”“好！”", ["他说：“走吧！”", "“好！”"]),
        ("书名是《春天。》下一句。", ["书名是《春天。》", "下一句。"]),
        ('He said "go!" Then left.', ['He said "go!"', "Then left."]),
        # runs of enders stay together
        ("真的吗？！太好了……是的。", ["真的吗？！", "太好了……", "是的。"]),
        ("什么?!不会吧。", ["什么?!", "不会吧。"]),
        # numbers and ranges are never split
        ("计划总投资1334.8亿元,完成205亿元。", ["计划总投资1334.8亿元,完成205亿元。"]),
        ("减免3~4个月房租。同时减税。", ["减免3~4个月房租。", "同时减税。"]),
        ("增长了3.5%. 下降了0.2%.", ["增长了3.5%. 下降了0.2%."]),
        # no split inside brackets
        (
            "成立（法院；检察院。公安分局）联席会议。下一句。",
            ["成立（法院；检察院。公安分局）联席会议。", "下一句。"],
        ),
        ("各单位(省立医院;银行系统!)参加。", ["各单位(省立医院;银行系统!)参加。"]),
        ("【注：已完成。】然后。", ["【注：已完成。】然后。"]),
        # Latin: abbreviations are no sentence ends
        ("Mr. Smith arrived. He spoke.", ["Mr. Smith arrived.", "He spoke."]),
        ("Dr. Li and Prof. Wang met. Done.", ["Dr. Li and Prof. Wang met.", "Done."]),
        ("It is No. 1 here.", ["It is No. 1 here."]),
        # a stray fragment without words is glued to the sentence before
        ("好。）", ["好。）"]),
        ("好的。……", ["好的。……"]),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_latin_full_stop_inside_brackets_does_not_split() -> None:
    text = "会议（the meeting ended. Then lunch）结束了。"
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    "text,max_chars,windows",
    [
        ("一二三四五六七八九十甲乙丙丁戊", 10, ["一二三四五六七八九十", "甲乙丙丁戊"]),
        ("一" * 25, 10, ["一" * 10, "一" * 10, "一" * 5]),
        # a soft cut at a comma is preferred over a hard cut at the limit
        ("一二三，四五六七八九十甲乙", 10, ["一二三，", "四五六七八九十甲乙"]),
        ("一二三、四五六,七八九十甲乙", 10, ["一二三、四五六,", "七八九十甲乙"]),
        ("甲乙：一二三四五六七八九十丙", 10, ["甲乙：", "一二三四五六七八九十", "丙"]),
        # the hard cut steps back so a number or Latin word is not split
        ("一二三四五六1234567", 10, ["一二三四五六", "1234567"]),
        ("一二三四五六1334.8亿元", 10, ["一二三四五六", "1334.8亿元"]),
        ("一二三四五六七Hello世界", 10, ["一二三四五六七", "Hello世界"]),
        # ... but not further back than half a window
        ("一二345678901234", 10, ["一二34567890", "1234"]),
        # each sentence is windowed on its own
        ("一二三四五六七八九十甲乙。短句。", 10, ["一二三四五六七八九十", "甲乙。", "短句。"]),
        ("正好十个字正好十个字", 10, ["正好十个字正好十个字"]),
    ],
)
def test_long_sentences_are_cut_into_windows(
    text: str, max_chars: int, windows: list[str]
) -> None:
    assert split_sentences(text, max_chars) == windows


@pytest.mark.parametrize(
    "text",
    [
        "甲" * 1000,
        "一二三四五,六七八九十," * 60,
        "2020年郑港办事处重点项目77个计划总投资1334.8亿元" * 20,
        "abc def ghi jkl mno " * 40,
        "１２３４５６７８９０" * 50,
    ],
    ids=["one-run", "commas", "numbers", "latin", "full-width-digits"],
)
def test_windows_are_short_and_rejoin(text: str) -> None:
    windows = split_sentences(text)
    assert len(windows) > 1
    assert all(len(w) <= MAX_SENTENCE_CHARS for w in windows)
    assert "".join(windows) == text.strip()


def test_windows_do_not_cut_a_number_at_its_comma() -> None:
    assert split_sentences("一二三四五六七12,345", 10) == ["一二三四五六七", "12,345"]


_LONG = "开头一句。" + "这是一个很长的句子，" * 20 + "到此结束。" + "  尾句！”"


@pytest.mark.parametrize(
    "text,limit",
    [
        (_LONG, 600),
        ("短句。" + "很长的句子，" * 40 + "完。", 600),
        ("第一句。第二句？”第三句", 600),
    ],
    ids=["long-middle", "long-end", "short"],
)
def test_every_window_shows_its_whole_sentence(text: str, limit: int) -> None:
    whole = [text[a:b] for a, b in sentence_spans(text, max_chars=10**6)]
    for start, end in sentence_spans(text):
        a, b = whole_sentence(text, start, end, limit)
        assert text[a:b] in whole
        assert a <= start and end <= b


def test_a_sentence_too_long_to_show_keeps_its_window() -> None:
    text = "开头。" + "很长的句子，" * 40 + "完。"
    start, end = sentence_spans(text)[1]
    assert whole_sentence(text, start, end, limit=100) == (start, end)


# Brackets left out: an ender inside them ends no sentence, and the shortcut does not look.
@given(st.text(alphabet="甲乙丙，。！？；…”’ \na1", max_size=400))
def test_whole_sentence_agrees_with_splitting_the_paragraph(text: str) -> None:
    whole = sentence_spans(text, max_chars=10**6)
    for start, end in sentence_spans(text, max_chars=20):
        around = next(((a, b) for a, b in whole if a <= start < b), (start, end))
        expected = (min(around[0], start), max(around[1], end))
        assert whole_sentence(text, start, end) == expected


@pytest.mark.parametrize(
    "text,shown",
    [
        ("卡尔梅克共和国是俄罗斯联邦主体之一。是欧洲唯一以佛教为主的地区。", 0),
        ("楊善德去世。這一年盧永祥接任浙江督軍。", 0),
        ("开头一句。中间一句！“他随后离开了。”", 1),
        ("一九五八年广西成立。同年三月靖西隶属百色。", 0),
        ("开头一句。中间一句。结尾一句。", 2),
    ],
    ids=["zero-subject", "traditional-demonstrative", "quoted-pronoun", "same-year", "plain"],
)
def test_a_sentence_referring_back_shows_the_one_before(text: str, shown: int) -> None:
    spans = sentence_spans(text)
    start, end = spans[-1]
    assert with_referent(text, start, end) == (spans[shown][0], end)


def test_a_first_sentence_or_a_too_long_pair_stays_alone() -> None:
    text = "这是第一句。" + "很长的前一句，" * 10 + "完。其余的都在这里。"
    first = sentence_spans(text)[0]
    assert with_referent(text, *first) == first
    last = sentence_spans(text)[-1]
    assert with_referent(text, *last, limit=40) == last
    assert with_referent(text, *last)[0] < last[0]


def test_a_window_starting_mid_sentence_stays_alone() -> None:
    text = "前一句。开头说了些话，这一段接着说。"
    start = text.index("这")
    assert with_referent(text, start, len(text)) == (start, len(text))
