"""What a question asks for: its main words, the thing asked about and the answer type wanted."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from .answer_types import AskedType, asked_type, holds
from .normalize import normalize
from .rarity import known_rarity

__all__ = [
    "YEAR_OFFSETS",
    "Question",
    "article_year",
    "asks",
    "has_answer_type",
    "is_noun",
    "read_question",
]

# Spoken forms of the asking words, read as their written forms (啥 is 什么, 咋 is 怎么).
_SPOKEN = (
    ("啥时候", "什么时候"),
    ("多会儿", "什么时候"),
    ("几时", "什么时候"),
    ("为啥", "为什么"),
    ("干啥", "做什么"),
    ("啥", "什么"),
    ("咋样", "怎么样"),
    ("咋", "怎么"),
    ("哪位", "谁"),
)
# Asking words: what stands next to them is the thing asked for (电话 in 办事处的电话是多少).
_ASKING = re.compile(
    r"什么样|什么时候|为什么|为甚么|什么|甚么|哪些|哪里|哪儿|哪|多少|几|怎么样|怎么|怎样|如何|是否|谁"
    r"|何时|何地|何处|何人|何种|何"
)
# A question word that qualifies the noun after it (多少个工作人员, 哪个村, 什么项目).
_MODIFIER = re.compile(
    r"(?:多少|几|哪|什么|甚么|何)一?[个位名项条家种座所件次篇处年月天些国场类部本位岁]?"
)
_MEASURES = set("个位名项条家种座所件次篇处只张份")
# Words about the article itself (who wrote it, which one reports …): they frame the question
# like 什么 does and are not in the text; the byline and title carry the answer.
_ABOUT_ARTICLE = frozenset(
    [
        "文章",
        "报道",
        "新闻",
        "稿件",
        "作者",
        "记者",
        "写",
        "写的",
        "撰写",
        "撰稿",
        "发表",
        "刊登",
        "刊发",
        "篇",
        "这篇",
        "那篇",
    ]
)
# Asked of a news article (这篇报道, 哪篇文章), these ask about the article too: its title, what it
# tells (那篇讲的是什么事). Elsewhere they may be what is asked about (这本书讲述了什么).
_ABOUT_ITS_TEXT = frozenset(["标题", "题目", "内容", "主要内容", "讲", "讲述", "说", "事", "事情"])
_NEWS_ARTICLE = re.compile(r"报道|报导|文章|篇|这一版|版面")
_LINKS = re.compile(r"[是有在为叫]+$")
_CLAUSE = re.compile(r"[,.?!;:，。？！；：、\s]")
FOCUS_CHARS = 4
# Nouns that name the answer type, not the thing asked about (the 钱 of 花了多少钱).
_TYPE_NOUNS = frozenset(
    ["钱", "时间", "时候", "地方", "位置", "地点", "地址", "名字", "名称", "日期", "数量", "数字"]
)
# A share asked for (多少比例, 百分之多少) names the answer's form, not a thing counted.
_RATIO_NOUNS = frozenset(["比例", "百分比", "百分之", "比率", "比重", "占比"])
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
# Years named from the article's own date: 去年 in an article of 2020 is 2019.
YEAR_OFFSETS = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}
_DATE_YEAR = re.compile(r"\s*(\d{4})")


@dataclass(frozen=True)
class Question:
    """What the decision needs from a question, worked out once per question."""

    words: tuple[str, ...]  # the informative words, without parts of longer ones
    parts: tuple[tuple[int, ...], ...]  # for each word, its parts among the terms
    terms: tuple[str, ...]  # every distinct term, synonyms' terms included
    synonyms: tuple[tuple[int, ...], ...]  # for each word, its synonyms among the terms
    focus: tuple[str, ...]  # the words naming what is asked for
    kind: str  # the answer type asked for: number, money, date, phone or ""
    numbers: tuple[str, ...] = ()  # numbers the question itself gives (2019 in 2019年的投资)
    unit: str = ""  # the measure word a number is asked in (家 in 多少家)
    items: int = 0  # how many things a list answer must name (6 for 哪六个)
    years: tuple[str, ...] = ()  # years named from the article's date (去年, 今年)
    counted: tuple[str, ...] = ()  # the nouns a count is asked of (常住人口 in 常住人口有多少)


def read_question(
    question: str, terms: list[str], synonyms: Mapping[str, tuple[str, ...]] | None = None
) -> Question:
    """Find a question's main words, what it asks for and the answer type it wants."""
    own = tuple(dict.fromkeys(terms))
    glued = {t for t in own if len(t) > 2 and t[0] in _MEASURES and t[1:] in own}
    framing = (
        _ABOUT_ARTICLE | _ABOUT_ITS_TEXT if _NEWS_ARTICLE.search(question) else _ABOUT_ARTICLE
    )
    kept = [t for t in own if t not in glued and t not in framing and not _MODIFIER.fullmatch(t)]
    words = tuple(t for t in kept if not any(t != o and t in o for o in kept))
    synonyms = synonyms or {}
    unique = tuple(dict.fromkeys([*own, *(a for alts in synonyms.values() for a in alts)]))
    parts = tuple(tuple(i for i, t in enumerate(own) if t in w) for w in words)
    alike = tuple(
        tuple(unique.index(a) for t in own if t in w for a in synonyms.get(t, ())) for w in words
    )
    text = written(normalize(question))
    asked = asked_type(text)
    numbers = tuple(dict.fromkeys(_DIGITS.findall(text)))
    focus = tuple(w for w in _focus(text, words) if w not in _TYPE_NOUNS)
    return Question(
        words,
        parts,
        unique,
        alike,
        focus,
        asked.kind,
        numbers,
        asked.unit,
        asked.items,
        tuple(w for w in YEAR_OFFSETS if w in text),
        _counted(focus) if asked.kind == "number" and not asked.unit else (),
    )


