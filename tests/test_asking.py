"""Reading a question: its words, the thing asked for and the answer type it wants."""

from __future__ import annotations

import pytest

from qa.asking import has_answer_type, read_question, written
from qa.tokenizer import Tokenizer


@pytest.mark.parametrize(
    "question,terms,focus",
    [
        (
            "郑港办事处的电话号码是多少",
            ["郑港", "办事处", "电话", "号码", "电话号码"],
            ("电话号码",),
        ),
        ("有多少个工作人员", ["工作", "人员", "工作人员"], ("工作人员",)),
        ("这个项目明年的预算是多少", ["项目", "明年", "预算"], ("预算",)),
        ("他们要交水电费吗", ["交", "水电费"], ("交", "水电费")),
        # A word sharing one character with the asked-for thing is not part of it.
        ("郑港办事处的办公电话是多少", ["郑港", "办事处", "办公", "电话"], ("办公", "电话")),
        # 钱 names the answer type, not the thing asked about.
        ("修路花了多少钱", ["修路", "花", "钱"], ()),
    ],
)
def test_focus_is_the_thing_asked_for(question: str, terms: list[str], focus: tuple[str]) -> None:
    assert read_question(question, terms).focus == focus


def test_parts_of_longer_words_and_glued_measure_words_are_not_words_of_their_own() -> None:
    q = read_question("新建了多少个停车场", ["新建", "个停车场", "停车", "车场", "停车场"])
    assert q.words == ("新建", "停车场")
    assert [q.terms[i] for i in q.parts[1]] == ["停车", "车场", "停车场"]


def test_words_about_the_article_itself_frame_the_question() -> None:
    q = read_question("哪篇文章是李明写的", ["文章", "篇文章", "李明", "写"])
    assert q.words == ("李明",)


@pytest.mark.parametrize(
    "question,kind",
    [
        ("停车位新增多少", "number"),
        ("什么时候开会", "date"),
        ("啥时候开会", "date"),
        ("修路一共花了多少钱", "money"),
        ("新建的停车场怎么收费", "money"),
        ("停车场咋收费", "money"),
        ("新建的停车场收不收费", "money"),
        ("办事处的电话是多少", "phone"),
        ("图书馆每天几点开门", "date"),
        ("打电话问天气的服务是哪一年开始的", "date"),
        ("政府撤退至台湾是西元几年", "date"),
        ("义务教育要读几年", "number"),
        ("有哪些超市参加", ""),
        ("谁是书记", ""),
    ],
)
def test_answer_type(question: str, kind: str) -> None:
    assert read_question(question, []).kind == kind


def test_spoken_asking_words_read_as_written_ones() -> None:
    assert written("郑港咋应对,做了啥") == "郑港怎么应对,做了什么"


@pytest.mark.parametrize(
    "question,text,found",
    [
        ("新增多少个停车位", "新增停车位1623个", 1.0),
        ("新增多少个停车位", "新增停车场,缓解了停车难", -1.0),
        # The measure word asked with must count the answer: 多少家 is not 5万余户.
        ("服务了多少家商户", "服务居民5万余户", -1.0),
        ("服务了多少家商户", "服务商户120余家", 1.0),
        ("有多少人参加", "共有20位委员参加", 1.0),
        # A number the question gives is not its answer.
        ("186家企业里小微企业有多少家", "为186家中小企业对接资金", -1.0),
        ("修路花了多少钱", "修路1.2公里", -1.0),
        ("修路花了多少钱", "投资300多万元修路", 1.0),
        ("新建的停车场怎么收费", "建成停车场7处、新增停车位1623个", -1.0),
        ("新建的停车场怎么收费", "新建停车场全部免费开放", 1.0),
        ("新建的停车场怎么收费", "小型车每小时收费5元", 1.0),
        ("门票多少钱", "门票为5800日元", 1.0),
        ("颐养学院什么时候开业", "颐养学院建在锦绣荷园社区", -1.0),
        ("颐养学院什么时候开业", "颐养学院于5月1日开业", 1.0),
        ("图书馆几点开门", "图书馆面积1800多平方米", -1.0),
        ("图书馆几点开门", "图书馆每天上午9点开门", 1.0),
        ("会上提了几点要求", "会上提出三点要求", 1.0),
        ("热线电话是多少", "热线共接到电话300个", -1.0),
        # A date is not how many: 常住人口有多少 is not answered by 4月13日.
        ("常住人口有多少", "4月13日,办事处召开2020年度工作会议", -1.0),
        ("常住人口有多少", "辖区常住人口5.2万人", 1.0),
        ("义务教育要多久", "1960年起设置十年义务教育", 1.0),
        ("义务教育要多久", "1960年起设置义务教育", -1.0),
        ("这座桥建了多少年", "大桥从1990年建到2000年", 1.0),
        ("销量在全球排第几", "2015年销量第四", 1.0),
        ("热线电话是多少", "热线电话0371-12345678", 1.0),
        ("谁是书记", "书记是张三", 0.0),
    ],
)
def test_answer_type_in_a_sentence(question: str, text: str, found: float) -> None:
    assert has_answer_type(read_question(question, []), text) == found


