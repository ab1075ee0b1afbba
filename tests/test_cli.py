"""The `qa` command line, through click's CliRunner and through main() with its exit codes."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from qa.cli import cli, main

PARKING = "社区在东门空地建成停车场2处,新增停车位120个。"
FEE = "停车场由物业公司统一管理,每月收费100元。"
PARKING_SOURCE = "《幸福社区新建停车场》 记者 张明 · 2024-03-01"
SCORE_LINE = re.compile(r"score \d+\.\d\d · confidence [01]\.\d\d")
NO_ANSWER = "没有找到相关内容"
NO_ANSWER_HINT = "换个说法或用文中的词再问一次，或用 `qa articles` 看看有哪些文章。"
NEAREST = "没有找到确切的答案。最接近的一句（不一定回答了问题）："
KNOWN_KEYS = "id, title, byline, date, source, url, origin, checksum"


def invoke(args: list[str], input: str | None = None) -> Result:
    return CliRunner().invoke(cli, args, input=input, catch_exceptions=False)


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run qa.cli.main and return its exit status, stdout and stderr."""
    try:
        main(args)
        code = 0
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# --- ask --------------------------------------------------------------------------------------


def test_ask_prints_sentence_source_and_score(mini_corpus: Path) -> None:
    result = invoke(["ask", "新增停车位多少个", "--corpus", str(mini_corpus)])
    assert result.exit_code == 0
    sentence, source, score = result.stdout.splitlines()
    assert (sentence, source) == (PARKING, PARKING_SOURCE)
    assert SCORE_LINE.fullmatch(score)
    assert result.stderr == ""


def test_ask_source_line_leaves_out_missing_metadata(mini_corpus: Path) -> None:
    result = invoke(["ask", "湖滨公园新建的步道有多长", "--corpus", str(mini_corpus)])
    assert result.stdout.splitlines()[:2] == [
        "湖滨公园改造工程近日完工,新建环湖步道5公里。",
        "《湖滨公园改造完工》",
    ]


