"""Loading articles: front matter, titles, headings, comments, encodings, folders and JSONL."""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from qa import Article, CorpusError, EmptyCorpusError, Paragraph, load_corpus
from qa.corpus import corpus_signature, parse_article_text
from qa.settings import bundled_corpus

KNOWN_KEYS = "id, title, byline, date, source, url, origin, checksum"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_one(tmp_path: Path, text: str | bytes, name: str = "a.md") -> Article:
    write(tmp_path, name, text)
    (article,) = load_corpus(tmp_path).articles
    return article


def texts(article: Article) -> list[str]:
    return [p.text for p in article.paragraphs]


# --- front matter ---------------------------------------------------------------------------


def test_front_matter_sets_every_field(tmp_path: Path) -> None:
    article = load_one(
        tmp_path,
        "---\n"
        "id: custom-id\n"
        "Title: 社区新建停车场\n"
        "\n"
        "byline: 记者 张明 通讯员 李红\n"
        "date: 2024-03-01\n"
        "source: 测试日报\n"
        "url: https://example.com/a?page=2#p:3\n"
        "---\n"
        "\n"
        "正文第一段。\n",
    )
    assert article == Article(
        id="custom-id",
        title="社区新建停车场",
        paragraphs=(Paragraph("正文第一段。"),),
        byline="记者 张明 通讯员 李红",
        date="2024-03-01",
        source="测试日报",
        url="https://example.com/a?page=2#p:3",
    )


def test_front_matter_empty_value_is_left_out(tmp_path: Path) -> None:
    article = load_one(tmp_path, "---\ntitle: 标题\ndate:\nbyline:   \n---\n正文。\n")
    assert (article.title, article.date, article.byline) == ("标题", None, None)


def test_front_matter_without_title_takes_first_line(tmp_path: Path) -> None:
    article = load_one(tmp_path, "---\nbyline: 记者 张明\n---\n\n# 真正的标题\n\n正文。\n")
    assert (article.title, article.byline, texts(article)) == (
        "真正的标题",
        "记者 张明",
        ["正文。"],
    )


@pytest.mark.parametrize(
    "text,line,reason",
    [
        (
            "---\ntitle: 标题\ntitel: 错字\n---\n正文。\n",
            3,
            f"unknown front matter key 'titel' (known: {KNOWN_KEYS})",
        ),
        (
            "---\ntitle: 标题\nauthor: 张明\n---\n正文。\n",
            3,
            f"unknown front matter key 'author' (known: {KNOWN_KEYS})",
        ),
        (
            "---\ntitle 标题\n---\n正文。\n",
            2,
            "front matter line is not 'key: value': 'title 标题'",
        ),
        (
            "---\ntitle: 标题\n\nbyline: 张明\n",
            1,
            "front matter opened with '---' is never closed",
        ),
        # A multi-line comment is blanked out, not removed: line numbers stay true.
        (
            "---\n<!-- 编者按:\n第二行\n第三行 -->\ntitel: 错字\n---\n正文。\n",
            5,
            f"unknown front matter key 'titel' (known: {KNOWN_KEYS})",
        ),
        (
            "---\r\ntitle: 标题\r\n\r\ntitel: 错字\r\n---\r\n正文。\r\n",
            4,
            f"unknown front matter key 'titel' (known: {KNOWN_KEYS})",
        ),
        (
            "\ufeff---\ntitel: 错字\n---\n正文。\n",
            2,
            f"unknown front matter key 'titel' (known: {KNOWN_KEYS})",
        ),
    ],
    ids=["typo", "author", "no-colon", "unclosed", "after-comment", "crlf", "bom"],
)
def test_front_matter_errors(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = write(tmp_path, "bad.md", text)
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    assert str(info.value) == f"{path}:{line}: {reason}"
    assert (info.value.path, info.value.line, info.value.reason) == (path, line, reason)


@pytest.mark.parametrize(
    "text,reason",
    [
        ("", "has no title"),
        ("\n   \n\n", "has no title"),
        ("<!-- 只有注释 -->\n", "has no title"),
        ("---\nbyline: 记者 张明\n---\n\n", "has no title"),
        ("# 只有标题\n", "has no body text: its first line, '只有标题', is read as the title"),
        (
            "---\ndate: 2020-04-26\n---\n一句话。\n",
            "has no body text: its first line, '一句话。', is read as the title",
        ),
        ("---\ntitle: 标题\n---\n\n## 只有小标题\n", "has no body text"),
    ],
)
def test_article_without_title_or_body(tmp_path: Path, text: str, reason: str) -> None:
    path = write(tmp_path, "bad.md", text)
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    assert str(info.value) == f"{path}: {reason}"
    assert info.value.line is None


# --- titles, headings, comments, paragraphs ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "# 湖滨公园改造完工\n\n正文。\n",
        "湖滨公园改造完工\n\n正文。\n",
        "\n\n  ## 湖滨公园改造完工  \n正文。\n",
        "<!-- 来源:晚报 -->\n湖滨公园改造完工\n正文。\n",
    ],
    ids=["hash", "plain", "blank-lines-and-level-2", "after-comment"],
)
def test_title_from_first_line(tmp_path: Path, text: str) -> None:
    article = load_one(tmp_path, text)
    assert (article.title, texts(article)) == ("湖滨公园改造完工", ["正文。"])


