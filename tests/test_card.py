"""Telegram-HTML cards: escaping, bold spans, splitting under 4096, callback data."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from qa.answer import Answer, ArticleRef
from qa.corpus import Article, Paragraph, make_article
from qabot.card import (
    MAX_MESSAGE_CHARS,
    answer_card,
    article_ids_list,
    article_messages,
    articles_list,
    help_text,
    no_answer_text,
    pack,
    start_text,
)


class TagChecker(HTMLParser):
    """Collect tags and fail on anything Telegram's HTML parser would reject here."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in {"b", "code"} and not attrs, tag
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text += data


def visible(html_text: str) -> str:
    """Return the text Telegram would show, checking the markup is balanced and ours."""
    checker = TagChecker()
    checker.feed(html_text)
    checker.close()
    assert checker.stack == []
    return checker.text


def make_answer(sentence: str, matched: tuple[str, ...], title: str = "标题") -> Answer:
    ref = ArticleRef("a1", title, "记者 张明", "2024-03-01")
    return Answer(sentence, 3.2, 0.9, ref, sentence, matched, 0, 0)


def test_answer_card_bolds_matched_words() -> None:
    card = answer_card(make_answer("新增停车位120个。", ("停车位",)))
    assert card.startswith("新增<b>停车位</b>120个。")
    assert "《标题》 记者 张明 · 2024-03-01" in card


@pytest.mark.parametrize(
    ("sentence", "matched", "title", "shown"),
    [
        ("<公司>营收增长&利润翻倍", ("公司",), "A&B", "<公司>营收增长&利润翻倍"),
        ('他说"<b>不</b>"', ("不",), "<script>", '他说"<b>不</b>"'),
        ("a<b", ("<",), "t", "a<b"),
        ("&amp;已经转义", ("转义",), "x", "&amp;已经转义"),
    ],
    ids=["angle-amp", "fake-tags", "matched-lt", "entity-text"],
)
def test_answer_card_escapes_corpus_text(
    sentence: str, matched: tuple[str, ...], title: str, shown: str
) -> None:
    card = answer_card(make_answer(sentence, matched, title))
    text = visible(card)
    assert text.startswith(shown)
    assert f"《{title}》" in text


def test_answer_card_number() -> None:
    assert answer_card(make_answer("句子。", ()), 2).startswith("2. 句子。")


def test_no_answer_text_hints() -> None:
    text = no_answer_text()
    assert text.startswith("没有找到相关内容")
    assert "/articles" in text


def test_no_answer_text_offers_the_nearest_sentence_escaped() -> None:
    text = no_answer_text(make_answer("<公司>营收增长&利润翻倍", ("公司",), "A&B"))
    shown = visible(text)
    assert shown.startswith("没有找到确切的答案。最接近的一句（不一定回答了问题）：")
    assert "<公司>营收增长&利润翻倍" in shown and "《A&B》" in shown
    assert "/articles" not in shown


def test_help_and_start_escape_user_text() -> None:
    assert "@qa_test_bot" in help_text("qa_test_bot", "停车位新增多少")
    start = start_text("<Eve&>", "问<题>")
    assert "&lt;Eve&amp;&gt;" in start and "问&lt;题&gt;" in start
    visible(start)


def long_article(paragraphs: int = 40, size: int = 350) -> Article:
    body = [
        Paragraph(f"第{n}段开始。" + "字" * size + f"第{n}段结束。", f"小标题{n // 10}")
        for n in range(paragraphs)
    ]
    return make_article("long", "很长的<文章>", body, {"byline": "记者 & 编辑", "date": "2024"})


def test_article_messages_split_at_paragraph_boundaries() -> None:
    article = long_article()
    messages = article_messages(article)
    assert len(messages) > 2
    assert all(len(m) <= MAX_MESSAGE_CHARS for m in messages)
    shown = [visible(m) for m in messages]
    assert shown[0].startswith("《很长的<文章>》\n记者 & 编辑 · 2024")
    for text in shown:  # every message holds whole paragraphs
        assert len(re.findall("段开始", text)) == len(re.findall("段结束", text))
    joined = "\n\n".join(shown)
    assert [int(n) for n in re.findall(r"第(\d+)段开始", joined)] == list(range(40))
    assert joined.count("小标题") == 4  # a subheading only where it changes


def test_article_messages_start_at_the_answer_paragraph() -> None:
    messages = article_messages(long_article(), 25)
    first = visible(messages[0])
    assert "第 26 段起" in first
    assert re.findall(r"第(\d+)段开始", first)[0] == "25"
    assert "<b>小标题2</b>" in messages[0]


def test_a_paragraph_longer_than_the_limit_is_split_by_sentences() -> None:
    text = "".join(f"这是第{n}句话，内容<很>长&多。" for n in range(600))
    article = make_article("one", "一段", [Paragraph(text, "标题")], {})
    messages = article_messages(article)
    assert len(messages) > 1
    assert all(len(m) <= MAX_MESSAGE_CHARS for m in messages)
    shown = "".join(
        visible(m).split("\n", 1)[1] if i == 0 else visible(m) for i, m in enumerate(messages)
    )
    assert "这是第0句话" in shown and "这是第599句话，内容<很>长&多。" in shown
    assert all(visible(m).endswith("。") for m in messages)


def test_a_sentence_longer_than_the_limit_is_split_by_characters() -> None:
    article = make_article("one", "t", [Paragraph("<" * 5000, None)], {})
    messages = article_messages(article)
    assert all(len(m) <= MAX_MESSAGE_CHARS for m in messages)
    assert "".join(visible(m) for m in messages).count("<") == 5000


def test_article_messages_reject_a_missing_paragraph() -> None:
    with pytest.raises(ValueError, match="paragraph 5"):
        article_messages(make_article("x", "t", [Paragraph("p")], {}), 5)


def test_articles_list_is_split_and_escaped() -> None:
    articles = [
        make_article(f"a{n}", f"标题<{n}>" + "长" * 60, [Paragraph("p")], {"date": "2024"})
        for n in range(200)
    ]
    messages = articles_list(articles)
    assert len(messages) > 1 and all(len(m) <= MAX_MESSAGE_CHARS for m in messages)
    joined = "\n".join(visible(m) for m in messages)
    assert joined.startswith("共 200 篇文章：")
    assert "200. 《标题<199>" in joined


def test_article_ids_list_is_split_and_escaped() -> None:
    articles = [
        make_article(f"id<{n}>", "标题&" + "长" * 80, [Paragraph("p")], {"date": "2024"})
        for n in range(300)
    ]
    messages = article_ids_list(articles)
    assert len(messages) > 1 and all(len(m) <= MAX_MESSAGE_CHARS for m in messages)
    for m in messages:
        TagChecker().feed(m)
    joined = "\n".join(visible(m) for m in messages)
    assert joined.startswith("共 300 篇文章（id · 标题 · 日期）：")
    # Long titles are cut, ids and dates kept whole.
    assert f"id<299> · 《标题&{'长' * 56}…》 · 2024" in joined


def test_pack_keeps_blocks_whole() -> None:
    assert pack(["aa", "bb", "cc"], limit=6) == ["aa\n\nbb", "cc"]
    with pytest.raises(ValueError):
        pack(["x" * 10], limit=5)
