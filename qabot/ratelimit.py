"""A per-user sliding-window limit on questions per minute."""

from __future__ import annotations

from collections import deque

__all__ = ["RateLimiter"]


class RateLimiter:
    """Allow each user at most per_minute questions in any 60-second window (0 = no limit)."""

    def __init__(self, per_minute: int, window: float = 60.0) -> None:
        if per_minute < 0:
            raise ValueError("per_minute must be 0 (no limit) or more")
        self.per_minute = per_minute
        self.window = window
        self._seen: dict[int, deque[float]] = {}

    def allow(self, user_id: int, now: float) -> bool:
        """Record a question from user_id at now (seconds) and say whether it is allowed."""
        if self.per_minute == 0:
            return True
        times = self._seen.setdefault(user_id, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) >= self.per_minute:
            return False
        times.append(now)
        return True