def test_headings_label_paragraphs_and_are_not_body(tmp_path: Path) -> None:
    article = load_one(
        tmp_path,
        "# 标题\n\n导语。\n\n## 第一部分\n\n甲段。\n\n乙段。\n\n### 第二部分\n丙段。\n",
    )
    assert article.paragraphs == (
        Paragraph("导语。", None),
        Paragraph("甲段。", "第一部分"),
        Paragraph("乙段。", "第一部分"),
        Paragraph("丙段。", "第二部分"),
    )


def test_comments_are_ignored(tmp_path: Path) -> None:
    article = load_one(
        tmp_path,
        "# 标题\n\n<!-- 说明:\n这一段不是正文。\n-->\n\n第一段<!-- 行内注释 -->继续。\n\n"
        "<!-- 末尾注释 -->\n",
    )
    assert texts(article) == ["第一段继续。"]


@pytest.mark.parametrize(
    "lines,joined",
    [
        (["共同参", "与的社区党建新格局。"], "共同参与的社区党建新格局。"),
        (["Latin words broken", "across lines"], "Latin words broken across lines"),
        (["新增停车位", "1623个。"], "新增停车位1623个。"),
        (["version 2", "3 items"], "version 2 3 items"),
        (["使用", "App下单。"], "使用App下单。"),
        (["发布App", "小程序。"], "发布App小程序。"),
        (["  缩进的行  ", "  也会去掉空白  "], "缩进的行也会去掉空白"),
    ],
)
def test_lines_of_a_paragraph_are_joined(tmp_path: Path, lines: list[str], joined: str) -> None:
    article = load_one(tmp_path, "# 标题\n\n" + "\n".join(lines) + "\n\n下一段。\n")
    assert texts(article) == [joined, "下一段。"]


@pytest.mark.parametrize(
    "data",
    [
        "\ufeff---\ntitle: 标题\n---\n\n第一行\n第二行\n\n第二段。\n".encode(),
        b"---\r\ntitle: \xe6\xa0\x87\xe9\xa2\x98\r\n---\r\n\r\n"
        + "第一行\r\n第二行\r\n\r\n第二段。\r\n".encode(),
        "---\rtitle: 标题\r---\r\r第一行\r第二行\r\r第二段。\r".encode(),
    ],
    ids=["bom", "crlf", "cr"],
)
def test_bom_and_line_endings(tmp_path: Path, data: bytes) -> None:
    article = load_one(tmp_path, data)
    assert (article.title, texts(article)) == ("标题", ["第一行第二行", "第二段。"])


@pytest.mark.parametrize(
    "data,line",
    [
        ("# 标题\n\n正文。\n".encode("gbk"), 1),
        (b"# title\n\nbody\n\xff\xfe more\n", 4),
        ("# 标题\r\n\r\n正文\r\n".encode() + "第四行".encode("gb18030"), 4),
    ],
    ids=["gbk", "stray-byte", "crlf"],
)
def test_non_utf8_file_names_file_and_line(tmp_path: Path, data: bytes, line: int) -> None:
    path = write(tmp_path, "gbk.md", data)
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    assert str(info.value) == f"{path}:{line}: is not UTF-8 text"


