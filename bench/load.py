"""Load and outage benchmark: the real bot against the fake Bot API, every answer accounted for.

Usage: PYTHONPATH=tests python bench/load.py [--users 50] [--groups 5] [--per-chat 20]
       [--outage 10] [--rate 25]

It drives the test suite's harness (tests/bot_harness.py, tests/fake_botapi.py), hence PYTHONPATH.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot_harness import TOKEN, quoted, running_bot
from fake_botapi import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent

JSON = dict[str, Any]
EXTRA = [
    "郑港办事处在哪里",
    "复工复产的企业有多少家",
    "党建观摩活动是什么时候举行的",
    "民生实事有哪些",
    "外卖骑手戴口罩了吗",
    "预防针是给谁打的",
    "合法用工宣传了什么内容",
    "线上配送平台叫什么名字",
    "今年计划实施多少个民生实事项目",
    "世界杯冠军是谁",
]


def questions() -> list[str]:
    """~40 questions about the bundled corpus, a few unanswerable."""
    path = ROOT / "bench" / "paraphrase_questions.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if line.strip()] + EXTRA


class TimedAPI(FakeBotAPI):
    """The fake server, noting when each answer arrives."""

    def __init__(self) -> None:
        super().__init__(token=TOKEN, bot_username="qa_test_bot")
        self.arrivals: list[tuple[float, JSON]] = []

    async def _api_sendmessage(self, params: JSON) -> JSON:
        result = await super()._api_sendmessage(params)
        self.arrivals.append((time.monotonic(), params))
        return result


@dataclass
class Run:
    """Questions injected (message, time) and the outcome."""

    asked: list[tuple[JSON, float]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    duplicated: int = 0


def inject(server: TimedAPI, run: Run, users: int, groups: int, rounds: range) -> None:
    """Each private user and each group asks one question per round, interleaved."""
    pool = questions()
    for r in rounds:
        for u in range(users):
            msg = server.send_text(pool[(u + r) % len(pool)], user_id=10_000 + u)
            run.asked.append((msg, time.monotonic()))
        for g in range(groups):
            text = f"/ask {pool[(g * 7 + r) % len(pool)]}"
            msg = server.send_text(text, chat_id=-5000 - g, chat_type="group", user_id=20_000 + r)
            run.asked.append((msg, time.monotonic()))


def account(server: TimedAPI, run: Run) -> None:
    """Match answers to questions: groups by reply id, private chats in order (FIFO updates)."""
    answers: dict[int, list[tuple[float, JSON]]] = {}
    for at, params in server.arrivals:
        answers.setdefault(int(params["chat_id"]), []).append((at, params))
    per_chat: dict[int, list[tuple[JSON, float]]] = {}
    for msg, at in run.asked:
        per_chat.setdefault(msg["chat"]["id"], []).append((msg, at))
    for chat, asked in per_chat.items():
        got = answers.get(chat, [])
        run.duplicated += max(0, len(got) - len(asked))
        for n, (msg, at) in enumerate(asked):
            if chat < 0:
                hits = [a for a, p in got if quoted(p) == msg["message_id"]]
                run.duplicated += max(0, len(hits) - 1)
                arrived = hits[0] if hits else None
            else:
                arrived = got[n][0] if n < len(got) else None
            if arrived is None:
                run.lost += 1
            else:
                run.latencies.append((arrived - at) * 1000)


async def settle(server: TimedAPI, count: int, idle: float = 15.0) -> None:
    """Wait until count answers arrived (or none for idle s), then a little longer."""
    last, seen = time.monotonic(), len(server.arrivals)
    while len(server.arrivals) < count and time.monotonic() - last < idle:
        await asyncio.sleep(0.05)
        if len(server.arrivals) != seen:
            last, seen = time.monotonic(), len(server.arrivals)
    await asyncio.sleep(1.0)


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if values else 0.0


async def load_run(args: argparse.Namespace) -> tuple[Run, float]:
    """Everyone asks at once; returns the run and the wall time until the last answer."""
    async with TimedAPI() as server, running_bot(server, None, fast=False, questions_per_minute=0):
        run, started = Run(), time.monotonic()
        inject(server, run, args.users, args.groups, range(args.per_chat))
        await settle(server, len(run.asked))
        wall = (server.arrivals[-1][0] if server.arrivals else time.monotonic()) - started
        account(server, run)
    return run, wall


async def paced_run(args: argparse.Namespace) -> tuple[Run, float]:
    """The same questions at a steady rate under Telegram's 30 messages/s: answer latency."""
    async with TimedAPI() as server, running_bot(server, None, fast=False, questions_per_minute=0):
        run, started = Run(), time.monotonic()
        pause = (args.users + args.groups) / args.rate
        for r in range(args.per_chat):
            inject(server, run, args.users, args.groups, range(r, r + 1))
            await asyncio.sleep(pause)
        await settle(server, len(run.asked))
        wall = (server.arrivals[-1][0] if server.arrivals else time.monotonic()) - started
        account(server, run)
    return run, wall


async def fault_run(args: argparse.Namespace) -> tuple[Run, float, float, int]:
    """Half the questions, an outage while the rest arrive, then recovery."""
    async with TimedAPI() as server, running_bot(server, None, fast=False, questions_per_minute=0):
        run, half = Run(), args.per_chat // 2
        inject(server, run, args.users, args.groups, range(half))
        while len(server.arrivals) < len(run.asked) // 2:
            await asyncio.sleep(0.01)
        await server.go_away()
        inject(server, run, args.users, args.groups, range(half, args.per_chat))
        await asyncio.sleep(args.outage)
        await server.come_back()
        back = time.monotonic()
        await settle(server, len(run.asked))
        first = min((at for at, _ in server.arrivals if at >= back), default=float("nan"))
        wall = (server.arrivals[-1][0] if server.arrivals else back) - run.asked[0][1]
        account(server, run)
        sent_failed = len(server.sent(include_failed=True)) - len(server.sent())
    return run, wall, first - back, sent_failed


def row(name: str, run: Run, wall: float, extra: str = "") -> str:
    n, lat = len(run.asked), run.latencies
    return (
        f"| {name} | {n} | {n - run.lost} | {run.lost} | {run.duplicated} | "
        f"{pct(lat, 50):.0f} | {pct(lat, 95):.0f} | {pct(lat, 99):.0f} | {wall:.1f} | "
        f"{(n - run.lost) / wall:.1f} | {extra} |"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--groups", type=int, default=5)
    parser.add_argument("--per-chat", type=int, default=20)
    parser.add_argument("--outage", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=25.0, help="questions/s of the paced run")
    args = parser.parse_args()
    logging.getLogger().setLevel(logging.ERROR)  # bot.py logs every question at INFO
    load, wall = await load_run(args)
    paced, paced_wall = await paced_run(args)
    fault, fault_wall, recovery, failed = await fault_run(args)
    print(
        f"{args.users} private users + {args.groups} groups x {args.per_chat} questions; "
        "latency = inject -> sendMessage received by the fake Bot API\n"
    )
    print(
        "| run | asked | answered | lost | duplicated | p50 ms | p95 ms | p99 ms "
        "| wall s | q/s | notes |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(row("burst", load, wall, "all at once: queued behind the 30 messages/s limit"))
    print(row("paced", paced, paced_wall, f"{args.rate:.0f} questions/s, in rounds"))
    note = (
        f"outage {args.outage:.0f} s; first answer {recovery:.1f} s after the server returned"
        + (f"; {failed} sendMessage answered with an error" if failed else "")
    )
    print(row("outage", fault, fault_wall, note))


if __name__ == "__main__":
    asyncio.run(main())
