"""Ranking: how much each shared word counts, and the re-ranking of the best."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qa import Retriever, Settings
from qa.ranking import SEMANTIC, RankingParams, _lifts, rank


def ask(tmp_path: Path, paragraphs: list[str], question: str) -> list[str]:
    body = "\n\n".join(paragraphs)
    (tmp_path / "page.md").write_text(f"# 社区简报\n\n{body}\n", encoding="utf-8")
    settings = Settings(corpus=tmp_path, use_cache=False, min_confidence=0.0, _env_file=None)
    result = Retriever.from_settings(settings).ask(question, 4)
    return [a.sentence for a in result.answers]


def test_words_every_candidate_shares_count_less(tmp_path: Path) -> None:
    """疫情期间 is in most sentences of the page; 房租 only in the answer."""
    answer = "门店房租减免三个月。"
    paragraphs = [
        f"疫情期间企业陆续复工。{answer}疫情期间学校停课。疫情期间公交减少班次。",
        "图书馆周末照常开放。",
    ]
    assert ask(tmp_path, paragraphs, "疫情期间房租怎么样")[0] == answer


@pytest.mark.parametrize(
    "question,answer",
    [
        ("社区新增停车位多少", "社区新增停车位120个。"),
        ("社区什么时候新增停车位", "社区5月新增停车位。"),
    ],
)
def test_the_sentence_holding_the_answer_type_wins_a_tie(
    tmp_path: Path, question: str, answer: str
) -> None:
    """Both sentences match the question's words; only one holds a number, or a date."""
    paragraphs = [f"社区新增停车位受到欢迎。{answer}", "图书馆周末照常开放。"]
    assert ask(tmp_path, paragraphs, question)[0] == answer


HOUSING = "办事处对40多万平方米房屋进行了全面排查维修。"


@pytest.mark.parametrize(
    "question,answered",
    [
        ("修了多少平方米的房子", True),  # 修, 房子: the user's own common words
        ("排查维修了多少房屋", True),
        ("上海迪士尼门票多少钱", False),  # rare words the page lacks
    ],
)
def test_confidence_weighs_words_by_their_rarity_in_chinese(
    tmp_path: Path, question: str, answered: bool
) -> None:
    (tmp_path / "page.md").write_text(
        f"# 社区简报\n\n{HOUSING}\n\n图书馆周末照常开放。\n\n社区新增停车位120个。\n",
        encoding="utf-8",
    )
    settings = Settings(corpus=tmp_path, use_cache=False, _env_file=None)
    result = Retriever.from_settings(settings).ask(question)
    assert [a.sentence for a in result.answers] == ([HOUSING] if answered else [])


@pytest.mark.parametrize(
    "question,answer",
    [
        ("今年的重点项目有几个", "2020年重点项目77个。"),
        ("去年的重点项目有几个", "2019年重点项目79个。"),
    ],
)
def test_this_year_and_last_year_are_read_from_the_article_date(
    tmp_path: Path, question: str, answer: str
) -> None:
    (tmp_path / "page.md").write_text(
        "---\ntitle: 工作会议\ndate: 2020-04-26\n---\n\n"
        "2019年重点项目79个。2020年重点项目77个。\n\n图书馆周末照常开放。\n",
        encoding="utf-8",
    )
    settings = Settings(corpus=tmp_path, use_cache=False, min_confidence=0.0, _env_file=None)
    assert Retriever.from_settings(settings).ask(question).answers[0].sentence == answer


def test_relative_years_need_a_dated_article(tmp_path: Path) -> None:
    """Without a date, 今年 cannot be told from any year: the first of the tie wins."""
    (tmp_path / "page.md").write_text(
        "# 工作会议\n\n2019年重点项目79个。2020年重点项目77个。\n\n图书馆周末照常开放。\n",
        encoding="utf-8",
    )
    settings = Settings(corpus=tmp_path, use_cache=False, min_confidence=0.0, _env_file=None)
    result = Retriever.from_settings(settings).ask("今年的重点项目有几个")
    assert result.answers[0].sentence == "2019年重点项目79个。"


@pytest.mark.parametrize(
    "question,answered",
    [("郑港办事处新建了多少停车场", True), ("郑港办事处的邮政编码是多少", False)],
)
def test_a_name_the_whole_corpus_shares_does_not_answer_on_its_own(
    tmp_path: Path, question: str, answered: bool
) -> None:
    """郑港 is unknown to jieba's table but in every paragraph: it weighs as the corpus's topic."""
    paragraphs = ["郑港办事处新建停车场7处。", "郑港办事处开展党建观摩。", "郑港办事处复工复产。"]
    body = "\n\n".join(paragraphs)
    (tmp_path / "page.md").write_text(f"# 郑港简报\n\n{body}\n", encoding="utf-8")
    settings = Settings(corpus=tmp_path, use_cache=False, _env_file=None)
    assert Retriever.from_settings(settings).ask(question).answered is answered