def asks(word: str) -> bool:
    """Whether a word asks (几点, 多少钱, 为什么) rather than names what is asked about."""
    return _ASKING.search(written(word)) is not None


def article_year(date: str | None) -> int | None:
    """The year an article's date starts with (2020 of 2020-04-26), if any."""
    year = _DATE_YEAR.match(date or "")
    return int(year.group(1)) if year else None


def written(text: str) -> str:
    """The question with spoken asking words in their written form."""
    for spoken, form in _SPOKEN:
        text = text.replace(spoken, form)
    return text


def _counted(focus: tuple[str, ...]) -> tuple[str, ...]:
    """The words of what is counted, when every one is a noun (else nothing is checked).

    A verb before 多少 (维持了多久, 需要多久) asks how long or how much it goes on, and names
    nothing the answer's sentence must hold.
    """
    counted = tuple(w for w in focus if w not in _RATIO_NOUNS)
    # One character is too little to hold a sentence to, and may be no noun at all (几个阿).
    nouns = all(len(w) > 1 and is_noun(w) for w in counted)
    return tuple(map(_unglued, counted)) if counted and nouns else ()


def _unglued(word: str) -> str:
    """The noun of a measure word the segmenter kept with it (个村 of 多少个村), else the word.

    Counted as it is, the 个 of 79个 would seem a sign of it. A word of the language that
    starts with one (项目, 个人) stays whole.
    """
    return word[1:] if word[0] in _MEASURES and known_rarity(word) is None else word


@lru_cache(maxsize=4096)  # bounded: the words come from what users ask
def is_noun(word: str) -> bool:
    """True when the tagger reads every part of the word as a noun (停车位, 常住人口)."""
    try:
        import rjieba  # the default segmenter's package; its tagger is loaded on first use
    except ImportError:  # pragma: no cover - a platform without its wheel: nothing checked
        return False
    tags = [tag for _, tag in rjieba.tag(word)]
    return bool(tags) and all(t.startswith("n") or t in ("vn", "j") for t in tags)


def has_answer_type(q: Question, text: str) -> float:
    """+1 when the text holds the answer type asked for, -1 when not, 0 when none is asked."""
    return holds(AskedType(q.kind, q.unit, q.items), text, q.numbers)


def _focus(text: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """The words for the thing asked: after 多少/哪个/什么, else just before the question word."""
    asked = _ASKING.search(text)
    if asked is None:
        clause = _CLAUSE.split(text.rstrip("吗呢吧?？ "))[-1]
        return _words_in(clause[-FOCUS_CHARS:], words)
    modifier = _MODIFIER.match(text, asked.start())
    if modifier is not None and asked.group() != "什么时候":
        after = _CLAUSE.split(text[modifier.end() :])[0][:FOCUS_CHARS]
        found = _words_in(after, words)
        if found:
            return found
    before = _LINKS.sub("", _CLAUSE.split(text[: asked.start()])[-1])
    before = before.rsplit("的", 1)[-1]
    found = _words_in(before[-FOCUS_CHARS:], words)
    if found:
        return found
    after = _CLAUSE.split(text[asked.end() :])[0]
    return _words_in(after[:FOCUS_CHARS], words)


def _words_in(span: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """Words with half their characters or more in a span of the question."""
    if not span:
        return ()
    return tuple(w for w in words if w in span or sum(c in span for c in w) >= (len(w) + 1) // 2)
