"""Per-chat send queues: a chat waiting for its send budget never holds up another chat.

Telegram lets a bot send about 20 messages a minute into one group; python-telegram-bot's
rate limiter waits for that budget inside the send call. A handler awaiting the send would
hold one of the application's concurrent update slots meanwhile, so a flooded group could
stall every other chat. Handlers therefore queue their sends here and return at once; one
task per chat sends that chat's messages in order.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, TelegramError

__all__ = ["MAX_QUEUED", "SEND_ATTEMPTS", "ChatSends", "deliver"]

logger = logging.getLogger(__name__)

SEND_ATTEMPTS = 8  # 0.5 s doubling to 10 s: about a minute of outage
MAX_QUEUED = 20  # messages waiting for one chat; beyond, new ones are dropped

Send = Callable[[], Awaitable[object]]
Spawn = Callable[[Coroutine[Any, Any, None]], object]


async def deliver(send: Send) -> None:
    """Send, retrying network failures with backoff.

    The update was confirmed when it was fetched, so a send lost to a network failure would be
    an answer lost for good.
    """
    delay = 0.5
    for attempt in range(SEND_ATTEMPTS):
        try:
            await send()
            return
        except BadRequest:
            raise
        except NetworkError:
            if attempt == SEND_ATTEMPTS - 1:
                raise
            logger.warning("send failed, retrying in %.1f s", delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)


class ChatSends:
    """Queues of sends, one per chat, each drained in order by its own task."""

    def __init__(self, spawn: Spawn, max_queued: int = MAX_QUEUED) -> None:
        self._spawn = spawn  # Application.create_task: errors reach the error handler
        self.max_queued = max_queued
        self._queues: dict[int, deque[Send]] = {}

    def pending(self, chat_id: int) -> int:
        """Return how many sends wait for chat_id."""
        return len(self._queues.get(chat_id, ()))

    def submit(self, chat_id: int, *sends: Send) -> bool:
        """Queue sends for chat_id (kept together, in order); False when the queue is full."""
        queue = self._queues.get(chat_id)
        if queue is not None and len(queue) + len(sends) > self.max_queued:
            logger.warning("chat send queue full: %d message(s) dropped", len(sends))
            return False
        if queue is None:
            queue = self._queues[chat_id] = deque()
            queue.extend(sends)
            self._spawn(self._drain(chat_id, queue))
        else:
            queue.extend(sends)
        return True

    async def _drain(self, chat_id: int, queue: deque[Send]) -> None:
        try:
            while queue:
                send = queue[0]
                try:
                    await deliver(send)
                except TelegramError as e:  # this message can't go; the next one may
                    logger.error("could not send a message: %s", e)
                except Exception:  # a bug sending one message must not lose the rest
                    logger.exception("could not send a message")
                finally:
                    queue.popleft()
        finally:
            del self._queues[chat_id]