@pytest.mark.parametrize("question", ["李明写了哪篇文章", "哪篇报道是李明写的"])
def test_a_question_naming_the_reporter_finds_the_article(tmp_path: Path, question: str) -> None:
    for name, title, byline, body in [
        ("a", "社区新增停车位", "记者 张华", "社区新增停车位120个。"),
        ("b", "图书馆延长开放时间", "记者 李明", "图书馆周末照常开放。"),
    ]:
        (tmp_path / f"{name}.md").write_text(
            f"---\ntitle: {title}\nbyline: {byline}\n---\n\n{body}\n", encoding="utf-8"
        )
    settings = Settings(corpus=tmp_path, use_cache=False, _env_file=None)
    answers = Retriever.from_settings(settings).ask(question).answers
    assert [a.article.title for a in answers] == ["图书馆延长开放时间"]


def test_the_best_sentence_decides_whether_a_question_is_answered(tmp_path: Path) -> None:
    """With top_k > 1, a lower sentence passing the floor does not answer what the best cannot."""
    paragraphs = ["郑港办事处新建停车场。", "郑港办事处4月新建党建中心。", "郑港办事处复工复产。"]
    body = "\n\n".join(paragraphs)
    (tmp_path / "page.md").write_text(f"# 郑港简报\n\n{body}\n", encoding="utf-8")
    # The best sentence matches every word but holds no date; the second holds one.
    question = "郑港办事处什么时候新建停车场"
    every = Settings(corpus=tmp_path, use_cache=False, min_confidence=0.0, _env_file=None)
    ranked = Retriever.from_settings(every).ask(question, 3).answers
    floor = (ranked[0].confidence + max(a.confidence for a in ranked[1:])) / 2
    assert floor > ranked[0].confidence  # a lower sentence is more confident than the best
    settings = Settings(corpus=tmp_path, use_cache=False, min_confidence=floor, _env_file=None)
    assert Retriever.from_settings(settings).ask(question, 3).answers == ()


# 村 is what is asked for; only the short sentence names one, the other holds the other words.
LIBRARY = "新建的图书馆周末照常开放。它位于东山村。"
WHERE = "新建的图书馆周末开放在哪个村"


@pytest.mark.parametrize(
    "focus,order",
    [
        (0.0, ["新建的图书馆周末照常开放。", "它位于东山村。"]),
        (0.3, ["新建的图书馆周末照常开放。", "它位于东山村。"]),
        (3.0, ["它位于东山村。", "新建的图书馆周末照常开放。"]),
    ],
)
def test_sentence_focus_weighs_the_thing_asked_for(
    tmp_path: Path, focus: float, order: list[str]
) -> None:
    (tmp_path / "page.md").write_text(f"# 社区简报\n\n{LIBRARY}\n", encoding="utf-8")
    settings = Settings(corpus=tmp_path, use_cache=False, min_confidence=0.0, _env_file=None)
    r = Retriever.from_settings(settings)
    terms = r.tokenizer(WHERE)
    plain = {x.sentence_id: x.score for x in rank(r.index, WHERE, terms, 2)}
    ranked = rank(r.index, WHERE, terms, 2, RankingParams(sentence_focus=focus))
    assert [r.index.sentences.texts[x.sentence_id] for x in ranked] == order
    for x in ranked:  # focus is 1 in the sentence naming a 村, 0 in the other
        expected = focus if "村" in r.index.sentences.texts[x.sentence_id] else 0.0
        assert x.score == pytest.approx(plain[x.sentence_id] + expected, abs=1e-5)


def test_the_lexical_ranker_keeps_its_own_weights(tmp_path: Path) -> None:
    """The weights fitted with the cosine (SEMANTIC) are not the default install's."""
    (tmp_path / "page.md").write_text(f"# 社区简报\n\n{LIBRARY}\n", encoding="utf-8")
    settings = Settings(corpus=tmp_path, use_cache=False, semantic="off", _env_file=None)
    assert Retriever.from_settings(settings).params == RankingParams() != SEMANTIC
    assert RankingParams().sentence_focus == 0.0


@pytest.mark.parametrize(
    "sims,pool,lifts",
    [
        ([0.9, 0.8, 0.8], 10, [1.0, -0.5, -0.5]),
        # past the pool a candidate is measured against the pool's mean
        ([0.9, 0.8, 0.7], 2, [1.0, -1.0, -1.5]),
        ([0.9], 10, [0.0]),
        ([], 10, []),
    ],
)
def test_lift_is_ten_times_the_lead_over_the_others(
    sims: list[float], pool: int, lifts: list[float]
) -> None:
    np.testing.assert_allclose(_lifts(np.array(sims), pool), lifts, atol=1e-9)
