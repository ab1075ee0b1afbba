"""Work spread over worker processes when there is enough of it (big corpora's builds)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

__all__ = ["MAX_WORKERS", "run_all"]

MAX_WORKERS = 4
Shared = TypeVar("Shared")
Job = TypeVar("Job")
Result = TypeVar("Result")
_inherited: Any = None  # in a worker process: what run_all's caller shares with every job


def run_all(
    work: Callable[[Shared, Job], Result], shared: Shared, jobs: Sequence[Job]
) -> list[Result]:
    """`work(shared, job)` for every job, in order: in worker processes when there are several.

    The workers are forked: they inherit `shared` (a corpus, its sentences) instead of having
    it pickled to them, which cost the parent time and, in fragments, memory that it kept.
    Only the jobs and the results travel.

    With other threads running, every job is done here. A forked child holds only the thread
    that forked, with every lock as it was: one another thread held then (the bot answers
    questions while it rebuilds) would never be released there, and the build would hang. A
    fresh worker process instead would run the caller's main module again.
    """
    workers = min(os.cpu_count() or 1, MAX_WORKERS, len(jobs))
    if workers < 2 or threading.active_count() > 1:
        return [work(shared, job) for job in jobs]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_inherit, initargs=(shared,)
    ) as pool:
        return list(pool.map(_call, [(work, job) for job in jobs]))


def _inherit(shared: object) -> None:
    global _inherited
    _inherited = shared


def _call(task: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    work, job = task
    return work(_inherited, job)
