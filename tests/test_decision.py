"""The no-answer decision: features of a candidate answer and the fitted model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from qa import Retriever, Settings
from qa.decision import Features, probability
from qa.ranking import rank

BASE = Features(0.8, 0.7, 1.0, 1.0, 0.0, 0.2, 0.3, 1.2, nouns=0.7, others=0.7)


@pytest.mark.parametrize(
    "field,low,high",
    [("coverage", 0.2, 0.9), ("sentence", 0.1, 0.9), ("margin", 0.0, 0.8)],
)
def test_more_of_the_question_found_means_more_likely_answered(
    field: str, low: float, high: float
) -> None:
    assert probability(replace(BASE, **{field: low})) < probability(replace(BASE, **{field: high}))


def test_a_noun_missing_counts_more_than_a_reworded_verb() -> None:
    """停车位到底弄了多少个 rewords 新增; 银行新增多少个 names a thing the sentence lacks."""
    reworded = replace(BASE, nouns=1.0, others=0.2)
    assert probability(replace(BASE, nouns=0.2, others=1.0)) < probability(reworded)


def test_probability_is_between_0_and_1_and_semantic_uses_its_own_set() -> None:
    p = probability(BASE)
    assert 0.0 < p < 1.0
    # With a cosine the semantic set decides (its score includes 30 × cos, so it differs).
    with_cosine = probability(replace(BASE, semantic=0.9))
    assert 0.0 < with_cosine < 1.0 and with_cosine != pytest.approx(p)


def test_a_sentence_standing_out_of_the_others_is_more_likely_the_answer() -> None:
    on_topic = probability(replace(BASE, semantic=0.9, lift=0.0))
    assert probability(replace(BASE, semantic=0.9, lift=0.4)) > on_topic
    # The lexical set has no such coefficient: a lift alone changes nothing there.
    assert probability(replace(BASE, lift=0.4)) == probability(BASE)


def test_words_no_text_has_are_excused_only_where_a_cosine_can_tell() -> None:
    """街道 asked of a page that says 办事处: the semantic set weighs such words; the lexical
    set, which cannot tell them from 常住人口 asked of a page without it, only the words that
    are not nouns (弄, 咋)."""
    found = replace(BASE, semantic=0.85, lift=0.1)
    assert probability(replace(found, absent=0.5)) > probability(found)
    assert probability(replace(BASE, absent=0.5)) == probability(BASE)
    assert probability(replace(BASE, absent_others=0.5)) > probability(BASE)


def _best(corpus: Path, question: str) -> Features:
    settings = Settings(corpus=corpus, use_cache=False, semantic="off", _env_file=None)
    retriever = Retriever.from_settings(settings)
    terms = retriever.tokenizer(question)
    (best,) = rank(retriever.index, question, terms, 1, retriever.params)
    assert best.features is not None
    return best.features


@pytest.mark.parametrize(
    "question,field,value",
    [
        ("公园新种植樱花树多少棵", "type_missing", 0.0),
        ("公园新种植樱花树是什么时候", "type_missing", 1.0),
        ("社区新增停车位多少个", "numbers", 0.0),
        # A count of something else (停车位120个) does not say how many residents there are.
        ("社区常住人口有多少", "type_missing", 1.0),
        ("社区2019年新增停车位多少个", "numbers", 1.0),
    ],
)
def test_features_of_what_was_asked(corpus: Path, question: str, field: str, value: float) -> None:
    assert getattr(_best(corpus, question), field) == value


@pytest.mark.parametrize(
    "question,nouns,others",
    [
        ("社区新增停车位多少个", 1.0, 1.0),
        ("社区停车位到底弄了多少个", 1.0, 0.0),  # 到底 and 弄 are the asker's wording
    ],
)
def test_nouns_and_other_words_are_counted_apart(
    corpus: Path, question: str, nouns: float, others: float
) -> None:
    best = _best(corpus, question)
    assert (best.nouns, best.others) == (pytest.approx(nouns), pytest.approx(others))


@pytest.mark.parametrize(
    "question,absent,others",
    [
        ("社区新增停车位多少个", False, False),
        ("社区新增停车位和图书多少个", False, False),  # 图书 is in another article
        ("社区停车位到底弄了多少个", True, True),  # 到底 and 弄 are in no article
        ("社区银行新增多少个", True, False),  # 银行 is in none either, and a noun
    ],
)
def test_words_no_paragraph_has_are_counted(
    corpus: Path, question: str, absent: bool, others: bool
) -> None:
    best = _best(corpus, question)
    assert (best.absent > 0, best.absent_others > 0) == (absent, others)


def test_an_incremental_build_decides_as_a_fresh_one(corpus: Path, tmp_path: Path) -> None:
    """A removed article's words stay in the vocabulary, held by no paragraph: absent."""
    settings = Settings(corpus=corpus, cache_dir=tmp_path / "c", semantic="off", _env_file=None)
    Retriever.from_settings(settings)  # saved while 图书's article is there
    (corpus / "dushu.md").unlink()
    updated = Retriever.from_settings(settings)  # built on the saved index
    question = "社区新增停车位和图书多少个"
    terms = updated.tokenizer(question)
    (best,) = rank(updated.index, question, terms, 1, updated.params)
    assert "图书" in updated.index.paragraph_bm25.vocab
    assert best.features == _best(corpus, question)
    assert best.features is not None and best.features.absent > 0


