"""Splitting paragraphs into sentences and numbering them."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa import Article, Paragraph, Retriever, Settings
from qa.chunking import (
    MAX_SENTENCE_CHARS,
    Sentence,
    sentences_of,
    split_sentences,
    whole_sentence,
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


def test_sentences_of_numbers_sentences_in_reading_order() -> None:
    articles = [
        Article("a", "甲", (Paragraph("一。二！"), Paragraph("三"))),
        Article("b", "乙", (Paragraph("四？五；六。", heading="小标题"),)),
    ]
    assert sentences_of(articles) == [
        Sentence(id=0, article=0, paragraph=0, position=0, text="一。"),
        Sentence(id=1, article=0, paragraph=0, position=1, text="二！"),
        Sentence(id=2, article=0, paragraph=1, position=0, text="三"),
        Sentence(id=3, article=1, paragraph=0, position=0, text="四？"),
        Sentence(id=4, article=1, paragraph=0, position=1, text="五；"),
        Sentence(id=5, article=1, paragraph=0, position=2, text="六。"),
    ]


def test_sentences_of_windows_long_sentences() -> None:
    articles = [Article("a", "甲", (Paragraph("一二三四五六七八九十甲乙。短。"),))]
    assert [(s.id, s.position, s.text) for s in sentences_of(articles, max_chars=10)] == [
        (0, 0, "一二三四五六七八九十"),
        (1, 1, "甲乙。"),
        (2, 2, "短。"),
    ]


def test_sentences_of_nothing() -> None:
    assert sentences_of([]) == []


def test_an_answer_shows_the_whole_sentence_a_window_was_cut_from(tmp_path: Path) -> None:
    long = "，".join(f"第{i}号楼完成了外墙维修和管道更换" for i in range(12)) + "。"
    assert len(long) > MAX_SENTENCE_CHARS
    (tmp_path / "page.md").write_text(f"# 简报\n\n开头一句。{long}结尾一句。\n", encoding="utf-8")
    settings = Settings(corpus=tmp_path, use_cache=False, min_confidence=0.0, _env_file=None)
    answer = Retriever.from_settings(settings).ask("第11号楼完成了什么维修").answers[0]
    assert answer.sentence == long


def test_a_sentence_too_long_to_show_whole_shows_its_window() -> None:
    text = "甲" * 2000
    assert whole_sentence(text, 160, 320) == (160, 320)
    assert whole_sentence("短句。" + text[:300] + "。", 3, 163) == (3, 304)
