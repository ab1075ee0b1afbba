"""Files into documents: each reader, sniffing what a file really is, and one-line refusals."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import PAGES
from pdfmaker import article_pdf, scanned_pdf, text_pdf

from qa.corpus import Paragraph
from qa.errors import ConfigError, SourceError
from qa.ingest import MAX_BYTES, read_bytes, read_source, text_document

YANGLAO = [
    "本报讯 5月18日，城南街道三处社区养老驿站同时投入使用，辖区内60岁以上老年人可以就近享受"
    "助餐、日间照料和康复理疗等服务。",
    "据街道民政科负责人介绍，三处驿站分别位于桂花社区、望江社区和新民社区，总建筑面积约1200"
    "平方米，共设置床位45张，由专业养老服务机构负责运营。",
    "驿站的老年食堂每天供应午餐和晚餐，老年人每餐只需支付12元，80岁以上老人和低保家庭老人还可"
    "享受每餐5元的补贴。",
    "桂花社区居民李大爷说：“以前中午吃饭总是凑合，现在下楼走五分钟就能吃上热乎饭菜，子女也放心"
    "多了。”",
    "街道计划年底前再建两处驿站，实现辖区养老服务全覆盖。",
]


def word_file(title: str | None, blocks: list[tuple[str, str]]) -> bytes:
    """A .docx written by python-docx: an optional Title, then (style, text) paragraphs."""
    document = docx.Document()
    if title is not None:
        document.add_heading(title, 0)
    for style, text in blocks:
        if style.startswith("Heading"):
            document.add_heading(text, int(style.split()[-1]))
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_file() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photos/a.txt", "not a word file")
    return out.getvalue()


def texts(paragraphs: tuple[Paragraph, ...]) -> list[str]:
    return [p.text for p in paragraphs]


def test_html_page_keeps_the_article_and_drops_menus_footer_and_ads() -> None:
    doc = read_bytes((PAGES / "jiedao-yanglao.html").read_bytes(), "yanglao.html")
    assert doc.title == "城南街道新建三处社区养老驿站"
    assert (doc.date, doc.byline, doc.source) == ("2024-05-18", "记者 王芳", "滨江日报网")
    assert texts(doc.paragraphs) == YANGLAO
    whole = " ".join(texts(doc.paragraphs))
    for noise in ("首页", "广告", "空调", "版权所有", "相关阅读", "热门排行", "责任编辑"):
        assert noise not in whole


def test_gbk_page_is_decoded() -> None:
    doc = read_bytes((PAGES / "ditie-5haoxian.gbk.html").read_bytes(), "ditie.html")
    assert (doc.title, doc.date) == ("地铁5号线南段今日开通运营", "2024-06-28")
    assert doc.paragraphs[0].text.startswith("6月28日上午8时，地铁5号线南段正式开通运营")
    assert len(doc.paragraphs) == 4


def test_docx_title_headings_and_paragraphs() -> None:
    data = word_file(
        "幸福社区新建停车场",
        [
            ("", "本报讯 社区召开居民议事会。"),
            ("Heading 2", "新增车位"),
            ("", "新增停车位120个。"),
        ],
    )
    doc = read_bytes(data, "停车场.docx")
    assert doc.title == "幸福社区新建停车场"
    assert doc.paragraphs == (
        Paragraph("本报讯 社区召开居民议事会。"),
        Paragraph("新增停车位120个。", "新增车位"),
    )


def test_docx_without_title_style_takes_its_first_short_line() -> None:
    data = word_file(None, [("", "读书节开幕"), ("", "全校学生共读图书3000多册。")])
    doc = read_bytes(data, "dushu.docx")
    assert (doc.title, texts(doc.paragraphs)) == ("读书节开幕", ["全校学生共读图书3000多册。"])


def test_pdf_lines_are_joined_into_paragraphs() -> None:
    doc = read_bytes(article_pdf("城南街道新建三处社区养老驿站", YANGLAO), "yanglao.pdf")
    assert doc.title == "城南街道新建三处社区养老驿站"
    assert texts(doc.paragraphs) == YANGLAO


def test_pdf_running_headers_and_page_numbers_are_left_out() -> None:
    pages = [
        [
            "滨江日报 内部资料",
            "第三届读书节开幕。" if n == 0 else f"第{n}天共读图书{n}00册。",
            str(n + 1),
        ]
        for n in range(4)
    ]
    doc = read_bytes(text_pdf(pages), "dushu.pdf")
    assert doc.title == "第三届读书节开幕。"
    assert texts(doc.paragraphs) == [f"第{n}天共读图书{n}00册。" for n in range(1, 4)]


def test_markdown_with_front_matter_keeps_its_metadata() -> None:
    text = "---\ntitle: 湖滨公园改造完工\ndate: 2024-04-01\nurl: https://example.com/a\n---\n\n新建环湖步道5公里。\n"
    doc = read_bytes(text.encode(), "gongyuan.md")
    assert (doc.title, doc.date, doc.url) == (
        "湖滨公园改造完工",
        "2024-04-01",
        "https://example.com/a",
    )
    assert texts(doc.paragraphs) == ["新建环湖步道5公里。"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_plain_text_first_line_is_the_title(encoding: str) -> None:
    doc = read_bytes(
        "湖滨公园改造完工\r\n新建环湖步道5公里。\r\n新种樱花树400棵。\r\n".encode(encoding),
        "a.txt",
    )
    assert (doc.title, texts(doc.paragraphs)) == (
        "湖滨公园改造完工",
        ["新建环湖步道5公里。", "新种樱花树400棵。"],
    )


def test_pasted_text_without_a_short_first_line_gets_a_title_from_its_first_sentence() -> None:
    long = "湖滨公园改造工程近日完工，新建环湖步道5公里，" + "公园" * 40 + "。新种樱花树400棵。"
    doc = text_document(long, "pasted")
    assert doc.title.startswith("湖滨公园改造工程近日完工") and len(doc.title) == 60
    assert texts(doc.paragraphs) == [long]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.doc", b"\xd0\xcf\x11\xe0 old word", "notes.doc: unsupported file type '.doc'"),
        ("README", b"text", "README: unsupported file type without a suffix"),
        ("a.docx", b"%PDF-1.4\n...", "a.docx: is not a Word .docx file: it looks like a PDF"),
        ("a.docx", zip_file(), "a.docx: is not a Word .docx file: it looks like a ZIP archive"),
        (
            "a.pdf",
            word_file("标题", [("", "正文。")]),
            "a.pdf: is not a PDF: it looks like a Word",
        ),
        ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "a.txt: is not text: it looks like an image"),
        ("a.md", b"\x00\x01\x02binary", "a.md: is not text: it looks like binary data"),
        (
            "a.html",
            "只是一段文字。".encode(),
            "a.html: is not an HTML page: it looks like plain text",
        ),
        ("a.md", b" \n\n ", "a.md: is empty"),
        ("a.txt", b"", "a.txt: is empty"),
        ("scan.pdf", scanned_pdf(), "scan.pdf: has no text layer (a scan?)"),
        ("bad.pdf", b"%PDF-1.4\nthis is not a pdf\n", "bad.pdf: can't be read as a PDF"),
        ("a.md", b"---\ntitle x\n---\n\nbody\n", "a.md:2: front matter line is not 'key: value'"),
        ("a.md", "---\ntitle: 标题\n---\n".encode(), "a.md: has no body text"),
        ("empty.docx", word_file(None, []), "empty.docx: has no text"),
        ("a.html", (PAGES / "shouye.html").read_bytes(), "a.html: has no article text"),
    ],
)
def test_bad_files_get_one_line_naming_them(name: str, data: bytes, message: str) -> None:
    with pytest.raises(SourceError) as e:
        read_bytes(data, name)
    assert str(e.value).startswith(message)
    assert "\n" not in str(e.value)


def test_too_large_is_refused_before_reading() -> None:
    with pytest.raises(SourceError, match=r"big.pdf: is too large \(20 MB; at most 20 MB\)"):
        read_bytes(b"%PDF-" + b"0" * MAX_BYTES, "big.pdf")


def test_read_source_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="nothere.docx: no such file"):
        read_source(str(tmp_path / "nothere.docx"))
    with pytest.raises(SourceError, match="is not a file"):
        read_source(str(tmp_path))


def test_same_file_twice_has_the_same_origin_and_checksum() -> None:
    data = article_pdf("城南街道新建三处社区养老驿站", YANGLAO)
    one, two = read_bytes(data, "a.pdf"), read_bytes(data, "b.pdf")
    assert one.origin == two.origin and one.origin is not None
    html = read_bytes((PAGES / "jiedao-yanglao.html").read_bytes(), "a.html")
    # The same article from a PDF and from its web page is the same text.
    assert html.origin != one.origin and html.checksum == one.checksum


@pytest.mark.parametrize(
    ("module", "name", "data", "package"),
    [
        ("docx", "a.docx", word_file("标题", [("", "正文。")]), "python-docx"),
        ("pypdf", "a.pdf", article_pdf("标题", ["正文。"]), "pypdf"),
        ("trafilatura", "a.html", (PAGES / "jiedao-yanglao.html").read_bytes(), "trafilatura"),
    ],
)
def test_without_the_editor_extra_the_message_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, module: str, name: str, data: bytes, package: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    with pytest.raises(ConfigError) as e:
        read_bytes(data, name)
    assert str(e.value).endswith(f"needs {package}: pip install 'qa-news-bot[editor]'")
