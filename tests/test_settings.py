"""Settings from QA_* environment variables and .env files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from qa import ConfigError, Settings
from qa.settings import bundled_corpus, default_cache_dir


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QA_SEMANTIC")  # conftest turns it off for the lexical tests
    settings = Settings(_env_file=None)
    dump = settings.model_dump()
    # min_confidence is tuned on question sets; only its range is a promise
    floor = dump.pop("min_confidence")
    assert 0 < floor < 1
    assert 0 < dump.pop("hint_confidence") < floor  # a lead is offered only below the floor
    assert dump == {
        "corpus": None,
        "top_k": 1,
        "max_question_chars": 300,
        "tokenizer": "rjieba",
        "semantic": "auto",
        "semantic_max_sentences": 50_000,
        "cache_dir": None,
        "use_cache": True,
        "question_log": None,
        "log_retention_days": 90,
        "log_chat_ids": False,
    }
    assert settings.corpus_path() == bundled_corpus()
    assert (bundled_corpus() / "01-zhenggang-weimin-shishi.md").is_file()


def test_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Settings(_env_file=None).cache_path() == tmp_path / "qa-news-bot"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "qa-news-bot"
    assert Settings(cache_dir=tmp_path / "c", _env_file=None).cache_path() == tmp_path / "c"


def test_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QA_TOP_K", "3")
    monkeypatch.setenv("QA_CORPUS", str(tmp_path / "news.jsonl"))
    monkeypatch.setenv("qa_tokenizer", "jieba")
    monkeypatch.setenv("QA_USE_CACHE", "false")
    settings = Settings(_env_file=None)
    assert (settings.top_k, settings.corpus, settings.tokenizer, settings.use_cache) == (
        3,
        tmp_path / "news.jsonl",
        "jieba",
        False,
    )
    assert settings.corpus_path() == tmp_path / "news.jsonl"


def test_dotenv_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        "# shared with the bot\n"
        "TELEGRAM_BOT_TOKEN=123456:secret\n"
        "QA_TOP_K=4\n"
        "QA_MIN_CONFIDENCE=0.25\n"
        "QA_CORPUS=语料/新闻\n"
        "QA_NOT_A_SETTING=1\n",
        encoding="utf-8",
    )
    settings = Settings(_env_file=env)
    assert (settings.top_k, settings.min_confidence, settings.corpus) == (
        4,
        0.25,
        Path("语料/新闻"),
    )
    assert not hasattr(settings, "telegram_bot_token")
    assert "not_a_setting" not in settings.model_dump()
    # the environment wins over .env, and arguments win over both
    monkeypatch.setenv("QA_TOP_K", "5")
    assert Settings(_env_file=env).top_k == 5
    assert Settings(top_k=6, _env_file=env).top_k == 6


@pytest.mark.parametrize(
    "name,value,loc,error",
    [
        ("QA_TOP_K", "0", "top_k", "greater_than_equal"),
        ("QA_TOP_K", "51", "top_k", "less_than_equal"),
        ("QA_TOP_K", "three", "top_k", "int_parsing"),
        ("QA_MIN_CONFIDENCE", "1.5", "min_confidence", "less_than_equal"),
        ("QA_MIN_CONFIDENCE", "-0.1", "min_confidence", "greater_than_equal"),
        ("QA_MAX_QUESTION_CHARS", "5", "max_question_chars", "greater_than_equal"),
        ("QA_TOKENIZER", "pkuseg", "tokenizer", "literal_error"),
        ("QA_USE_CACHE", "maybe", "use_cache", "bool_parsing"),
    ],
)
def test_invalid_values(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, loc: str, error: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as info:
        Settings(_env_file=None)
    errors: list[Any] = info.value.errors()
    assert [(e["loc"], e["type"], e["input"]) for e in errors] == [((loc,), error, value)]


@pytest.mark.parametrize(
    ("values", "line"),
    [
        ({"top_k": 0}, "invalid setting QA_TOP_K: Input should be greater than or equal to 1"),
        (
            {"tokenizer": "pkuseg"},
            "invalid setting QA_TOKENIZER: Input should be 'rjieba' or 'jieba'",
        ),
    ],
)
def test_load_names_the_variable_in_one_line(values: dict[str, Any], line: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.load(_env_file=None, **values)
    assert str(info.value) == line


def test_invalid_value_in_dotenv(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("QA_TOP_K=0\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        Settings(_env_file=env)
    assert [e["loc"] for e in info.value.errors()] == [("top_k",)]


def test_a_dotenv_that_is_not_text_is_one_line(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_bytes(b"\xff\xfeQA_TOP_K=3\n")
    with pytest.raises(ConfigError) as info:
        Settings.load(_env_file=env)
    assert str(info.value).startswith(f"{env} can't be read as settings ('utf-8' codec")
    assert "\n" not in str(info.value)


def test_working_folder_dotenv_is_ignored_in_tests(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # conftest turns the default .env off, so a developer's .env can't leak into tests;
    # naming the file still reads it.
    (tmp_path / ".env").write_text("QA_TOP_K=7\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert Settings().top_k == 1
    assert Settings(_env_file=".env").top_k == 7
