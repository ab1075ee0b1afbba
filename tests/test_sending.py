"""Per-chat send queues (order within a chat, independence between chats, a bounded backlog)
and sends retried through network failures."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import pytest
from telegram.error import BadRequest, NetworkError

from qabot.sending import ChatSends, deliver

pytestmark = pytest.mark.asyncio


class Chats:
    """Sends that record what went out, where chat 1 can be held back until released."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []
        self.tasks: list[asyncio.Task[None]] = []
        self.budget = {1: asyncio.Event()}
        self.sends = ChatSends(self.spawn, max_queued=5)

    def spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        self.tasks.append(asyncio.ensure_future(coroutine))

    def send(self, chat: int, text: str) -> Any:
        async def go() -> None:
            if chat in self.budget:
                await self.budget[chat].wait()
            if text == "bad":
                raise BadRequest("message is too long")
            self.sent.append((chat, text))

        return go


async def test_a_waiting_chat_does_not_hold_up_another() -> None:
    chats = Chats()
    assert chats.sends.submit(1, *(chats.send(1, f"g{n}") for n in range(3)))
    assert chats.sends.submit(2, chats.send(2, "private"))
    await asyncio.sleep(0.01)
    assert chats.sent == [(2, "private")]
    assert chats.sends.pending(1) == 3
    chats.budget[1].set()
    await asyncio.gather(*chats.tasks)
    assert chats.sent[1:] == [(1, "g0"), (1, "g1"), (1, "g2")]
    assert chats.sends.pending(1) == 0


async def test_a_full_queue_drops_new_messages_and_a_failed_send_skips_one() -> None:
    chats = Chats()
    assert chats.sends.submit(1, chats.send(1, "a"), chats.send(1, "bad"))
    assert chats.sends.submit(1, *(chats.send(1, c) for c in "bcd"))
    assert not chats.sends.submit(1, chats.send(1, "e"))  # 6 > 5 waiting
    chats.budget[1].set()
    await asyncio.gather(*chats.tasks)
    assert [t for _, t in chats.sent] == ["a", "b", "c", "d"]
    assert chats.sends.submit(1, chats.send(1, "f"))  # the queue is gone once drained
    await asyncio.gather(*chats.tasks)
    assert chats.sent[-1] == (1, "f")


async def test_deliver_retries_network_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    delays: list[float] = []

    async def no_wait(delay: float) -> None:
        delays.append(delay)

    monkeypatch.setattr("qabot.sending.asyncio.sleep", no_wait)
    outcomes: list[Exception | None] = [NetworkError("down"), NetworkError("down"), None]

    async def send() -> None:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    await deliver(send)
    assert (outcomes, delays) == ([], [0.5, 1.0])


async def test_deliver_gives_up_on_bad_requests_at_once_and_on_outages_at_last(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    async def no_wait(delay: float) -> None:
        calls.append(f"wait {delay}")

    monkeypatch.setattr("qabot.sending.asyncio.sleep", no_wait)

    async def bad() -> None:
        calls.append("send")
        raise BadRequest("chat not found")

    with pytest.raises(BadRequest):
        await deliver(bad)
    assert calls == ["send"]

    async def down() -> None:
        raise NetworkError("down")

    calls.clear()
    with pytest.raises(NetworkError):
        await deliver(down)
    assert calls == [f"wait {d}" for d in (0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0)]
