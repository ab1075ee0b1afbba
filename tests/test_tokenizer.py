"""Word tokenizing with both jieba backends, stop words and user dictionaries."""

from __future__ import annotations

from pathlib import Path

import pytest

import qa.tokenizer as tokenizer_module
from qa import ConfigError, CorpusError
from qa.tokenizer import STOPWORDS, Tokenizer, is_informative

BACKENDS = ["rjieba", "jieba"]


@pytest.fixture(params=BACKENDS, scope="module")
def tokenizer(request: pytest.FixtureRequest) -> Tokenizer:
    return Tokenizer(request.param)


@pytest.mark.parametrize(
    "text,tokens",
    [
        # search mode gives the parts and the whole
        ("停车位新增多少", ["停车", "车位", "停车位", "新增"]),
        # punctuation, question and function words are dropped; text is normalised first
        ("請問，停車位有多少個？", ["停车", "车位", "停车位"]),
        ("哪些单位参加了会议吗", ["单位", "参加", "会议"]),
        ("新增停车位１６２３个", ["新增", "停车", "车位", "停车位", "1623"]),
        ("Hello WORLD，ＡＢＣ！", ["hello", "world", "abc"]),
        ("……。，、“”《》", []),
        ("", []),
    ],
)
def test_tokens(tokenizer: Tokenizer, text: str, tokens: list[str]) -> None:
    assert tokenizer(text) == tokens


@pytest.mark.parametrize("word", ["多少", "什么", "哪些", "吗", "的", "是", "请问", "怎么样"])
def test_stop_and_question_words_are_dropped(tokenizer: Tokenizer, word: str) -> None:
    assert word in STOPWORDS
    assert word in tokenizer.words(f"停车场{word}")
    assert tokenizer(f"停车场{word}") == tokenizer("停车场")
    assert tokenizer(word) == []


def test_words_keep_stop_words_but_not_punctuation(tokenizer: Tokenizer) -> None:
    assert tokenizer.words("請問，停車位有多少個？") == [
        "请问",
        "停车",
        "车位",
        "停车位",
        "有",
        "多少",
        "个",
    ]


def test_many(tokenizer: Tokenizer) -> None:
    assert tokenizer.many(["停车位", "什么", "新增"]) == [["停车", "车位", "停车位"], [], ["新增"]]


@pytest.mark.parametrize(
    "token,informative",
    [("停车", True), ("1623", True), ("多少", False), ("，", False), (" ", False), ("_", False)],
)
def test_is_informative(token: str, informative: bool) -> None:
    assert is_informative(token) is informative


@pytest.mark.parametrize("text", ["请问停车位有多少个？", "哪些单位参加了会议", "……新增1623"])
def test_words_judged_before_are_kept_or_dropped_alike(
    tokenizer: Tokenizer, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tokenizer(text)
    # Judged again from the remembered sets, then with nothing remembered.
    assert tokenizer(text) == first
    assert all(w in tokenizer_module._KEPT for w in first)
    monkeypatch.setattr(tokenizer_module, "_KEPT", set())
    monkeypatch.setattr(tokenizer_module, "_DROPPED", set())
    monkeypatch.setattr(tokenizer_module, "JUDGED_MAX", 0)
    assert tokenizer(text) == first
    assert tokenizer_module._KEPT == tokenizer_module._DROPPED == set()
    assert first == [w for w in tokenizer.words(text) if is_informative(w)]


@pytest.mark.parametrize("backend", ["pkuseg", "", "RJIEBA"])
def test_unknown_backend(backend: str) -> None:
    with pytest.raises(ConfigError) as info:
        Tokenizer(backend)
    assert str(info.value) == f"unknown tokenizer {backend!r} (choose from rjieba, jieba)"


USERDICT = "郑港智管通 10 nz\n# 注释行\n\n航港云管家\n智慧停車寶 5\n"


@pytest.mark.parametrize("backend", BACKENDS)
def test_userdict_makes_domain_words_one_token(tmp_path: Path, backend: str) -> None:
    path = tmp_path / "userdict.txt"
    path.write_text(USERDICT, encoding="utf-8")
    plain, custom = Tokenizer(backend), Tokenizer(backend, path)
    # freq and tag, no freq, and a traditional entry matched by its simplified form
    for text, word in [
        ("郑港智管通上线了", "郑港智管通"),
        ("航港云管家是什么", "航港云管家"),
        ("智慧停车宝在哪里", "智慧停车宝"),
    ]:
        assert word not in plain(text)
        assert word in custom(text)
    assert custom("郑港智管通上线了") == ["郑港智管通", "上线"]


@pytest.mark.parametrize("freq", ["abc", "1.5", "-3", "十"])
def test_userdict_bad_frequency(tmp_path: Path, freq: str) -> None:
    path = tmp_path / "userdict.txt"
    path.write_text(f"# 词典\n郑港智管通 10 nz\n航港云管家 {freq} n\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        Tokenizer("rjieba", path)
    assert str(info.value) == f"{path}:3: frequency {freq!r} is not a whole number"


def test_userdict_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "userdict.txt"
    path.write_bytes("郑港智管通 10 nz\n".encode("gbk"))
    with pytest.raises(CorpusError) as info:
        Tokenizer("rjieba", path)
    assert str(info.value).startswith(f"{path}: user dictionary can't be read (")


@pytest.mark.usefixtures("two_workers")
def test_many_texts_are_encoded_alike_in_workers(
    tokenizer: Tokenizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["停车位新增多少", "哪些单位参加了会议", "", "新增停车位1623个", "樱花四百棵"]
    here = tokenizer.encode_many(texts)
    monkeypatch.setattr(tokenizer_module, "PARALLEL_MIN", 0)
    monkeypatch.setattr(tokenizer_module, "PARALLEL_CHUNK", 2)  # three jobs
    spread = tokenizer.encode_many(texts)
    assert spread.lengths.tolist() == here.lengths.tolist() == [4, 3, 0, 5, 3]
    words = [[spread.terms[i] for i in spread.ids], [here.terms[i] for i in here.ids]]
    assert words[0] == words[1] == [w for t in texts for w in tokenizer(t)]
