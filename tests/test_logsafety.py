"""The token mask: no log record, whatever its logger, level or handler, shows a secret."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from collections.abc import Iterator

import pytest

from qabot.logsafety import MASK, install_secret_mask

TOKEN = "987654:ZYXwvuTSRqpoNMLkjiHGFedcba98765"
SECRET = TOKEN.split(":")[1]
URL = f"http://127.0.0.1:1/bot{TOKEN}/getMe"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """A handler on the root logger (added before the mask) and one on a non-propagating one."""
    out = io.StringIO()
    root, early = logging.StreamHandler(out), logging.StreamHandler(out)
    root.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    logging.getLogger().addHandler(root)
    lonely = logging.getLogger("test.lonely")
    lonely.propagate, lonely.level = False, logging.DEBUG
    lonely.addHandler(early)
    install_secret_mask(TOKEN)
    yield out
    logging.getLogger().removeHandler(root)
    lonely.removeHandler(early)


def fail_with_url() -> None:
    raise ValueError(f"Invalid URL {URL!r}")


@pytest.mark.parametrize("name", ["telegram.ext.Updater", "httpx", "test.lonely", "root"])
@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.ERROR])
def test_no_record_shows_the_token(stream: io.StringIO, name: str, level: int) -> None:
    logger = logging.getLogger(name)
    old = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        logger.log(level, "The token `%s` was rejected by the server.", TOKEN)
        logger.log(level, f"HTTP Request: POST {URL} 'HTTP/1.1 200 OK'")
        logger.log(level, "%s %d%%", URL, 5)
        try:
            fail_with_url()
        except ValueError:
            logger.log(level, "failed", exc_info=True, stack_info=True)
    finally:
        logger.setLevel(old)
    text = stream.getvalue()
    assert SECRET not in text and "ZYXwvu" not in text
    assert f"The token `987654:{MASK}` was rejected" in text
    assert "ValueError: Invalid URL" in text and "5%" in text


def test_a_handler_added_later_sees_masked_records(stream: io.StringIO) -> None:
    late_out = io.StringIO()
    late = logging.StreamHandler(late_out)
    logger = logging.getLogger("test.late")
    logger.addHandler(late)
    try:
        logger.warning("token %s", TOKEN)
    finally:
        logger.removeHandler(late)
    assert late_out.getvalue() == f"token 987654:{MASK}\n"


def test_a_bad_format_string_does_not_leak(stream: io.StringIO) -> None:
    logging.getLogger("test.bad").warning("%d", TOKEN)
    assert SECRET not in stream.getvalue()


def test_uncaught_exceptions_are_printed_masked() -> None:
    code = "\n".join(
        [
            "import threading",
            "from qabot.logsafety import install_secret_mask",
            f"install_secret_mask({TOKEN!r})",
            "def fail():",
            f"    raise OSError({URL!r})",
            "thread = threading.Thread(target=fail)",
            "thread.start(); thread.join()",
            f"raise RuntimeError('cannot reach {URL}')",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1
    assert "RuntimeError: cannot reach" in result.stderr and SECRET not in result.stderr
    assert "OSError: http://127.0.0.1:1/bot987654:" in result.stderr  # from the thread
