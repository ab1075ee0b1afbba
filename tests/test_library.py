"""Writing documents into the corpus folder: atomic files, duplicates, replacing, deleting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa import Settings, load_corpus
from qa.corpus import Paragraph
from qa.errors import ConfigError, CorpusError
from qa.ingest import Document, Library, text_document
from qa.settings import bundled_corpus

DOC = Document(
    "地铁5号线南段今日开通运营",
    (
        Paragraph("6月28日上午8时，地铁5号线南段正式开通运营，线路全长18.6公里。"),
        Paragraph("#地铁 开通初期，列车最小行车间隔为6分钟。", "运营安排"),
    ),
    date="2024-06-28",
    byline="记者 赵磊",
    source="江城晚报",
    url="https://example.com/ditie",
    origin="https://example.com/ditie",
)


@pytest.fixture
def library(mini_corpus: Path) -> Library:
    return Library.of(Settings(corpus=mini_corpus))


def test_added_document_is_an_ordinary_article_of_the_corpus(library: Library) -> None:
    added = library.add(DOC, "web")
    assert (added.id, added.status, added.sentences) == (
        "web/20240628-" + DOC.checksum[:6],
        "added",
        2,
    )
    assert added.path == library.folder / f"{added.id}.md"
    article = {a.id: a for a in load_corpus(library.folder).articles}[added.id]
    assert (article.title, article.date, article.byline, article.source, article.url) == (
        DOC.title,
        DOC.date,
        DOC.byline,
        DOC.source,
        DOC.url,
    )
    # A paragraph starting with # must not turn into a heading.
    assert article.paragraphs == (
        DOC.paragraphs[0],
        Paragraph("＃地铁 开通初期，列车最小行车间隔为6分钟。", "运营安排"),
    )
    assert [p.name for p in added.path.parent.iterdir()] == [added.path.name]  # no temp file


def test_the_same_origin_or_the_same_text_is_not_added_twice(library: Library) -> None:
    first = library.add(DOC, "web")
    again = library.add(DOC, "web")
    same_text = library.add(Document(DOC.title, DOC.paragraphs, origin="sha256:other"), "files")
    assert (again.status, again.id) == ("duplicate", first.id)
    assert (same_text.status, same_text.id) == ("duplicate", first.id)
    assert len(load_corpus(library.folder).articles) == 4


def test_replace_overwrites_the_article_of_the_same_origin(library: Library) -> None:
    post = text_document("停车场开放\n新增停车位120个。", "post", origin="telegram:-100/7")
    first = library.add(post, "telegram", "news-7")
    edited = text_document("停车场开放\n新增停车位150个。", "post", origin="telegram:-100/7")
    again = library.add(edited, "telegram", "news-7", replace=True)
    assert (first.id, again.id, again.status) == ("telegram/news-7", "telegram/news-7", "replaced")
    article = {a.id: a for a in load_corpus(library.folder).articles}["telegram/news-7"]
    assert article.paragraphs == (Paragraph("新增停车位150个。"),)


def test_a_name_taken_by_other_content_gets_a_suffix(library: Library) -> None:
    one = library.add(text_document("甲\n第一篇。", "a", origin="a"), "files", "same")
    two = library.add(text_document("乙\n第二篇。", "b", origin="b"), "files", "same")
    assert (one.id, two.id) == ("files/same", "files/same-2")


def test_delete_removes_the_file_and_names_unknown_ids(library: Library) -> None:
    added = library.add(DOC, "web")
    assert library.delete(added.id) == added.path and not added.path.exists()
    assert library.delete("tingche") == library.folder / "tingche.md"
    for unknown in (added.id, "../mini/dushu", "/etc/passwd"):
        with pytest.raises(CorpusError, match="no article with id"):
            library.delete(unknown)
    assert sorted(a.id for a in load_corpus(library.folder).articles) == ["dushu", "gongyuan"]


@pytest.mark.parametrize("name", ["synonyms.txt", "userdict.txt", "README.md"])
def test_the_side_files_are_not_articles_to_delete(library: Library, name: str) -> None:
    side = library.folder / name
    side.write_text("动工, 开工\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no article with id"):
        library.delete(side.stem)
    assert side.exists()


def test_a_failed_write_leaves_nothing_behind(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        library.add(DOC, "web")
    assert list((library.folder / "web").iterdir()) == []


@pytest.mark.parametrize("corpus", [None, "bundled"])
def test_the_bundled_corpus_is_read_only_and_says_how_to_point_elsewhere(
    corpus: str | None,
) -> None:
    settings = Settings(corpus=bundled_corpus() if corpus else None)
    with pytest.raises(ConfigError, match="bundled corpus is read-only: set QA_CORPUS"):
        Library.of(settings)


def test_a_jsonl_corpus_can_not_take_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text('{"title": "t", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="is a file: adding articles needs a folder"):
        Library.of(Settings(corpus=corpus))


def test_a_new_corpus_folder_is_created(tmp_path: Path) -> None:
    library = Library.of(Settings(corpus=tmp_path / "new" / "corpus"))
    assert library.add(DOC, "web").path.is_file()


@pytest.mark.parametrize(
    ("before", "rule", "after", "line"),
    [
        (None, "街道 => 办事处", "街道 => 办事处\n", 1),
        ("# 本报\n动工, 开工", "街道   =>  办事处 ", "# 本报\n动工, 开工\n街道 => 办事处\n", 3),
        ("动工, 开工\n", "老人, 老年人", "动工, 开工\n老人, 老年人\n", 2),
    ],
)
def test_a_synonym_rule_is_appended_to_synonyms_txt(
    library: Library, before: str | None, rule: str, after: str, line: int
) -> None:
    path = library.folder / "synonyms.txt"
    if before is not None:
        path.write_text(before, encoding="utf-8")
    added = library.add_synonym(rule)
    assert (added.path, added.rule, added.line, added.new) == (
        path,
        " ".join(rule.split()),
        line,
        True,
    )
    assert path.read_text(encoding="utf-8") == after
    assert library.add_synonym(rule).new is False  # not written twice
    assert path.read_text(encoding="utf-8") == after
    assert load_corpus(library.folder).synonyms.source == path  # the corpus reads it


@pytest.mark.parametrize(
    ("before", "rule", "problem"),
    [
        ("动工, 开工\n", "街道 =>", "synonyms.txt:2: 'a => b' needs words on both sides"),
        ("动工, 开工\n", "街道", "synonyms.txt:2: a line needs two words"),
        ("动工\n", "街道 => 办事处", "synonyms.txt:1: a line needs two words"),  # the file's own
        ("动工, 开工\n", "街道 => 办事处\n老人, 老年人", "synonyms.txt: one rule at a time"),
        ("动工, 开工\n", "", "synonyms.txt: no rule given"),
        ("动工, 开工\n", " \t ", "synonyms.txt: no rule given"),
        ("动工, 开工\n", "# 街道 => 办事处", "synonyms.txt: no rule given"),
    ],
)
def test_a_broken_synonym_rule_writes_nothing(
    library: Library, before: str, rule: str, problem: str
) -> None:
    path = library.folder / "synonyms.txt"
    path.write_text(before, encoding="utf-8")
    with pytest.raises(CorpusError, match=problem):
        library.add_synonym(rule)
    assert path.read_text(encoding="utf-8") == before
