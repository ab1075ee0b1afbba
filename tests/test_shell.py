"""The interactive prompt: one result per question, blank lines skipped, end of input quits."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from qa.cli import cli


def test_shell_answers_each_question_until_end_of_input(mini_corpus: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["shell", "--corpus", str(mini_corpus)],
        input="新增停车位多少个\n\n明天会下雨吗\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    out = result.stdout
    assert out.count("问> ") == 4  # three lines, then the prompt that meets end of input
    assert "社区在东门空地建成停车场2处,新增停车位120个。" in out
    assert "没有找到相关内容" in out
    assert out.index("新增停车位120个") < out.index("没有找到相关内容")
