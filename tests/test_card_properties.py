"""Property-based: any Unicode text through the Telegram-HTML cards stays valid and lossless."""

from __future__ import annotations

from bot_harness import check_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.answer import Answer, ArticleRef
from qa.corpus import Article, Paragraph
from qabot import card

# Plain text, markup-looking text and long repeats (past the 4,096-character limit).
MARKUP = st.sampled_from(["<", ">", "&", '"', "'", "&amp;", "<b>", "</b>", "<!--", "&lt", "\n"])
TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(MARKUP, st.text(max_size=5)), max_size=60).map("".join),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=30), st.integers(1, 600)),
)
NONBLANK = TEXT.filter(lambda s: bool(s.strip()))
# Titles, bylines and dates, and answer sentences (chunking caps them at 160): short, any text.
SHORT = st.one_of(st.text(max_size=160), st.lists(MARKUP, max_size=160).map("".join))
TITLE = SHORT.filter(lambda s: bool(s.strip()))
OPTIONAL = st.one_of(st.none(), TITLE)
HUGE = "<&>" * 2000  # 6,000 characters, 24,000 once escaped
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def squash(text: str) -> str:
    """Text without whitespace: splitting may add or move line breaks, never other characters."""
    return "".join(text.split())


def visible_all(messages: list[str]) -> str:
    """Check every message and return their visible text, joined."""
    assert messages and all(m.strip() for m in messages)
    return "".join(check_html(m) for m in messages)


@st.composite
def answers(draw: st.DrawFn) -> Answer:
    """An Answer with arbitrary sentence, matched words (some from the sentence) and source."""
    sentence = draw(TITLE)
    words = draw(st.lists(st.one_of(st.text(min_size=1, max_size=4), MARKUP), max_size=4))
    if len(sentence) > 1:
        start = draw(st.integers(0, len(sentence) - 1))
        words.append(sentence[start : start + draw(st.integers(1, 5))])
    ref = ArticleRef("a", draw(TITLE), draw(OPTIONAL), draw(OPTIONAL), draw(OPTIONAL))
    return Answer(sentence, 1.0, 0.5, ref, sentence, tuple(w for w in words if w), 0, 0)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """An Article with arbitrary title, metadata, headings and paragraphs."""
    paragraphs = draw(st.lists(st.builds(Paragraph, NONBLANK, OPTIONAL), min_size=1, max_size=6))
    return Article(
        "a", draw(TITLE), tuple(paragraphs), draw(OPTIONAL), draw(OPTIONAL), draw(OPTIONAL)
    )


@FAST
@given(answers(), st.one_of(st.none(), st.integers(1, 10**6)))
def test_answer_card(answer: Answer, number: int | None) -> None:
    head = f"{number}. " if number is not None else ""
    shown = check_html(card.answer_card(answer, number))
    assert shown == f"{head}{answer.sentence}\n\n— {answer.article.source_line()}"


@FAST
@given(articles(), st.data())
def test_article_messages(article: Article, data: st.DataObject) -> None:
    first = data.draw(st.integers(0, len(article.paragraphs) - 1))
    shown = visible_all(card.article_messages(article, first))
    ref = ArticleRef.of(article)
    meta = " · ".join(p for p in (ref.byline, ref.date) if p)
    body, previous = [], None
    for paragraph in article.paragraphs[first:]:
        if paragraph.heading != previous and paragraph.heading:
            body.append(paragraph.heading)
        previous = paragraph.heading
        body.append(paragraph.text)
    skip = f"（从第 {first + 1} 段起，共 {len(article.paragraphs)} 段）" if first else ""
    assert squash(shown) == squash(f"《{article.title}》{meta}{skip}{''.join(body)}")


@FAST
@given(st.lists(articles(), min_size=1, max_size=8))
def test_articles_list(items: list[Article]) -> None:
    shown = visible_all(card.articles_list(items))
    lines = [f"{n}. {ArticleRef.of(a).source_line()}" for n, a in enumerate(items, start=1)]
    assert squash(shown) == squash(f"共 {len(items)} 篇文章：" + "".join(lines))


@FAST
@given(st.text(max_size=64), st.text(max_size=300))
def test_start_and_help(first_name: str, example: str) -> None:
    greeting = check_html(card.start_text(first_name, example))
    assert first_name in greeting and example in greeting
    assert example in check_html(card.help_text("qa_test_bot", example))


def test_no_answer_text() -> None:
    assert check_html(card.no_answer_text()).startswith(card.NO_ANSWER)


def _too_long(which: str) -> str:
    return (
        f"bug: card.{which} re-escapes (or does not cap) front matter longer than 4,096 "
        "characters; see the report for the fix"
    )


def test_answer_card_with_a_huge_title_fits() -> None:
    answer = Answer("句子。", 1.0, 0.5, ArticleRef("a", HUGE), "句子。", (), 0, 0)
    check_html(card.answer_card(answer))


def test_article_messages_with_a_huge_date_lose_nothing() -> None:
    article = Article("a", "标题", (Paragraph("正文。"),), None, HUGE)
    shown = visible_all(card.article_messages(article))
    assert squash(shown) == squash(f"《标题》{HUGE}正文。")


def test_articles_list_with_a_huge_title_loses_nothing() -> None:
    article = Article("a", HUGE, (Paragraph("正文。"),))
    shown = visible_all(card.articles_list([article]))
    assert squash(shown) == squash(f"共 1 篇文章：1. 《{HUGE}》")