@pytest.mark.parametrize(
    "question,counted",
    [
        ("郑港办事处辖区常住人口有多少", ("常住人口",)),
        ("一共有多少工作人员", ("工作人员",)),
        # A verb before 多久 counts no thing; a share names the answer's form; 多少家 has a unit.
        ("欧洲的铁幕维持了多久", ()),
        ("汉族约占多少比例", ()),
        ("服务了多少家商户", ()),
        ("什么时候开会", ()),
        # A particle typed after the question word is not what is counted.
        ("停車位新增了几个阿,,,", ()),
        # A measure word kept with its noun is not counted; a word of the language is whole.
        ("郑港办事处辖区一共有多少个村", ("村",)),
        ("一共有几个项目", ("项目",)),
    ],
)
def test_what_a_count_is_asked_of(question: str, counted: tuple[str, ...]) -> None:
    assert read_question(question, Tokenizer()(question)).counted == counted


def test_numbers_the_question_gives_are_kept() -> None:
    assert read_question("2019年完成投资多少亿元", ["2019", "年", "投资"]).numbers == ("2019",)


@pytest.mark.parametrize(
    "question,items",
    [
        ("规划的6个示范片区具体是哪6个", 6),
        ("“六个郑港”具体指哪六个", 6),
        ("做价格监测的8家超市分别是哪几家", 8),
        ("这个镇是由哪两个乡合并的", 2),
        # Without a count there is nothing to hold the list to.
        ("扶持资金是哪几家银行放的", 0),
        ("他有哪些作品", 0),
        ("哪一个村最大", 0),
        ("哪一年建成的", 0),
    ],
)
def test_how_many_things_a_list_question_wants_named(question: str, items: int) -> None:
    q = read_question(question, [])
    assert q.items == items
    assert (q.kind == "list") == bool(items)


@pytest.mark.parametrize(
    "text,found",
    [
        ("超市有家乐福、丹尼斯、大张、世纪联华、胖东来、永辉、华润和沃尔玛。", 1.0),
        ("办事处以8家中大型超市作为价格监测对象,实时掌握市场储备供应、价格变化信息。", -1.0),
    ],
)
def test_a_list_answer_names_as_many_things_as_asked(text: str, found: float) -> None:
    q = read_question("价格监测的8家超市分别是哪几家", ["价格", "监测", "超市"])
    assert has_answer_type(q, text) == found


@pytest.mark.parametrize(
    "text,found",
    [
        ("片区有东区、西区、南区、北区、中区和新区。", 1.0),
        # Five named, and the 和 of 和谐 joins nothing.
        ("规划出6个示范片区,以“天蓝、水绿、景美、和谐、宜居”为目标。", -1.0),
        ("规划出6个示范片区。", -1.0),
    ],
)
def test_a_list_is_counted_in_one_clause(text: str, found: float) -> None:
    q = read_question("6个示范片区具体是哪六个", ["示范", "片区"])
    assert has_answer_type(q, text) == found


def test_two_things_joined_by_he_are_a_list_of_two() -> None:
    q = read_question("由哪两个乡合并而成", ["乡", "合并"])
    assert has_answer_type(q, "该镇由东乡和西乡合并而成。") == 1.0
    assert has_answer_type(q, "该镇由两个乡合并而成。") == -1.0


@pytest.mark.parametrize(
    "question,terms,words",
    [
        # Asked of a news article, its title and what it tells frame the question too.
        ("曾碧娟写的那篇讲的是什么事", ["曾碧娟", "写", "那篇", "讲", "事"], ("曾碧娟",)),
        (
            "讲农民工工资的报道标题是什么",
            ["讲", "农民工", "工资", "报道", "标题"],
            ("农民工", "工资"),
        ),
        # Elsewhere they may be the thing asked about.
        ("这本书讲述了什么内容", ["这本", "书", "讲述", "内容"], ("这本", "书", "讲述", "内容")),
    ],
)
def test_words_about_a_news_article_frame_the_question(
    question: str, terms: list[str], words: tuple[str, ...]
) -> None:
    assert read_question(question, terms).words == words
