"""Web pages from a local news site on 127.0.0.1: the article, redirects and refusals."""

from __future__ import annotations

import socket

import pytest

from qa.errors import SourceError
from qa.ingest.fetch import is_url, page_document


def test_a_news_page_becomes_its_article(news_site: str) -> None:
    url = f"{news_site}/local/2024/0518/yanglao.html#comments"
    doc = page_document(url)
    assert (doc.title, doc.date, doc.byline) == (
        "城南街道新建三处社区养老驿站",
        "2024-05-18",
        "记者 王芳",
    )
    assert doc.url == doc.origin == url.split("#")[0]
    assert len(doc.paragraphs) == 5 and "空调" not in str(doc.paragraphs)


def test_a_redirect_is_followed_and_the_final_address_kept(news_site: str) -> None:
    doc = page_document(f"{news_site}/old-link")
    assert doc.url == f"{news_site}/local/2024/0518/yanglao.html"


def test_a_gbk_page_without_charset_in_the_header(news_site: str) -> None:
    doc = page_document(f"{news_site}/xw/2024/0628/ditie.shtml")
    assert doc.title == "地铁5号线南段今日开通运营"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/local/2024/0519/missing.html", "the server answered HTTP 404 Not Found"),
        ("/files/report.pdf", "is not an HTML page (it is application/pdf)"),
        ("/api/news.json", "is not an HTML page (it is application/json)"),
        ("/blank.html", "is an empty page"),
        ("/", "has no article text"),
    ],
)
def test_pages_that_are_not_articles_get_one_line(news_site: str, path: str, message: str) -> None:
    with pytest.raises(SourceError) as e:
        page_document(news_site + path)
    assert str(e.value).startswith(f"{news_site}{path}: {message}")


def test_an_unreachable_server_is_named() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SourceError, match=rf"http://127.0.0.1:{port}/a.html: can't be fetched"):
        page_document(f"http://127.0.0.1:{port}/a.html", timeout=2)


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("https://example.com/a", True),
        ("HTTP://x.cn", True),
        ("ftp://x", False),
        ("a.html", False),
    ],
)
def test_is_url(text: str, url: bool) -> None:
    assert is_url(text) is url