def test_non_utf8_line_after_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.md", b"\xef\xbb\xbftitle\n\n\xffbad\n")
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    assert str(info.value) == f"{path}:3: is not UTF-8 text"


# --- folders ----------------------------------------------------------------------------------


def test_folder_reading_order_nested_ids_and_skipped_files(tmp_path: Path) -> None:
    write(tmp_path, "b.md", "# 乙\n\n乙文。\n")
    write(tmp_path, "a.txt", "甲\n\n甲文。\n")
    write(tmp_path, "sub/c.md", "# 丙\n\n丙文。\n")
    write(tmp_path, "sub/deeper/d.md", "# 丁\n\n丁文。\n")
    write(tmp_path, "README.md", "# 说明\n\n不是文章。\n")
    write(tmp_path, "sub/readme.txt", "说明\n\n不是文章。\n")
    write(tmp_path, "userdict.txt", "郑港智管通 10 n\n")
    write(tmp_path, ".git/x.md", "# 隐藏\n\n不是文章。\n")
    write(tmp_path, "sub/.drafts/y.md", "# 草稿\n\n不是文章。\n")
    write(tmp_path, "notes.rst", "不是文章\n")
    corpus = load_corpus(tmp_path)
    assert [(a.id, a.title) for a in corpus.articles] == [
        ("a", "甲"),
        ("b", "乙"),
        ("sub/c", "丙"),
        ("sub/deeper/d", "丁"),
    ]
    assert corpus.path == tmp_path
    assert corpus.userdict == tmp_path / "userdict.txt"


def test_folder_without_userdict(mini_corpus: Path) -> None:
    assert load_corpus(mini_corpus).userdict is None


def test_single_file(tmp_path: Path) -> None:
    path = write(tmp_path, "one-article.md", "# 标题\n\n正文。\n")
    corpus = load_corpus(str(path))
    assert [a.id for a in corpus.articles] == ["one-article"]
    assert corpus.path == path


