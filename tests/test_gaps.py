"""The words readers ask with that no article holds: counted, filtered, and gone once mapped."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa import Retriever, Settings
from qa.gaps import ReaderWord, reader_words


def retriever(corpus: Path) -> Retriever:
    return Retriever.from_settings(Settings(corpus=corpus, use_cache=False, _env_file=None))


def test_words_no_article_has_are_counted_by_times_asked(mini_corpus: Path) -> None:
    asked = [("湖滨公园的跑道有多长", 3), ("跑道一共多长", 1), ("明天会下雨吗", 2)]
    assert reader_words(retriever(mini_corpus), asked) == (
        ReaderWord("跑道", 4, "湖滨公园的跑道有多长"),
        ReaderWord("下雨", 2, "明天会下雨吗"),
        ReaderWord("明天", 2, "明天会下雨吗"),
        ReaderWord("一共", 1, "跑道一共多长"),
    )
    assert [w.word for w in reader_words(retriever(mini_corpus), asked, top=1)] == ["跑道"]


@pytest.mark.parametrize(
    "question",
    [
        "湖滨公园种了多少樱花树",  # every word is in an article
        "2025年的读书节",  # a number
        "公园里有什么东西",  # 东西 is in any text: mapping it would match everything
        "湖滨公园几点",  # 几点 asks
        "  ",  # nothing asked
    ],
)
def test_nothing_to_map(mini_corpus: Path, question: str) -> None:
    assert reader_words(retriever(mini_corpus), [(question, 5)]) == ()


@pytest.mark.parametrize("line", ["跑道 => 步道", "跑道, 步道"])
def test_a_synonym_to_an_articles_word_takes_it_off_the_list(mini_corpus: Path, line: str) -> None:
    (mini_corpus / "synonyms.txt").write_text(line + "\n", encoding="utf-8")
    r = retriever(mini_corpus)
    assert r.unknown_words("湖滨公园的跑道有多长") == ()
    assert [w.word for w in reader_words(r, [("跑道和游泳池", 1)])] == ["游泳池"]
    # Cut alone, 步道边上 falls apart (步/道/边上); the synonym is still searched whole.
    assert r.unknown_words("跑道边上有游泳池吗") == ("边上", "游泳池")
