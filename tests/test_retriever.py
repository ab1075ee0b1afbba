"""The retriever end to end: questions in, best sentences with their article out."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from qa import ArticleRef, AskResult, QuestionError, Retriever, Settings, load_corpus
from qa.ranking import RankingParams

PARKING = "社区在东门空地建成停车场2处,新增停车位120个。"
PARKING_CONTEXT = PARKING + "停车场由物业公司统一管理,每月收费100元。"
FEE = "停车场由物业公司统一管理,每月收费100元。"
STARS = "全校学生共读图书3000多册,评选出阅读之星20名。"
PATH = "湖滨公园改造工程近日完工,新建环湖步道5公里。"


def retriever_for(folder: Path, **settings: object) -> Retriever:
    return Retriever.from_settings(Settings(corpus=folder, _env_file=None, **settings))


@pytest.fixture
def mini(mini_corpus: Path) -> Retriever:
    return retriever_for(mini_corpus)


@pytest.mark.parametrize(
    "question,sentence",
    [
        ("新增停车位多少个", PARKING),
        ("停车场每月收费多少", FEE),
        ("读书节评选出多少阅读之星", STARS),
        ("湖滨公园新建的步道有多长", PATH),
    ],
)
def test_best_sentence_first(mini: Retriever, question: str, sentence: str) -> None:
    result = mini.ask(question)
    assert isinstance(result, AskResult)
    assert result.question == question
    assert [a.sentence for a in result.answers] == [sentence]
    assert result.answered


def test_answer_carries_its_article_and_context(mini: Retriever) -> None:
    (answer,) = mini.ask("新增停车位多少个").answers
    assert answer.article == ArticleRef(
        id="tingche",
        title="幸福社区新建停车场",
        byline="记者 张明",
        date="2024-03-01",
        source="测试日报",
        url="https://example.com/tingche",
    )
    assert answer.context == PARKING_CONTEXT
    [article] = [a for a in mini.corpus.articles if a.id == "tingche"]
    assert article.paragraphs[answer.paragraph].text == PARKING_CONTEXT
    assert answer.article.digest == article.digest
    assert answer.heading == "新增车位"
    assert answer.matched == ("新增", "停车", "车位", "停车位")
    assert [answer.sentence[a:b] for a, b in answer.spans()] == ["停车", "新增停车位"]
    assert 0 < answer.confidence <= 1
    assert answer.score > 0


def test_answer_without_metadata(mini: Retriever) -> None:
    (answer,) = mini.ask("湖滨公园新建的步道有多长").answers
    assert answer.article == ArticleRef(id="gongyuan", title="湖滨公园改造完工")
    assert answer.heading is None


def test_top_k_answers_are_distinct_and_best_first(mini: Retriever) -> None:
    result = mini.ask("停车场收费", top_k=5)
    sentences = [a.sentence for a in result.answers]
    assert sentences[:2] == [FEE, PARKING]
    assert len(set(sentences)) == len(sentences)
    assert len({a.sentence_id for a in result.answers}) == len(sentences)
    scores = [a.score for a in result.answers]
    assert scores == sorted(scores, reverse=True)
    assert result.terms == ("停车", "车场", "停车场", "收费")


def test_top_k_from_settings(mini_corpus: Path) -> None:
    assert len(retriever_for(mini_corpus).ask("停车").answers) == 1
    assert len(retriever_for(mini_corpus, top_k=2).ask("停车").answers) == 2
    assert len(retriever_for(mini_corpus, top_k=2).ask("停车", top_k=3).answers) == 3


@pytest.mark.parametrize(
    "question",
    ["火星探测器何时发射", "量子计算机", "是什么吗", "？？？", "😀😀", "hello world"],
)
def test_no_answer(mini: Retriever, question: str) -> None:
    result = mini.ask(question, top_k=5)
    assert result.answers == ()
    assert not result.answered


def test_mostly_unknown_words_fall_below_min_confidence(mini_corpus: Path) -> None:
    question = "火星探测器发射升空停车"
    assert retriever_for(mini_corpus, min_confidence=0.3).ask(question).answers == ()
    assert len(retriever_for(mini_corpus, min_confidence=0.0).ask(question).answers) == 1


def test_a_declined_question_keeps_its_nearest_sentence(mini_corpus: Path) -> None:
    """Below the floor, the best sentence is kept as a lead when it is above the hint floor."""
    (answer,) = retriever_for(mini_corpus).ask("新增停车位多少个").answers
    strict = retriever_for(mini_corpus, min_confidence=1.0, hint_confidence=0.0)
    declined = strict.ask("新增停车位多少个")
    assert declined.answers == ()
    assert not declined.answered
    assert declined.nearest == answer
    no_hints = retriever_for(mini_corpus, min_confidence=1.0, hint_confidence=1.0)
    assert no_hints.ask("新增停车位多少个").nearest is None


def test_an_answered_or_unrelated_question_has_no_nearest_sentence(mini: Retriever) -> None:
    assert mini.ask("新增停车位多少个").nearest is None
    assert mini.ask("火星探测器何时发射").nearest is None


@pytest.mark.parametrize("question", ["", " ", "\n\t ", "\u3000"])
def test_empty_question(mini: Retriever, question: str) -> None:
    with pytest.raises(QuestionError) as info:
        mini.ask(question)
    assert str(info.value) == "the question is empty"


def test_long_question_is_cut(mini_corpus: Path) -> None:
    retriever = retriever_for(mini_corpus, max_question_chars=10)
    question = "新增停车位多少个？？" + "火星探测器发射升空" * 40
    result = retriever.ask(question)
    assert result.question == question
    assert result.terms == ("新增", "停车", "车位", "停车位")
    assert [a.sentence for a in result.answers] == [PARKING]


def test_very_long_question_is_answered(mini: Retriever) -> None:
    result = mini.ask("新增停车位多少个" + "。" * 20_000)
    assert [a.sentence for a in result.answers] == [PARKING]


@pytest.mark.parametrize(
    "question",
    [
        "新增停车位多少个😀",
        "<b>新增停车位</b>多少个",
        "<p>新增停车位多少个？</p>",
        "新增停車位多少個",
        "新增停车位多少个？！",
        "（新增）停车位：多少个？",
        "  新增停车位多少个\n",
        "ｎｅｗ新增停车位多少个",
    ],
)
def test_unusual_characters_in_questions(mini: Retriever, question: str) -> None:
    result = mini.ask(question)
    assert result.question == question
    assert [a.sentence for a in result.answers] == [PARKING]
    assert {"新增", "停车位"} <= set(result.terms)


def test_userdict_next_to_corpus_is_used(mini_corpus: Path) -> None:
    (mini_corpus / "zhiguan.md").write_text(
        "# 智慧平台上线\n\n郑港智管通平台正式上线,覆盖辖区全部社区。\n", encoding="utf-8"
    )
    question = "郑港智管通覆盖哪些社区"
    assert "郑港智管通" not in retriever_for(mini_corpus).ask(question).terms
    (mini_corpus / "userdict.txt").write_text("郑港智管通 10 nz\n", encoding="utf-8")
    retriever = retriever_for(mini_corpus)
    assert retriever.corpus.userdict == mini_corpus / "userdict.txt"
    result = retriever.ask(question)
    assert result.terms == ("郑港智管通", "覆盖", "社区")
    assert [a.sentence for a in result.answers] == ["郑港智管通平台正式上线,覆盖辖区全部社区。"]


def test_edited_userdict_is_used(mini_corpus: Path) -> None:
    (mini_corpus / "zhiguan.md").write_text(
        "# 智慧平台上线\n\n郑港智管通平台正式上线,覆盖辖区全部社区。\n", encoding="utf-8"
    )
    (mini_corpus / "userdict.txt").write_text("阅读之星 10 n\n", encoding="utf-8")
    assert "郑港智管通" not in retriever_for(mini_corpus).ask("郑港智管通").terms
    (mini_corpus / "userdict.txt").write_text("郑港智管通 10 nz\n", encoding="utf-8")
    assert retriever_for(mini_corpus).ask("郑港智管通").terms == ("郑港智管通",)


ASKED = [
    "新增停车位多少个",
    "停车场每月收费多少",
    "读书节评选出多少阅读之星",
    "湖滨公园新建的步道有多长",
]


def answers_of(retriever: Retriever) -> list[list[tuple[str, str, str, str | None]]]:
    return [
        [(a.sentence, a.article.id, a.context, a.heading) for a in retriever.ask(q, 3).answers]
        for q in ASKED
    ]


def test_saved_index_is_reused(mini_corpus: Path, tmp_path: Path) -> None:
    fresh = answers_of(retriever_for(mini_corpus, use_cache=False))
    cache = tmp_path / "cache"
    assert answers_of(retriever_for(mini_corpus, cache_dir=cache)) == fresh
    (saved,) = cache.glob("*.npz")
    stamp = saved.stat().st_mtime_ns
    assert answers_of(retriever_for(mini_corpus, cache_dir=cache)) == fresh
    assert saved.stat().st_mtime_ns == stamp


def test_default_cache_is_under_xdg_cache_home(mini_corpus: Path) -> None:
    retriever_for(mini_corpus)
    cache = retriever_for(mini_corpus).settings.cache_path()
    assert cache.parent == Path(os.environ["XDG_CACHE_HOME"])
    assert len(list(cache.glob("*.npz"))) == 1


def test_saved_index_follows_corpus_changes(mini_corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    retriever_for(mini_corpus, cache_dir=cache)
    tingche = mini_corpus / "tingche.md"
    tingche.write_text(tingche.read_text(encoding="utf-8").replace("120个", "150个"), "utf-8")
    (mini_corpus / "dushu.md").unlink()
    (mini_corpus / "aaa.md").write_text(
        "# 新文章\n\n老城区新增停车位300个,解决停车难。\n\n其他内容。\n", encoding="utf-8"
    )
    cached = retriever_for(mini_corpus, cache_dir=cache)
    assert [a.id for a in cached.corpus.articles] == ["aaa", "gongyuan", "tingche"]
    assert answers_of(cached) == answers_of(retriever_for(mini_corpus, use_cache=False))
    sentences = [a.sentence for a in cached.ask("新增停车位多少个", 5).answers]
    assert "社区在东门空地建成停车场2处,新增停车位150个。" in sentences
    assert PARKING not in sentences
    assert cached.ask("读书节评选出多少阅读之星").answers == ()


def test_unreadable_saved_index_is_rebuilt(
    mini_corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    fresh = answers_of(retriever_for(mini_corpus, cache_dir=cache))
    (saved,) = cache.glob("*.npz")
    saved.write_bytes(b"not an index")
    assert answers_of(retriever_for(mini_corpus, cache_dir=cache)) == fresh
    assert "rebuilding the index" in caplog.text
    assert saved.read_bytes() != b"not an index"


def test_from_corpus(mini_corpus: Path) -> None:
    retriever = Retriever.from_corpus(load_corpus(mini_corpus), Settings(_env_file=None))
    assert [a.id for a in retriever.corpus.articles] == ["dushu", "gongyuan", "tingche"]
    assert [a.sentence for a in retriever.ask("新增停车位多少个").answers] == [PARKING]


def test_matched_terms_in_traditional_and_full_width_text(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "# 停車場\n\n新增停車位１６２３個。\n\n其他內容無關。\n\n天氣很好。\n", encoding="utf-8"
    )
    (answer,) = retriever_for(tmp_path).ask("停车位１６２３").answers
    assert answer.sentence == "新增停車位１６２３個。"
    assert answer.matched == ("停车", "车位", "停车位", "1623")
    assert answer.spans() == [(2, 9)]


def test_an_article_in_traditional_characters_ranks_as_its_simplified_twin(
    tmp_path: Path,
) -> None:
    """Its candidates are converted before they are compared with the question."""
    results = []
    for name, library in (("traditional", "圖書館延長開放時間到晚上十點。"), ("simplified", "")):
        folder = tmp_path / name
        folder.mkdir()
        text = library or "图书馆延长开放时间到晚上十点。"
        (folder / "a.md").write_text(f"# 閱讀\n\n{text}\n\n讀者很多。\n", encoding="utf-8")
        (folder / "b.md").write_text("# 停车\n\n新增停车位1623个。\n", encoding="utf-8")
        (answer,) = retriever_for(folder, use_cache=False).ask("图书馆开放到几点").answers
        results.append((answer.score, answer.confidence))
    assert results[0] == pytest.approx(results[1])


def test_bundled_readme_example(bundled_retriever: Retriever) -> None:
    (answer,) = bundled_retriever.ask("停车位新增多少").answers
    assert "1623" in answer.sentence
    assert answer.article.id.startswith("01-")
    assert answer.article.source == "航空港时报"
    assert answer.sentence in answer.context


def test_a_huge_paragraph_still_finds_its_sentence(tmp_path: Path) -> None:
    """Past the candidate cap, the sentence index picks which sentences are compared."""
    filler = [f"第{n}号仓库今天照常开放。" for n in range(400)]
    target = "新建的樱花大道全长3公里。"
    text = "".join(filler[:200] + [target] + filler[200:])
    corpus = tmp_path / "huge.jsonl"
    corpus.write_text(
        json.dumps({"id": "huge", "title": "一段很长的文章", "text": text}, ensure_ascii=False),
        encoding="utf-8",
    )
    retriever = Retriever.from_settings(Settings(corpus=corpus, use_cache=False, _env_file=None))
    assert len(retriever.index.sentences) > RankingParams().max_candidates
    result = retriever.ask("樱花大道有多长")
    assert [a.sentence for a in result.answers] == [target]


def test_a_corpus_of_one_paragraph_answers(tmp_path: Path) -> None:
    """With one paragraph every idf is negative; its sentences must still be answers."""
    (tmp_path / "one.md").write_text(
        "# 社区通知\n\n本周六上午九点在活动中心举办义诊。下周一停水半天。\n", encoding="utf-8"
    )
    retriever = Retriever.from_settings(Settings(corpus=tmp_path, use_cache=False, _env_file=None))
    assert retriever.ask("什么时候停水").answers[0].sentence == "下周一停水半天。"


def test_an_answer_referring_back_is_shown_with_its_referent(tmp_path: Path) -> None:
    """The sentence that matches says 是…地区 with its subject in the sentence before."""
    (tmp_path / "geo.md").write_text(
        "# 地理\n\n卡尔梅克共和国位于伏尔加河下游。是欧洲唯一以佛教为主的地区。\n\n"
        "# 气候\n\n里海沿岸夏季炎热干燥。\n",
        encoding="utf-8",
    )
    retriever = Retriever.from_settings(Settings(corpus=tmp_path, use_cache=False, _env_file=None))
    answer = retriever.ask("欧洲唯一以佛教为主的地区在哪里").answers[0]
    assert answer.sentence == "卡尔梅克共和国位于伏尔加河下游。是欧洲唯一以佛教为主的地区。"
    assert answer.sentence in answer.context
