"""`qa add` and `qa delete`: files and pages in, one line per source, errors on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PAGES
from pdfmaker import scanned_pdf

from qa.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_add_a_file_and_a_page_then_ask(
    mini_corpus: Path, news_site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page = f"{news_site}/xw/2024/0628/ditie.shtml"
    html = str(PAGES / "jiedao-yanglao.html")
    code, out, err = run(capsys, "add", html, page, "--corpus", str(mini_corpus))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(
        "added: 《城南街道新建三处社区养老驿站》 · 2024-05-18 · 5 sentences · id files/"
    )
    assert lines[1].startswith(
        "added: 《地铁5号线南段今日开通运营》 · 2024-06-28 · 4 sentences · id web/"
    )
    code, out, _ = run(
        capsys, "ask", "5号线南段全长多少公里", "--corpus", str(mini_corpus), "--json"
    )
    answer = json.loads(out)["answers"][0]
    assert "18.6公里" in answer["sentence"] and answer["article"]["url"] == page


def test_add_twice_is_reported_not_repeated(
    mini_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = str(PAGES / "jiedao-yanglao.html")
    run(capsys, "add", html, "--corpus", str(mini_corpus))
    code, out, _ = run(capsys, "add", html, "--corpus", str(mini_corpus), "--json")
    row = json.loads(out)
    assert code == 0 and row["status"] == "duplicate" and row["sentences"] == 5
    assert len(list((mini_corpus / "files").iterdir())) == 1


def test_a_bad_source_is_one_line_and_the_good_ones_still_go_in(
    mini_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf())
    html = str(PAGES / "jiedao-yanglao.html")
    code, out, err = run(capsys, "add", str(scan), html, "--corpus", str(mini_corpus))
    assert code == 2
    assert err.startswith(f"Error: {scan}: has no text layer (a scan?): run OCR on it first")
    assert err.count("\n") == 1
    assert out.startswith("added: 《城南街道新建三处社区养老驿站》")


def test_adding_to_the_bundled_corpus_says_what_to_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "add", str(PAGES / "jiedao-yanglao.html"))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "bundled corpus is read-only: set QA_CORPUS" in err


def test_delete(mini_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "delete", "dushu", "--corpus", str(mini_corpus))
    assert code == 0 and out == f"deleted: dushu ({mini_corpus / 'dushu.md'})\n"
    code, out, err = run(capsys, "delete", "dushu", "--corpus", str(mini_corpus))
    assert (code, out) == (2, "") and "no article with id 'dushu'" in err


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "add", "--help")
    assert "qa add report.docx" in out and ".docx" in out


def test_help_loads_none_of_the_editor_libraries() -> None:
    code = (
        "from qa.cli import main; import sys\n"
        "try:\n    main(['add', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('trafilatura', 'docx', 'pypdf', 'matplotlib', 'lxml', 'numpy')\n"
        "loaded = sorted(m for m in heavy if m in sys.modules)\n"
        "assert not loaded, loaded"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_synonym(mini_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = mini_corpus / "synonyms.txt"
    code, out, _ = run(capsys, "synonym", "跑道, 步道", "--corpus", str(mini_corpus))
    assert code == 0 and out == f"added: 跑道, 步道 ({path}, line 1)\n"
    code, out, _ = run(capsys, "synonym", "跑道, 步道", "--corpus", str(mini_corpus), "--json")
    assert code == 0 and json.loads(out) == {
        "path": str(path),
        "rule": "跑道, 步道",
        "line": 1,
        "new": False,
    }
    code, out, err = run(capsys, "synonym", "跑道 =>", "--corpus", str(mini_corpus))
    assert (code, out) == (
        2,
        "",
    ) and err == f"Error: {path}:2: 'a => b' needs words on both sides of '=>'\n"
    assert path.read_text(encoding="utf-8") == "跑道, 步道\n"


def test_a_broken_pdf_is_one_line_without_the_reader_s_own_warnings(
    mini_corpus: Path, tmp_path: Path
) -> None:
    """pypdf warns as it reads ("EOF marker not found"); a terminal shows only our error.

    A fresh process: under pytest the root logger has a handler, and the warning would not
    reach stderr whatever the command did.
    """
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not a document")
    done = subprocess.run(
        [sys.executable, "-m", "qa", "add", str(broken), "--corpus", str(mini_corpus)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"Error: {broken}: can't be read as a PDF (PdfStreamError: Stream has ended unexpectedly)"
    ]