@pytest.mark.parametrize(
    "files",
    [
        {},
        {
            "README.md": "# 说明\n\n文字。\n",
            "userdict.txt": "词 1\n",
            ".hidden/a.md": "# 甲\n\n文。\n",
        },
        {"notes.rst": "文字\n", "data.csv": "a,b\n"},
    ],
    ids=["empty", "only-skipped", "other-suffixes"],
)
def test_empty_folder(tmp_path: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        write(tmp_path, name, text)
    with pytest.raises(EmptyCorpusError) as info:
        load_corpus(tmp_path)
    assert str(info.value) == (
        f"{tmp_path}: no articles found (expected .md or .txt files, or .jsonl)"
    )


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(CorpusError) as info:
        load_corpus(missing)
    assert not isinstance(info.value, EmptyCorpusError)
    assert str(info.value) == f"{missing}: no such file or folder"


def test_duplicate_ids(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\nid: b\ntitle: 甲\n---\n甲文。\n")
    write(tmp_path, "b.md", "# 乙\n\n乙文。\n")
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    assert str(info.value) == f"{tmp_path}: duplicate article id 'b'"


# --- JSONL ------------------------------------------------------------------------------------


def jsonl(*rows: object) -> str:
    return "".join(
        (row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n"
        for row in rows
    )


def test_jsonl_articles(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "news.jsonl",
        jsonl(
            {
                "id": "a1",
                "title": "标题一",
                "text": "第一段。\n第二段。",
                "byline": "记者 某某",
                "date": "2020-04-26",
                "source": "航空港时报",
                "url": "https://example.com/a1",
            },
            "",
            "   ",
            {"title": "标题二", "text": "\n 只有一段。 \n\n", "byline": "", "date": None},
            {"id": 7, "title": "标题三", "text": "数字编号。"},
        ),
    )
    corpus = load_corpus(path)
    assert corpus.articles == (
        Article(
            "a1",
            "标题一",
            (Paragraph("第一段。"), Paragraph("第二段。")),
            byline="记者 某某",
            date="2020-04-26",
            source="航空港时报",
            url="https://example.com/a1",
        ),
        Article("news-4", "标题二", (Paragraph("只有一段。"),)),
        Article("7", "标题三", (Paragraph("数字编号。"),)),
    )


@pytest.mark.parametrize(
    "bad,reason",
    [
        (
            "{not json}",
            "invalid JSON (Expecting property name enclosed in double quotes, column 2)",
        ),
        (
            '{"title": "标题",}',
            "invalid JSON (Expecting property name enclosed in double quotes, column 16)",
        ),
        ('["标题", "正文"]', "each line must be a JSON object"),
        ('"标题"', "each line must be a JSON object"),
        ('{"text": "正文。"}', "missing or empty 'title' string"),
        ('{"title": "  ", "text": "正文。"}', "missing or empty 'title' string"),
        ('{"title": 5, "text": "正文。"}', "missing or empty 'title' string"),
        ('{"title": "标题"}', "missing or empty 'text' string"),
        ('{"title": "标题", "text": ["正文。"]}', "missing or empty 'text' string"),
    ],
)
def test_jsonl_errors(tmp_path: Path, bad: str, reason: str) -> None:
    good = {"title": "好标题", "text": "好正文。"}
    path = write(tmp_path, "news.jsonl", jsonl(good, "", bad, good))
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    assert str(info.value) == f"{path}:3: {reason}"


def test_jsonl_without_articles(tmp_path: Path) -> None:
    path = write(tmp_path, "news.jsonl", "\n  \n")
    with pytest.raises(EmptyCorpusError):
        load_corpus(path)


def test_jsonl_duplicate_ids(tmp_path: Path) -> None:
    row = {"id": "same", "title": "标题", "text": "正文。"}
    path = write(tmp_path, "news.jsonl", jsonl(row, row))
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    assert str(info.value) == f"{path}: duplicate article id 'same'"


# --- the bundled corpus -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> tuple[Article, ...]:
    return load_corpus(bundled_corpus()).articles


def test_bundled_has_five_articles_in_reading_order(bundled: tuple[Article, ...]) -> None:
    assert [a.id[:3] for a in bundled] == ["01-", "02-", "03-", "04-", "05-"]


def test_bundled_metadata(bundled: tuple[Article, ...]) -> None:
    for article in bundled:
        assert article.title and article.byline, article.id
        assert article.source == "航空港时报", article.id
        assert article.date is None or re.fullmatch(r"2020-\d\d-\d\d", article.date), article.id
        assert "郑港办事处" in article.title, article.id


def test_bundled_bylines_are_not_body(bundled: tuple[Article, ...]) -> None:
    byline = re.compile(r"^(记者|通讯员|航空港时报\s)")
    for article in bundled:
        for paragraph in article.paragraphs:
            assert not byline.match(paragraph.text), (article.id, paragraph.text)
            assert "记者 王军方" not in paragraph.text, (article.id, paragraph.text)


def test_bundled_comments_are_not_body(bundled: tuple[Article, ...]) -> None:
    assert not [p for a in bundled for p in a.paragraphs if "<!--" in p.text or "-->" in p.text]


def test_bundled_subheading_is_a_heading(bundled: tuple[Article, ...]) -> None:
    heading = "整合辖区内各单位党建资源"
    paragraphs = [p for a in bundled for p in a.paragraphs]
    assert any(p.heading == heading for p in paragraphs)
    assert not any(p.text == heading for p in paragraphs)


@pytest.mark.parametrize("phrase", ["共同参与的社区党建新格局", "示范带动作用"])
def test_bundled_layout_breaks_are_joined(bundled: tuple[Article, ...], phrase: str) -> None:
    assert any(phrase in p.text for a in bundled for p in a.paragraphs)


# --- links and odd folders --------------------------------------------------------------------


def test_links_out_of_the_corpus_are_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    write(corpus, "a.md", "# 甲\n\n甲文。\n")
    write(corpus, "sub/b.md", "# 乙\n\n乙文。\n")
    write(outside, "secret.md", "TELEGRAM_BOT_TOKEN=123:abc\n\n秘密。\n")
    write(outside, "more/c.md", "# 外面\n\n外面的文章。\n")
    (corpus / "leak.md").symlink_to(outside / "secret.md")
    (corpus / "linked").symlink_to(outside / "more", target_is_directory=True)
    (corpus / "inside.md").symlink_to(corpus / "sub" / "b.md")  # stays in the corpus: read
    with caplog.at_level(logging.WARNING, logger="qa.corpus"):
        loaded = load_corpus(corpus)
    assert [a.id for a in loaded.articles] == ["a", "inside", "sub/b"]
    assert f"skipping {corpus / 'leak.md'}" in caplog.text
    assert f"skipping {corpus / 'linked'}" in caplog.text
    assert all("TOKEN" not in a.title for a in loaded.articles)


@pytest.mark.parametrize("name", ["userdict.txt", "synonyms.txt"])
def test_a_side_file_linked_out_of_the_corpus_is_not_read(
    tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    write(corpus, "a.md", "# 甲\n\n甲文。\n")
    write(tmp_path, ".env", "TELEGRAM_BOT_TOKEN=123:abc\n")
    (corpus / name).symlink_to(tmp_path / ".env")
    loaded = load_corpus(corpus)  # a synonyms.txt read would fail on the token line
    assert loaded.userdict is None
    assert f"skipping {corpus / name}" in caplog.text and "123:abc" not in caplog.text


def test_a_link_loop_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "# 甲\n\n甲文。\n")
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    assert [a.id for a in load_corpus(tmp_path).articles] == ["a"]


@pytest.fixture
def deep_folder(tmp_path: Path) -> Iterator[Path]:
    """A corpus with an article 1,100 folders down; removed bottom-up afterwards."""
    write(tmp_path, "a.md", "# 甲\n\n甲文。\n")
    folder = tmp_path
    for _ in range(1100):  # os.makedirs and shutil.rmtree recurse too deep for this
        folder = folder / "d"
        folder.mkdir()
    (folder / "x.md").write_text("# 深\n\n深处的文章。\n", encoding="utf-8")
    yield tmp_path
    (folder / "x.md").unlink()
    top, spare = tmp_path / "d", tmp_path / "spare"
    while top.exists():  # lift each child up a level: short paths keep this fast
        if (top / "d").exists():
            (top / "d").rename(spare)
            top.rmdir()
            spare.rename(top)
        else:
            top.rmdir()


def test_folders_nested_too_deep_are_a_corpus_error(deep_folder: Path) -> None:
    with pytest.raises(CorpusError) as info:
        load_corpus(deep_folder)
    assert "nested more than" in str(info.value)
    assert str(info.value).startswith(str(deep_folder / "d"))
    assert corpus_signature(deep_folder)  # the watcher's signature does not recurse either


def test_deeply_nested_jsonl_names_the_file_and_line(tmp_path: Path) -> None:
    ok = json.dumps({"title": "甲", "text": "甲文。"}, ensure_ascii=False)
    deep = '{"title": "乙", "text": "乙文。", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = write(tmp_path, "news.jsonl", f"{ok}\n{deep}\n")
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    assert str(info.value).startswith(f"{path}:2: ")


def test_a_huge_number_in_jsonl_names_the_file_and_line(tmp_path: Path) -> None:
    line = '{"title": "甲", "text": "甲文。", "id": ' + "9" * 5000 + "}"
    path = write(tmp_path, "news.jsonl", line + "\n")
    with pytest.raises(CorpusError) as info:
        load_corpus(path)
    assert str(info.value).startswith(f"{path}:1: ")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=20,
)
LINES = st.one_of(
    st.text(max_size=200),
    st.dictionaries(
        st.sampled_from(["id", "title", "text", "byline", "date", "url", "x"]), JSON_VALUES
    ).map(json.dumps),
)


@hypothesis_settings(max_examples=30, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=4))
def test_any_jsonl_loads_or_raises_corpus_error(tmp_path_factory: Any, lines: list[str]) -> None:
    path = tmp_path_factory.mktemp("j") / "news.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with contextlib.suppress(CorpusError):  # anything else escaping fails the test
        load_corpus(path)


@hypothesis_settings(max_examples=30, deadline=None)
@given(st.text(max_size=300))
def test_any_article_text_parses_or_raises_corpus_error(text: str) -> None:
    with contextlib.suppress(CorpusError):
        parse_article_text(text, "a")