@pytest.mark.parametrize("option", ["--top-k", "-k"])
def test_ask_top_k_numbers_answers(mini_corpus: Path, option: str) -> None:
    result = invoke(["ask", "停车场收费", option, "2", "--corpus", str(mini_corpus)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"1. {FEE}", f"   {PARKING_SOURCE}"]
    assert SCORE_LINE.fullmatch(lines[2].strip())
    assert lines[3:5] == ["", f"2. {PARKING}"]
    assert len(lines) == 7


def test_ask_top_k_from_environment(mini_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_TOP_K", "2")
    monkeypatch.setenv("QA_CORPUS", str(mini_corpus))
    result = invoke(["ask", "停车场收费", "--json"])
    assert [a["sentence"] for a in json.loads(result.stdout)["answers"]] == [FEE, PARKING]


def test_ask_json(mini_corpus: Path) -> None:
    result = invoke(["ask", "新增停车位多少个", "--json", "--corpus", str(mini_corpus)])
    assert result.exit_code == 0
    assert "幸福社区新建停车场" in result.stdout  # ensure_ascii=False
    assert "\\u" not in result.stdout
    assert result.stdout.count("\n") == 1
    data = json.loads(result.stdout)
    assert list(data) == ["question", "answers", "nearest"]
    assert data["nearest"] is None
    assert data["question"] == "新增停车位多少个"
    (answer,) = data["answers"]
    assert set(answer) == {"sentence", "score", "confidence", "article", "context", "matched"}
    assert answer["sentence"] == PARKING
    assert isinstance(answer["score"], float)
    assert answer["article"] == {
        "id": "tingche",
        "title": "幸福社区新建停车场",
        "byline": "记者 张明",
        "date": "2024-03-01",
        "url": "https://example.com/tingche",
    }
    assert answer["context"] == PARKING + FEE
    assert answer["matched"] == ["新增", "停车", "车位", "停车位"]


def test_ask_json_top_k(mini_corpus: Path) -> None:
    result = invoke(["ask", "停车", "--json", "-k", "3", "--corpus", str(mini_corpus)])
    answers = json.loads(result.stdout)["answers"]
    assert len(answers) == 3
    assert len({a["sentence"] for a in answers}) == 3
    assert [a["score"] for a in answers] == sorted((a["score"] for a in answers), reverse=True)


def test_ask_without_answer(mini_corpus: Path) -> None:
    result = invoke(["ask", "火星探测器何时发射", "--corpus", str(mini_corpus)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == NO_ANSWER
    assert result.stderr == ""


def test_ask_json_without_answer(mini_corpus: Path) -> None:
    result = invoke(["ask", "火星探测器", "--json", "--corpus", str(mini_corpus)])
    assert result.exit_code == 1
    expected = {"question": "火星探测器", "answers": [], "nearest": None}
    assert json.loads(result.stdout) == expected


def test_ask_below_the_floor_shows_the_nearest_sentence(
    mini_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_MIN_CONFIDENCE", "1")
    monkeypatch.setenv("QA_HINT_CONFIDENCE", "0")
    result = invoke(["ask", "新增停车位多少个", "--corpus", str(mini_corpus)])
    assert result.exit_code == 1  # a lead, not an answer
    assert result.stdout.splitlines()[:2] == [NEAREST, PARKING]
    data = json.loads(
        invoke(["ask", "新增停车位多少个", "--json", "--corpus", str(mini_corpus)]).stdout
    )
    assert data["answers"] == []
    assert data["nearest"]["sentence"] == PARKING


def test_ask_stdin(mini_corpus: Path) -> None:
    questions = (
        "新增停车位多少个\n\n火星探测器\n   \n  停车场每月收费多少 \n读书节评选出多少阅读之星"
    )
    result = invoke(["ask", "-", "--json", "--corpus", str(mini_corpus)], input=questions)
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # One result per input line, in order: blank lines get an empty one, so lines line up.
    assert [(r["question"], [a["sentence"] for a in r["answers"]]) for r in rows] == [
        ("新增停车位多少个", [PARKING]),
        ("", []),
        ("火星探测器", []),
        ("", []),
        ("停车场每月收费多少", [FEE]),
        ("读书节评选出多少阅读之星", ["全校学生共读图书3000多册,评选出阅读之星20名。"]),
    ]


def test_ask_stdin_human(mini_corpus: Path) -> None:
    result = invoke(["ask", "-", "--corpus", str(mini_corpus)], input="新增停车位多少个\n\n火星\n")
    assert result.exit_code == 0
    # Each result under its question, a blank line between; a blank input line is said to be one.
    *blocks, footer = [b.splitlines() for b in result.stdout.strip().split("\n\n")]
    assert [b[0] for b in blocks] == ["问：新增停车位多少个", "问：（空行）", "问：火星"]
    assert blocks[0][1:3] == [PARKING, PARKING_SOURCE]
    assert blocks[1] == ["问：（空行）"]
    assert blocks[2][1:] == [NO_ANSWER]  # the hint to reword is said once, at the end
    assert footer == [f"1 / 2 个问题找到了答案。{NO_ANSWER_HINT}"]


def test_ask_stdin_human_all_answered_gives_no_hint(mini_corpus: Path) -> None:
    result = invoke(["ask", "-", "--corpus", str(mini_corpus)], input="新增停车位多少个\n")
    assert result.stdout.strip().splitlines()[-1] == "1 / 1 个问题找到了答案。"
    assert NO_ANSWER_HINT not in result.stdout


def test_ask_stdin_human_shows_a_long_question_shortened(mini_corpus: Path) -> None:
    question = "新增停车位多少个" + "啊" * 500
    result = invoke(["ask", "-", "--corpus", str(mini_corpus)], input=question + "\n")
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0]
    assert header.startswith("问：新增停车位多少个") and header.endswith("…")
    assert len(header) < 100


def test_ask_bundled_corpus_by_default() -> None:
    result = invoke(["ask", "停车位新增多少"])
    assert result.exit_code == 0
    sentence, source, _ = result.stdout.splitlines()
    assert "1623" in sentence
    assert source.startswith("《") and "》" in source


# --- articles and eval ------------------------------------------------------------------------


def test_articles(mini_corpus: Path) -> None:
    result = invoke(["articles", "--corpus", str(mini_corpus)])
    assert result.exit_code == 0
    assert result.stdout == (
        "dushu\t实验小学举办读书节\t2\ngongyuan\t湖滨公园改造完工\t2\ntingche\t幸福社区新建停车场\t3\n"
    )


def test_articles_json(mini_corpus: Path) -> None:
    result = invoke(["articles", "--json", "--corpus", str(mini_corpus)])
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"id": "dushu", "title": "实验小学举办读书节", "sentences": 2, "date": "2024-04-23"},
        {"id": "gongyuan", "title": "湖滨公园改造完工", "sentences": 2, "date": None},
        {"id": "tingche", "title": "幸福社区新建停车场", "sentences": 3, "date": "2024-03-01"},
    ]


def test_articles_bundled() -> None:
    lines = invoke(["articles"]).stdout.splitlines()
    assert [line.split("\t")[0][:3] for line in lines] == ["01-", "02-", "03-", "04-", "05-"]


def test_index(mini_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("QA_CACHE_DIR", str(cache))
    monkeypatch.setenv("QA_USE_CACHE", "false")  # `qa index` saves regardless
    result = invoke(["index", "--json", "--corpus", str(mini_corpus)])
    assert result.exit_code == 0
    figures = json.loads(result.stdout)
    assert set(figures) == {"corpus", "articles", "sentences", "seconds", "cache_dir"}
    assert (figures["corpus"], figures["articles"], figures["sentences"]) == (
        str(mini_corpus),
        3,
        7,
    )
    assert figures["cache_dir"] == str(cache)
    assert len(list(cache.glob("*.npz"))) == 1
    text = invoke(["index", "--corpus", str(mini_corpus)]).stdout
    assert text.startswith(f"corpus {mini_corpus} · articles 3 · sentences 7 · seconds ")


def test_index_that_cannot_be_saved_is_an_error(
    mini_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`qa index` has one job: when the cache folder can't take the file, it must not say done."""
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("QA_CACHE_DIR", str(blocked))
    monkeypatch.setenv("QA_SEMANTIC", "off")
    code, out, err = run_main(["index", "--corpus", str(mini_corpus)], capsys)
    assert code == 2
    assert out == ""
    assert err.splitlines()[-1] == f"Error: the index could not be saved in {blocked}"


QUESTIONS = [
    {"q": "新增停车位多少个", "expect_any": ["120个"], "kind": "number"},
    {"q": "读书节评选出多少阅读之星", "expect_any": ["不对", "20名"], "kind": "number"},
    {"q": "停车场每月收费多少", "expect_any": ["不在文中"], "kind": "fee"},
    {"q": "火星探测器何时发射", "expect_any": [], "kind": "none"},
    {"q": "停车场每月收费"},
]


@pytest.fixture
def question_file(tmp_path: Path) -> Path:
    path = tmp_path / "questions.jsonl"
    rows = [json.dumps(q, ensure_ascii=False) for q in QUESTIONS]
    path.write_text("\n".join(rows[:2] + [""] + rows[2:]) + "\n", encoding="utf-8")
    return path


def test_eval(mini_corpus: Path, question_file: Path) -> None:
    result = invoke(["eval", str(question_file), "--corpus", str(mini_corpus)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "kind                n   hit@1   hit@5  MRR@10  none ok",
        "number              2   1.000   1.000   1.000",
        "fee                 1   0.000   0.000   0.000",
        "none                2                            0.500",
        "all answerable      3   0.667   0.667   0.667",
    ]
    assert re.fullmatch(r"median query time \d+\.\d\d ms", lines[5])
    assert lines[6:] == [
        "misses:",
        f"  [fee] 停车场每月收费多少  want: 不在文中  got: {FEE}",
        f"  [question] 停车场每月收费  want: (no answer)  got: {FEE}",
    ]


def test_eval_json_without_misses(mini_corpus: Path, question_file: Path) -> None:
    result = invoke(["eval", str(question_file), "--json", "--corpus", str(mini_corpus)])
    report = json.loads(result.stdout)
    assert report["none_accuracy"] == 0.5
    assert [(k["kind"], k["count"], k["hit1"]) for k in report["kinds"]] == [
        ("number", 2, 1.0),
        ("fee", 1, 0.0),
        ("none", 2, 0.0),
    ]
    assert [m["q"] for m in report["misses"]] == ["停车场每月收费多少", "停车场每月收费"]
    text = invoke(["eval", str(question_file), "--no-misses", "--corpus", str(mini_corpus)])
    assert "misses:" not in text.stdout
    assert len(text.stdout.splitlines()) == 6


def test_eval_squad(tmp_path: Path) -> None:
    def para(pid: str, context: str, question: str, *answers: str) -> dict[str, object]:
        qas = [{"question": question, "answers": [{"text": a} for a in answers]}]
        return {"id": pid, "context": context, "qas": qas}

    paragraphs = [
        para(
            "p1",
            "幸福社区新增停车位120个。停车场由物业统一管理。",
            "幸福社区新增多少停车位",
            "120个",
        ),
        para("p2", "实验小学举办读书节。评选出阅读之星20名。", "评选出多少阅读之星", "20名"),
        para(
            "p3", "湖滨公园新建步道5公里。公园种植樱花树400棵。", "公园种植多少棵樱花树", "400棵"
        ),
    ]
    path = tmp_path / "squad.json"
    path.write_text(json.dumps({"data": [{"title": "新闻", "paragraphs": paragraphs}]}))
    result = invoke(["eval", str(path), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["total"]["count"] == 3
    assert report["total"]["hit1"] == 1.0
    assert report["misses"] == []


# --- errors and exit codes through main() -----------------------------------------------------


def test_main_answered_exits_0(mini_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["ask", "新增停车位多少个", "--corpus", str(mini_corpus)], capsys)
    assert (code, out.splitlines()[:2], err) == (0, [PARKING, PARKING_SOURCE], "")


def test_main_no_answer_exits_1(mini_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["ask", "火星探测器", "--corpus", str(mini_corpus)])
    assert info.value.code == 1
    out, err = capsys.readouterr()
    assert (out.splitlines()[0], err) == (NO_ANSWER, "")


def test_main_stdin_exits_0(
    mini_corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("火星探测器\n\n新增停车位多少个\n"))
    code, out, err = run_main(["ask", "-", "--json", "--corpus", str(mini_corpus)], capsys)
    assert (code, err) == (0, "")
    assert [json.loads(line) for line in out.splitlines()][:2] == [
        {"question": "火星探测器", "answers": [], "nearest": None},
        {"question": "", "answers": [], "nearest": None},
    ]
    assert json.loads(out.splitlines()[2])["question"] == "新增停车位多少个"


@pytest.fixture
def bad_paths(tmp_path: Path) -> dict[str, Path]:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "good.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    (broken / "bad.md").write_text(
        "---\ntitle: 标题\ntitel: 错字\n---\n正文。\n", encoding="utf-8"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    questions = tmp_path / "questions.jsonl"
    questions.write_text('{"q": "新增停车位多少个"}\nnot json\n', encoding="utf-8")
    squad = tmp_path / "squad.json"
    paragraph = {"context": "新增停车位1623个。", "qas": [{"question": 5, "answers": []}]}
    squad.write_text(json.dumps({"data": [{"paragraphs": [paragraph]}]}), encoding="utf-8")
    return {
        "missing": tmp_path / "nowhere",
        "broken": broken,
        "bad": broken / "bad.md",
        "empty": empty,
        "questions": questions,
        "squad": squad,
    }


@pytest.mark.parametrize(
    "args,message",
    [
        (["ask", ""], "Error: the question is empty"),
        (["ask", "  \t "], "Error: the question is empty"),
        (["ask", "问题", "--corpus", "{missing}"], "Error: {missing}: no such file or folder"),
        (["articles", "--corpus", "{missing}"], "Error: {missing}: no such file or folder"),
        (
            ["ask", "问题", "--corpus", "{broken}"],
            f"Error: {{bad}}:3: unknown front matter key 'titel' (known: {KNOWN_KEYS})",
        ),
        (
            ["ask", "-", "--corpus", "{empty}"],
            "Error: {empty}: no articles found (expected .md or .txt files, or .jsonl)",
        ),
        (
            ["eval", "{questions}"],
            "Error: {questions}:2: not a question object "
            "(Expecting value: line 1 column 1 (char 0))",
        ),
        (
            ["eval", "{squad}"],
            "Error: {squad}: not SQuAD-style JSON "
            '(data[0].paragraphs[0].qas[0] needs a "question" text)',
        ),
    ],
)
def test_main_errors(
    args: list[str],
    message: str,
    bad_paths: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as info:
        main([a.format(**bad_paths) for a in args])
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [message.format(**bad_paths)]


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["ask", "问题", "--frobnicate"], "--frobnicate"),
        (["ask"], "Missing argument 'QUESTION'"),
        (["ask", "问题", "-k", "0"], "0 is not in the range 1<=x<=50"),
        (["ask", "问题", "-k", "many"], "'many' is not a valid integer"),
        (["nope"], "No such command 'nope'"),
        (["eval", "/nonexistent/questions.jsonl"], "does not exist"),
    ],
)
def test_main_usage_errors(
    args: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith("Error: ")
    assert fragment in line
    assert line.endswith("--help')")


def test_main_bad_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QA_TOP_K", "0")
    with pytest.raises(SystemExit) as info:
        main(["articles"])
    assert info.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line == "Error: invalid setting QA_TOP_K: Input should be greater than or equal to 1"


# --- help -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", cli.commands.values(), ids=lambda c: c.name)
def test_commands_have_help_with_an_example(command: click.Command) -> None:
    assert command.help, f"{command.name} is missing its help"
    result = invoke([str(command.name), "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: cli {command.name} ")
    assert re.search(r"^\s+Examples?:\n\s+qa " + str(command.name), result.stdout, re.M)


def test_main_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["--help"], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("Usage: qa ")
    for name in cli.commands:
        assert f"  {name} " in out


def test_python_m_qa_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "qa", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Usage: qa [OPTIONS] COMMAND [ARGS]...")
    assert sorted(re.findall(r"^  (\w+)  ", result.stdout, re.M)) == sorted(cli.commands)


@pytest.mark.parametrize("args", [["ask", "问题", "--corpus", "{long}"], ["add", "{long}.md"]])
def test_a_path_the_system_refuses_is_one_shortened_line(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = "长" * 2000  # past any file system's limit on a name
    with pytest.raises(SystemExit) as info:
        main(
            [a.format(long=long) for a in args] + ["--corpus", str(tmp_path)] * (args[0] == "add")
        )
    assert info.value.code == 2
    out, err = capsys.readouterr()
    (line,) = err.splitlines()
    assert out == ""
    assert line.startswith(f"Error: {'长' * 60}… (")
    assert len(line) < 200
