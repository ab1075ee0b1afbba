"""Unknown QA_ variables are named; a misspelt access setting left empty is flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa import ConfigError
from qabot.envnames import check_environment, setting_names
from qabot.settings import BotSettings

TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345"


def test_setting_names_are_the_real_variables() -> None:
    names = setting_names(BotSettings)
    assert names["QA_ALLOWED_CHATS"] == "allowed_chats" and names["QA_ADMINS"] == "admins"
    assert names["TELEGRAM_BOT_TOKEN"] == "telegram_bot_token"
    assert "QA_ALLOWED_CHAT" not in names


@pytest.mark.parametrize(
    ("environ", "unknown", "widening"),
    [
        ({"QA_CORPUS": "x", "HOME": "/root"}, (), ()),
        (
            {"QA_ALLOWED_CHAT": "-100"},
            ("QA_ALLOWED_CHAT",),
            (("QA_ALLOWED_CHAT", "QA_ALLOWED_CHATS"),),
        ),
        ({"qa_admin": "7"}, ("QA_ADMIN",), (("QA_ADMIN", "QA_ADMINS"),)),
        ({"QA_TOP_KK": "3"}, ("QA_TOP_KK",), ()),
        # The real setting is set too: the typo is noise, not an open door.
        ({"QA_ALLOWED_CHAT": "-100", "QA_ALLOWED_CHATS": "-100"}, ("QA_ALLOWED_CHAT",), ()),
    ],
    ids=["known", "allowed-chat", "admin", "other", "both"],
)
def test_unknown_and_widening_names(
    environ: dict[str, str], unknown: tuple[str, ...], widening: tuple[tuple[str, str], ...]
) -> None:
    settings = BotSettings(
        telegram_bot_token=TOKEN,
        allowed_chats=[-100] if "QA_ALLOWED_CHATS" in environ else [],
        _env_file=None,
    )
    report = check_environment(settings, None, environ)
    assert (report.unknown, report.widening) == (unknown, widening)


def test_names_in_the_env_file_count_too(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("QA_ALOWED_CHATS=-100\nTELEGRAM_BOT_TOKEN=x\n", encoding="utf-8")
    report = check_environment(BotSettings(_env_file=None), env, {})
    assert report.widening == (("QA_ALOWED_CHATS", "QA_ALLOWED_CHATS"),)
    assert report.warnings() == [
        "QA_ALOWED_CHATS is not a setting and is ignored (did you mean QA_ALLOWED_CHATS?)"
    ]


@pytest.mark.parametrize(
    ("typo", "meant"), [("QA_ALLOWED_CHAT", "QA_ALLOWED_CHATS"), ("QA_ADMIN", "QA_ADMINS")]
)
def test_a_typo_that_would_widen_access_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, typo: str, meant: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv(typo, "-100")
    with pytest.raises(ConfigError) as info:
        BotSettings.load(_env_file=None)
    assert str(info.value) == (
        f"{typo} is not a setting (did you mean {meant}?); refusing to start with {meant} empty"
    )


def test_other_unknown_names_only_warn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("QA_QUESTIONS_PER_MINUT", "5")
    settings = BotSettings.load(_env_file=None)
    assert check_environment(settings, None).warnings() == [
        "QA_QUESTIONS_PER_MINUT is not a setting and is ignored"
    ]
