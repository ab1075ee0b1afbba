"""Telegram-HTML texts for the bot: answer cards, articles, lists and help (no telegram import).

Every piece of corpus or user text goes through ``html.escape``; the only tags are our own
``<b>`` pairs, and long texts are split between whole pieces so no message is cut mid-tag.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from qa.answer import Answer, ArticleRef
from qa.corpus import Article
from qa.render import NEAREST, NO_ANSWER

__all__ = [
    "ASK_USAGE",
    "EXPIRED",
    "GONE",
    "INLINE_HINT",
    "NOT_ALLOWED",
    "NOT_TEXT",
    "NO_ANSWER",
    "SLOW_DOWN",
    "MAX_MESSAGE_CHARS",
    "NO_MORE",
    "answer_card",
    "article_messages",
    "article_ids_list",
    "articles_list",
    "help_text",
    "no_answer_text",
    "pack",
    "start_text",
]

MAX_MESSAGE_CHARS = 4096
MAX_SOURCE_CHARS = 300
EXPIRED = "这个按钮已过期，请重新提问"
GONE = "这篇文章已经不在文章库里了"
NO_MORE = "没有更多答案了"
ASK_USAGE = "用法：/ask 问题（在 /ask 后面写上你的问题）"
SLOW_DOWN = "提问太频繁了，请稍等一会儿再问。"
NOT_ALLOWED = "抱歉，这个机器人只为指定的聊天服务。"
NOT_TEXT = "我只看得懂文字问题，请用文字提问。发送 /help 查看用法。"
INLINE_HINT = "输入问题，我从文章里找出答案"
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;…])")


def _bold(text: str) -> str:
    return f"<b>{html.escape(text)}</b>"


def answer_card(answer: Answer, number: int | None = None) -> str:
    """Return the sentence with matched words in bold, then its source line."""
    head = f"{number}. " if number is not None else ""
    line = answer.article.source_line()
    # The sentence is at most a few hundred characters; cap what front matter can add.
    source = html.escape(line if len(line) <= MAX_SOURCE_CHARS else line[:MAX_SOURCE_CHARS] + "…")
    return f"{head}{answer.highlighted(_bold, html.escape)}\n\n— {source}"


def no_answer_text(nearest: Answer | None = None) -> str:
    """Return the reply for a question nothing in the corpus answers, with the nearest
    sentence (which may not answer it) when there is one."""
    if nearest is not None:
        return f"{html.escape(NEAREST)}\n\n{answer_card(nearest)}"
    return f"{NO_ANSWER}。\n换个说法或用文中的词再问一次，或发送 /articles 看看有哪些文章。"


def _split_long(text: str, limit: int) -> list[str]:
    """Split plain text into pieces whose escaped length fits limit: sentences, then chars."""
    pieces: list[str] = []
    current = ""
    for unit in _units(text, limit):
        if current and len(html.escape(current + unit)) > limit:
            pieces.append(current)
            current = ""
        current += unit
    if current:
        pieces.append(current)
    return [html.escape(p) for p in pieces]


def _units(text: str, limit: int) -> Iterable[str]:
    """Sentences of text; a sentence too long by itself comes out character by character."""
    for sentence in filter(None, _SENTENCE_END.split(text)):
        if len(html.escape(sentence)) <= limit:
            yield sentence
        else:
            yield from sentence


def pack(blocks: Iterable[str], limit: int = MAX_MESSAGE_CHARS, sep: str = "\n\n") -> list[str]:
    """Join HTML blocks with sep into as few messages as fit limit, never splitting a block."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        if len(block) > limit:
            raise ValueError(f"a block of {len(block)} characters can't fit in {limit}")
        if current and len(current) + len(sep) + len(block) > limit:
            messages.append(current)
            current = ""
        current = f"{current}{sep}{block}" if current else block
    if current:
        messages.append(current)
    return messages


def _paragraph_blocks(text: str, heading: str | None, limit: int) -> list[str]:
    head = f"{_bold(heading)}\n" if heading else ""
    body = html.escape(text)
    if len(head) + len(body) <= limit:
        return [head + body]
    pieces = _split_long(text, limit - len(head))
    return [head + pieces[0], *pieces[1:]]


def article_messages(
    article: Article, first_paragraph: int | None = None, limit: int = MAX_MESSAGE_CHARS
) -> list[str]:
    """Return the article as HTML messages within limit, split at paragraph boundaries.

    Args:
        article: the article to show.
        first_paragraph: start with this paragraph (the one around an answer); None for all.
        limit: the longest message allowed, in characters.
    """
    ref = ArticleRef.of(article)
    meta = " · ".join(p for p in (ref.byline, ref.date) if p)
    start = first_paragraph or 0
    if not 0 <= start < len(article.paragraphs):
        raise ValueError(f"paragraph {start} is not in article {article.id!r}")
    rest = (f"\n{meta}" if meta else "") + (
        f"\n（从第 {start + 1} 段起，共 {len(article.paragraphs)} 段）" if start else ""
    )
    title = f"《{article.title}》"
    header = _bold(title) + html.escape(rest)
    # A header too long for one message (absurd front matter) is split as plain text.
    blocks = _split_long(title + rest, limit) if len(header) > limit else [header]
    previous: str | None = None
    for paragraph in article.paragraphs[start:]:
        heading = paragraph.heading if paragraph.heading != previous else None
        previous = paragraph.heading
        blocks += _paragraph_blocks(paragraph.text, heading, limit)
    return pack(blocks, limit)


def articles_list(articles: Sequence[Article], limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Return the numbered list of articles (title, byline, date) as messages within limit."""
    lines = [_bold(f"共 {len(articles)} 篇文章：")]
    for n, article in enumerate(articles, start=1):
        line = f"{n}. {ArticleRef.of(article).source_line()}"
        lines += _split_long(line, limit)
    return pack(lines, limit, sep="\n")


def article_ids_list(articles: Sequence[Article], limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Return the articles with their ids (id · title · date), for admins, as messages."""
    lines = [f"<b>共 {len(articles)} 篇文章</b>（id · 标题 · 日期）："]
    for a in articles:
        title = a.title if len(a.title) <= 60 else a.title[:59] + "…"
        date = html.escape(a.date or "-")
        lines.append(f"<code>{html.escape(a.id)}</code> · 《{html.escape(title)}》 · {date}")
    return pack(lines, limit, sep="\n")


def help_text(bot_username: str, example: str) -> str:
    """Return /help: how to ask in private, in groups and inline."""
    bot = f"@{html.escape(bot_username)}"
    return "\n".join(
        [
            "<b>怎么提问</b>",
            f"• 私聊：直接发送问题，例如「{html.escape(example)}」，也可以用 /ask 问题。",
            f"• 群组：发送 /ask 问题，或 @ 我（{bot} 问题），或回复我的消息。",
            f"• 任意聊天：输入 {bot} 问题，从弹出的答案里选一条发送。",
            "回答是新闻中最相关的一句话和它的出处；点「查看原文」读文章，点「更多答案」看其他句子。",
            "没有把握时会说“没有找到”，有时附上最接近的一句，供参考，不一定回答了问题。",
            "/articles 列出全部文章。",
        ]
    )


def start_text(first_name: str, example: str) -> str:
    """Return the /start greeting with an example question."""
    return (
        f"你好，{html.escape(first_name)}！我会从新闻文章里找出回答你问题的那句话，并注明出处。\n"
        f"试试问我：<code>{html.escape(example)}</code>\n"
        "发送 /help 查看在群组和内联模式中的用法。"
    )
