"""The question log, written after the reply on a thread of its own, never in its way."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from qa.questionlog import QuestionLog

from .state import Context

__all__ = ["MAX_PENDING", "after_pending", "record_later"]

logger = logging.getLogger(__name__)

MAX_PENDING = 100  # rows waiting for a slow (e.g. locked) database; beyond, rows are dropped
# One writer thread: a locked database then holds up log rows, not the threads answering.
_WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="question-log")
_pending = 0
T = TypeVar("T")


def record_later(context: Context, **row: Any) -> None:
    """Add a question to the log in the background, when the log is on."""
    log = context.bot_data.log
    if log is None:
        return
    if _pending >= MAX_PENDING:
        logger.warning("question log: %d rows waiting, one dropped", _pending)
        return
    context.application.create_task(_record(log, row))


async def _record(log: QuestionLog, row: dict[str, Any]) -> None:
    global _pending
    _pending += 1
    try:
        await asyncio.get_running_loop().run_in_executor(_WRITER, partial(log.record, **row))
    except Exception as e:  # any failure (locked, corrupt, disk full) costs a row, not a reply
        logger.warning("question log: could not record a question (%s)", e)
    finally:
        _pending -= 1


async def after_pending(read: Callable[[], T]) -> T:
    """Run a read of the log on its writer thread, after the rows waiting to be written.

    /stats sent just after a question then counts it: the row is written before it is read.
    """
    return await asyncio.get_running_loop().run_in_executor(_WRITER, read)
