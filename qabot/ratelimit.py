"""Sliding-window request limits per key (a user or a chat) that forget idle keys."""

from __future__ import annotations

import enum
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

__all__ = ["MAX_KEYS", "Limits", "RateLimiter", "Verdict"]

MAX_KEYS = 10_000  # keys remembered at once; beyond, the longest idle is forgotten


class Verdict(enum.Enum):
    """What to do with a request: serve it, refuse it with a notice, or drop it silently."""

    ALLOW = "allow"
    WARN = "warn"  # the first refusal in a window: say "slow down" once
    DROP = "drop"  # refused again in the same window: say nothing, send nothing


class _Seen:
    """One key's recent requests; small, since there may be thousands."""

    __slots__ = ("last", "times", "warned")

    def __init__(self) -> None:
        self.times: list[float] = []  # at most per_minute entries
        self.last = 0.0
        self.warned = False


class RateLimiter:
    """Allow each key at most per_minute requests in any window of `window` seconds.

    0 means no limit. Keys idle for a whole window are forgotten (their history no longer
    matters), and at most max_keys are kept, so memory stays bounded whoever writes.
    """

    def __init__(self, per_minute: int, window: float = 60.0, max_keys: int = MAX_KEYS) -> None:
        if per_minute < 0:
            raise ValueError("per_minute must be 0 (no limit) or more")
        self.per_minute = per_minute
        self.window = window
        self.max_keys = max_keys
        self._seen: OrderedDict[Hashable, _Seen] = OrderedDict()  # least recently seen first

    def __len__(self) -> int:
        """Return how many keys are remembered."""
        return len(self._seen)

    def allow(self, key: Hashable, now: float) -> bool:
        """Record a request from key at now (seconds) and say whether it is allowed."""
        return self.check(key, now) is Verdict.ALLOW

    def check(self, key: Hashable, now: float) -> Verdict:
        """Record a request from key at now (seconds) and return what to do with it."""
        if self.per_minute == 0:
            return Verdict.ALLOW
        self._forget_idle(now)
        seen = self._seen.pop(key, None) or _Seen()
        self._seen[key] = seen  # most recently seen last
        seen.last = now
        if seen.times and seen.times[0] <= now - self.window:
            seen.times = [t for t in seen.times if t > now - self.window]
        if len(seen.times) < self.per_minute:
            seen.times.append(now)
            seen.warned = False
            return Verdict.ALLOW
        if seen.warned:
            return Verdict.DROP
        seen.warned = True
        return Verdict.WARN

    def _forget_idle(self, now: float) -> None:
        while self._seen:
            oldest = next(iter(self._seen.values()))
            if oldest.last > now - self.window and len(self._seen) < self.max_keys:
                return
            self._seen.popitem(last=False)


@dataclass
class Limits:
    """The bot's limits: requests per user, per chat, and inline queries per user."""

    users: RateLimiter
    chats: RateLimiter
    inline: RateLimiter

    @classmethod
    def of(cls, per_user: int, per_chat: int, inline_factor: int = 3) -> Limits:
        """Limits of per_user and per_chat a minute; inline queries (one per keystroke pause)
        get inline_factor times the per-user budget."""
        return cls(
            RateLimiter(per_user), RateLimiter(per_chat), RateLimiter(per_user * inline_factor)
        )

    def check(self, user_id: int | None, chat_id: int | None, now: float) -> Verdict:
        """Count a request from user_id in chat_id; the user's limit decides before the chat's."""
        verdict = self.users.check(user_id, now) if user_id is not None else Verdict.ALLOW
        if verdict is Verdict.ALLOW and chat_id is not None:
            verdict = self.chats.check(chat_id, now)
        return verdict

    def check_inline(self, user_id: int, now: float) -> Verdict:
        """Count an inline query from user_id."""
        return self.inline.check(user_id, now)