def test_a_noun_the_sentence_lacks_lowers_only_the_nouns_share(corpus: Path) -> None:
    best = _best(corpus, "社区银行新增多少个")
    assert best.nouns < 1.0
    assert best.others == pytest.approx(1.0)


def test_a_missing_answer_type_or_number_makes_an_answer_less_likely(corpus: Path) -> None:
    answered = probability(_best(corpus, "社区新增停车位多少个"))
    assert probability(_best(corpus, "社区2019年新增停车位多少个")) < answered
    assert probability(_best(corpus, "公园新种植樱花树是什么时候")) < probability(
        _best(corpus, "公园新种植樱花树多少棵")
    )


def test_a_spoken_compound_weighs_less_than_an_unknown_name(corpus: Path) -> None:
    """发没发 is 发 and 没; 犇犇 splits into nothing known, so it may name what the page lacks."""
    spoken = _best(corpus, "社区新增停车位发没发")
    name = _best(corpus, "社区新增停车位犇犇")
    assert spoken.coverage > name.coverage
    assert probability(spoken) > probability(name)


@pytest.fixture
def dated(tmp_path: Path) -> Path:
    """One article of 2020 whose paragraphs speak of 2020, of 2019 (去年) and of no year; its
    title says 今年."""
    (tmp_path / "report.md").write_text(
        "---\ntitle: 今年新区建设\ndate: 2020-04-26\n---\n\n"
        "2020年,新区计划新建公园12座,总投资30亿元。\n\n"
        "去年,新区建成道路8条,全长40公里。\n\n"
        "新区新增停车位1600个,缓解了停车难。\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize(
    "question,value",
    [
        ("今年新区计划新建公园多少座", 0.0),
        ("去年新区建成道路多少条", 0.0),
        ("2019年新区建成道路多少条", 0.0),
        # The paragraph about parks speaks of 2020 only: it does not say how many in 2019.
        ("去年新区新建公园多少座", 1.0),
        # A paragraph naming no year does not deny one, whatever the title says (今年).
        ("去年新区新增停车位多少个", 0.0),
        # 今年 quoted with the title is the title's, not a year asked about.
        ("《今年新区建设》说新区建成道路多少条", 0.0),
    ],
)
def test_a_year_named_from_the_date_must_be_the_paragraphs(
    dated: Path, question: str, value: float
) -> None:
    assert _best(dated, question).numbers == value


def test_a_reporters_name_weighs_as_one_article_not_as_each_of_its_paragraphs(
    bylined: Path,
) -> None:
    settings = Settings(corpus=bylined, use_cache=False, semantic="off", _env_file=None)
    best = Retriever.from_settings(settings).ask("通讯员岳芃芃参与写了哪篇报道", 1).answers[0]
    assert best.article.title == "新区道路建设提速"
