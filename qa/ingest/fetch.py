"""Fetching a web page (http or https) and extracting its article."""

from __future__ import annotations

import urllib.error
import urllib.request
from email.message import Message
from urllib.parse import urlsplit, urlunsplit

from ..errors import SourceError
from .document import Document
from .readers import MAX_BYTES, html_document
from .sniff import KIND_NAMES, sniff

__all__ = ["fetch_page", "is_url", "page_document"]

TIMEOUT_SECONDS = 20
USER_AGENT = "qa-news-bot/0.1 (adds a news page to a question-answering corpus)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_url(text: str) -> bool:
    """True for an http:// or https:// address."""
    return urlsplit(text.strip()).scheme.lower() in ("http", "https")


def canonical_url(url: str) -> str:
    """Return the URL without its #fragment: the key telling whether a page was added."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def fetch_page(url: str, timeout: float = TIMEOUT_SECONDS) -> tuple[bytes, str]:
    """Download an HTML page; return its bytes and the final URL after redirects.

    Raises:
        SourceError: the server is unreachable, answers an error, or sends no HTML.
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            final, headers = response.geturl(), response.headers
    except urllib.error.HTTPError as e:
        e.close()  # it holds the connection of the error page
        raise SourceError(url, f"the server answered HTTP {e.code} {e.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        reason = getattr(e, "reason", None) or e
        raise SourceError(url, f"can't be fetched ({reason})") from None
    if len(data) > MAX_BYTES:
        raise SourceError(url, "is too large (more than 20 MB)")
    _check_html(url, data, headers)
    return data, final


def _check_html(url: str, data: bytes, headers: Message) -> None:
    declared = headers.get_content_type()
    kind = sniff(data)
    if kind == "empty":
        raise SourceError(url, "is an empty page")
    if declared not in _HTML_TYPES and not (declared == "text/plain" and kind == "html"):
        raise SourceError(url, f"is not an HTML page (it is {declared})")
    if kind != "html":
        raise SourceError(url, f"is not an HTML page (it looks like {KIND_NAMES[kind]})")


def page_document(url: str, timeout: float = TIMEOUT_SECONDS) -> Document:
    """Fetch a page and return its article (text, title, date, author, site name).

    Raises:
        SourceError: the page can't be fetched or holds no article.
        ConfigError: trafilatura is not installed.
    """
    data, final = fetch_page(url, timeout)
    key = canonical_url(final)
    return html_document(data, url, key, key)
