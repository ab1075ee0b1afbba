"""Work spread over worker processes: every job done once, results in order."""

from __future__ import annotations

import os
import threading

import pytest

from qa.workers import run_all


def _scaled_and_pid(factor: int, n: int) -> tuple[int, int]:
    return factor * n, os.getpid()


@pytest.mark.usefixtures("two_workers")
def test_several_jobs_run_in_other_processes_in_order() -> None:
    done = run_all(_scaled_and_pid, 3, list(range(7)))
    assert [scaled for scaled, _ in done] == [0, 3, 6, 9, 12, 15, 18]
    assert os.getpid() not in {pid for _, pid in done}


@pytest.mark.usefixtures("two_workers")
def test_one_job_runs_here() -> None:
    assert run_all(_scaled_and_pid, 3, [5]) == [(15, os.getpid())]


def test_one_core_runs_everything_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert run_all(_scaled_and_pid, 2, [1, 2]) == [(2, os.getpid()), (4, os.getpid())]


def test_with_other_threads_running_the_work_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    # Forking then could copy a lock another thread holds (the bot answers while it rebuilds).
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    done: list[tuple[int, int]] = []
    worker = threading.Thread(target=lambda: done.extend(run_all(_scaled_and_pid, 3, [1, 2, 3])))
    worker.start()
    worker.join(timeout=60)
    assert done == [(3, os.getpid()), (6, os.getpid()), (9, os.getpid())]
