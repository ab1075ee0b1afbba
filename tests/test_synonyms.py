"""synonyms.txt: equivalent words and one-way rules, applied to questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa import Retriever, Settings
from qa.corpus import load_corpus
from qa.errors import CorpusError
from qa.synonyms import read_synonyms


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_groups_and_one_way_rules(tmp_path: Path) -> None:
    rules = read_synonyms(
        write(
            tmp_path / "synonyms.txt",
            "# 注释\n\n动工, 开工,施工\n電腦 => 计算机\n孩子, 小孩 => 儿童\n",
        )
    )
    assert rules.groups == (("动工", "开工", "施工"),)
    assert rules.replacements == (("电脑", ("计算机",)), ("孩子", ("儿童",)), ("小孩", ("儿童",)))


@pytest.mark.parametrize(
    "question,text,alternatives",
    [
        ("什么时候动工", "什么时候动工", (("动工", ("开工", "施工")),)),
        ("买电脑的补贴", "买计算机的补贴", ()),
        ("图书馆几点开门", "图书馆几点开门", ()),
    ],
)
def test_apply(
    tmp_path: Path, question: str, text: str, alternatives: tuple[tuple[str, tuple[str]]]
) -> None:
    rules = read_synonyms(write(tmp_path / "synonyms.txt", "动工, 开工, 施工\n电脑 => 计算机\n"))
    expansion = rules.apply(question)
    assert (expansion.text, expansion.alternatives) == (text, alternatives)


@pytest.mark.parametrize(
    "line,reason",
    [
        ("动工", "two words or more"),
        ("动工,,开工", "empty word"),
        ("=> 开工", "words on both sides"),
        ("动工 => ", "words on both sides"),
        ("动工, => 开工", "empty word"),
        ("a => b => c", "more than one"),
        ("a, b = c", "'=' or '>'"),
    ],
)
def test_a_broken_line_names_the_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    path = write(tmp_path / "synonyms.txt", f"# ok\n动工, 开工\n{line}\n")
    with pytest.raises(CorpusError, match=reason) as caught:
        read_synonyms(path)
    assert str(caught.value).startswith(f"{path}:3: ")


def test_the_corpus_reads_synonyms_beside_the_articles(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "# 标题\n\n正文。\n")
    write(tmp_path / "synonyms.txt", "动工, 开工\n")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a"]  # not an article
    assert corpus.synonyms.groups == (("动工", "开工"),)
    write(tmp_path / "synonyms.txt", "动工\n")
    with pytest.raises(CorpusError, match=r"synonyms.txt:1: "):
        load_corpus(tmp_path)


@pytest.mark.parametrize(
    "rules,answered", [("", False), ("电脑 => 计算机\n", True), ("电脑, 计算机\n", True)]
)
def test_a_question_in_other_words_finds_the_sentence(
    tmp_path: Path, rules: str, answered: bool
) -> None:
    answer = "学校为每个班配备了计算机。"
    write(tmp_path / "page.md", f"# 学校简报\n\n{answer}\n\n食堂周末照常开放。\n")
    if rules:
        write(tmp_path / "synonyms.txt", rules)
    settings = Settings(corpus=tmp_path, use_cache=False, _env_file=None)
    result = Retriever.from_settings(settings).ask("班里有电脑吗")
    assert [a.sentence for a in result.answers] == ([answer] if answered else [])
