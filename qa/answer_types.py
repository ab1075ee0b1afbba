"""Answer types: what a question's wording asks for (a number, a date, a price, a list of six)
and whether a sentence holds one."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["AskedType", "asked_type", "coarse_type", "coarse_typed", "holds"]

# Answer types, most specific first: the cue in the question, then what an answer holds.
_CUES = (
    # 打哪个投诉电话 asks for one too; 生命热线的会址 and 为什么电话本… do not.
    (
        "phone",  # and other long numbers: 邮政编码, 编号
        re.compile(
            r"(?:电话|号码|手机号|热线|邮编|编码|编号|代码)(?:号码)?[是为]?(?:多少|几)"
            r"|(?:电话|手机号|热线)(?:号码)?[是为]?什么"
            r"|(?<!为)(?:哪个|哪一个|哪条|什么)[\u4e00-\u9fff]{0,4}?(?:电话|热线)(?:号码)?"
            r"(?:[^\u4e00-\u9fff]|$|投诉|举报|咨询|求助|联系|反映)"
        ),
    ),
    # 几点 asks for a clock time; 提了几点意见 counts points, which 三点 answers as well.
    # 西元几年 (DRCD's Taiwanese 公元几年) asks for a year, where 几年 alone counts years.
    (
        "date",
        re.compile(
            r"何时|什么时候|哪天|哪一天|哪年|哪一年|几月|几号|几日|几点|年份|日期|(?:西元|公元|民国)几年"
        ),
    ),
    # 几块 alone is spoken money (门票几块?); before a noun it measures (划了几块区域, 哪几块工作).
    (
        "money",  # 怎么收费 asks for a price too: so much an hour, or free
        re.compile(
            r"多少钱|花了多少|花多少|(?<!哪)几块(?:钱|$|[^\u4e00-\u9fff])|多少元|多少万元|多少亿元|金额|费用"
            r"|(?:怎么|怎样|如何)收费|收费多少|收多少|收不收费|收费吗"
        ),
    ),
    ("number", re.compile(r"多少|(?<!哪)几|多大|多长|多高|多远|多重|多久|百分之|比例")),
)
# A fee asked after its name (配送费怎么收, 要不要交停车费): the answer must speak of a fee, not
# of any sum (销售额560多万元). 花费多少时间 asks for time.
_FEE = re.compile(
    r"(?<![花消浪耗])费[是为]?(?:多少|怎么收|怎样收|如何收|咋收)"
    r"|(?:要不要|收不收|用不用|需不需要)[交收付缴]?[\u4e00-\u9fff]{0,3}费"
)
_NUMERAL = r"(?:\d[\d.,]*|[一二两三四五六七八九十百千万亿]+)[多余]?[十百千万亿]*[多余]?"
_NUMERAL_TAIL = r"[\d.,]*[多余]?[十百千万亿]*[多余]?"  # what may follow a number's digits
_ANSWERS = {
    "phone": re.compile(r"\d{5,}|\d{3,4}-\d{7,8}"),
    "date": re.compile(
        r"\d+年|\d+月|\d+日|\d+号|[〇零一二三四五六七八九十百千]+[年月日]|世纪|年代|年间|时期"
        r"|[^王]朝|周[一二三四五六日末]|星期|[上下]午|凌晨|傍晚|[今明昨后]天|[\d一二三四五六七八九十]+点"
    ),
    "money": re.compile(
        _NUMERAL + r"(?:[日港美欧韩台澳]?元|块|美金|英镑|人民币)|免费|不收费|免收"
    ),
    "number": re.compile(
        r"\d|[一二两三四五六七八九十百千万亿]+[个项处家名人次元米岁倍万亿%年天周季]|第[一二三四五六七八九十百]"
    ),
}
# A time of the year answers 什么时候 (二季度, 年底前) but not 哪一年.
_TIME_OF_YEAR = re.compile(r"季度|[上下]半年|年[初底末]|月[初底末]|[上中下]旬")
_YEAR_ASKED = re.compile(r"哪年|哪一年|年份|(?:西元|公元|民国)几年")
# A date is no answer to 多少: 常住人口有多少 is not answered by 4月13日. (多少年 asks in 年, a
# unit, and is not read this way.)
_DATES = re.compile(
    r"(?:1\d|20)\d\d年(?:\d{1,2}月(?:\d{1,2}[日号])?)?|\d{1,2}月\d{1,2}[日号]|\d{1,2}月份"
)
# 多少家 wants a count of 家: the measure word asked with must follow the answer's number.
_UNIT = re.compile(
    r"(?:多少|几)(家|名|人|份|单|户|处|项|次|起|条|位|辆|台|所|座|平方米|公里|米|年|天|岁|倍)"
)
# An age is asked without its unit (多大年纪, 年龄是多少) and answered in 岁: 多大 alone reads as
# any number, and 瞄准二季度 is no age.
_AGE = re.compile(r"(?:多大|几多)(?:年纪|岁数|年龄)|(?:年纪|岁数|年龄)(?:有|是|为)?(?:多大|多少)")
# Measure words that count the same things (多少人: 20位, 5名).
_SAME_UNIT = {"人": "人|名|位", "名": "人|名|位", "位": "人|名|位", "岁": "岁|周岁"}
# 哪六个, or 哪几家 of 8家超市: that many things must be named, a list of as many (A、B和C).
_MEASURE = "[个家种项位条所座类型处样]"
_LIST_OF = re.compile(f"哪([两二三四五六七八九十\\d]+){_MEASURE}")
_WHICH_OF = re.compile(f"哪几({_MEASURE})")
_LIST_CLAUSE = re.compile(r"[,，;；。:：\n]")
_LIST_LAST = re.compile(r"和|及|与|或")
_SMALL_NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)} | {"两": 2}
# The first stage's cues and answers, coarser and cheaper: they score every candidate of a
# question (hundreds at 1M sentences) before the best ten are read with the ones above.
_COARSE_CUES = {
    "number": re.compile(
        r"多少|(?<!哪)几|多大|多长|多高|多远|多重|多久|多快|多深|多宽|百分之|比例|数量"
    ),
    "date": re.compile(
        r"何时|什么时候|哪天|哪一天|哪年|哪一年|几月|几号|几日|日期|时间|年份|多少年"
    ),
}
_COARSE_ANSWERS = {
    "number": re.compile(r"\d|[一二两三四五六七八九十百千万亿]+[个项处家名人次元米岁倍万亿%]"),
    "date": re.compile(
        r"\d+年|\d+月|\d+日|[一二三四五六七八九十]+月|[一二三四五六七八九十]+日|世纪"
    ),
}


@dataclass(frozen=True)
class AskedType:
    """The answer type a question asks for ("" for none) and what narrows it."""

    kind: str  # number, money, date, phone, list or ""
    # The measure word a number is asked in (家 in 多少家); 年 for 哪一年; 费 for a fee.
    unit: str = ""
    items: int = 0  # how many things a list answer must name (6 for 哪六个)


def asked_type(text: str) -> AskedType:
    """The answer type a question (normalised, asking words written) asks for."""
    items = _list_size(text)
    if items:
        return AskedType("list", items=items)
    kind = next((k for k, cue in _CUES if cue.search(text)), "")
    if kind in ("", "number", "money") and _FEE.search(text):
        return AskedType("money", "费")
    if kind == "date":
        return AskedType(kind, "年" if _YEAR_ASKED.search(text) else "")
    if kind == "number" and _AGE.search(text):
        return AskedType(kind, "岁")
    unit = _UNIT.search(text) if kind == "number" else None
    return AskedType(kind, unit.group(1) if unit else "")


def holds(asked: AskedType, text: str, given: tuple[str, ...] = ()) -> float:
    """+1 when the text holds the answer type asked for, -1 when not, 0 when none is asked.

    Numbers the question gives itself (`given`) do not count: 2019年 asked about is no answer.
    """
    if not asked.kind:
        return 0.0
    for number in given:
        # The whole numeral it starts (8万多 of 8万多单), not a part of another (28).
        text = re.sub(f"(?<![\\d.]){re.escape(number)}(?!\\d){_NUMERAL_TAIL}", " ", text)
    if asked.kind == "date":
        found = _ANSWERS["date"].search(text) or (not asked.unit and _TIME_OF_YEAR.search(text))
        return 1.0 if found else -1.0
    if asked.kind == "money" and asked.unit == "费":
        return 1.0 if "费" in text and _ANSWERS["money"].search(text) else -1.0
    if asked.unit:
        unit = _SAME_UNIT.get(asked.unit, asked.unit)
        return 1.0 if re.search(f"{_NUMERAL}(?:{unit})", text) else -1.0
    if asked.kind == "number":
        text = _DATES.sub(" ", text)
    if asked.kind == "list":
        return 1.0 if max(map(_list_length, _LIST_CLAUSE.split(text))) >= asked.items else -1.0
    return 1.0 if _ANSWERS[asked.kind].search(text) else -1.0


def coarse_type(question: str) -> str | None:
    """The answer type the first stage looks for ("date", "number"), if any."""
    for kind in ("date", "number"):
        if _COARSE_CUES[kind].search(question):
            return kind
    return None


def coarse_typed(texts: list[str], kind: str | None) -> npt.NDArray[np.float64]:
    """1 for each text holding the first stage's answer type, else 0."""
    if kind is None:
        return np.zeros(len(texts))
    pattern = _COARSE_ANSWERS[kind]
    return np.array([1.0 if pattern.search(t) else 0.0 for t in texts])


def _list_size(text: str) -> int:
    """How many things the question asks to be named: 哪六个 six, 8家超市是哪几家 eight; else 0."""
    asked = _LIST_OF.search(text)
    if asked is not None:
        return _small_number(asked.group(1))
    which = _WHICH_OF.search(text)
    if which is None:
        return 0
    given = re.search(f"([两二三四五六七八九十\\d]+){which.group(1)}", text[: which.start()])
    return _small_number(given.group(1)) if given else 0


def _list_length(clause: str) -> int:
    """Things a clause names in a row: A、B、C和D is four (the 和 of 和谐 inside C is not)."""
    *listed, last = clause.split("、")
    return len(listed) + 1 + (1 if _LIST_LAST.search(last if listed else clause) else 0)


def _small_number(numeral: str) -> int:
    """2 to 12 from 两, 六 or 8; 0 for anything else (a list of 30 is not checked)."""
    n = int(numeral) if numeral.isdigit() else _SMALL_NUMBERS.get(numeral, 0)
    return n if 2 <= n <= 12 else 0
