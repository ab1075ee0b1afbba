"""Work spread over worker processes when there is enough of it (big corpora's builds)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

__all__ = ["MAX_WORKERS", "run_all"]

MAX_WORKERS = 4
Job = TypeVar("Job")
Result = TypeVar("Result")


def run_all(work: Callable[[Job], Result], jobs: Sequence[Job]) -> list[Result]:
    """`work` done on every job, in order: in worker processes when there are several jobs."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS, len(jobs))
    if workers < 2:
        return [work(job) for job in jobs]
    # fork: children inherit what the parent loaded (a segmenter's dictionary, OpenCC's tables)
    # instead of loading it again.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(work, jobs))
