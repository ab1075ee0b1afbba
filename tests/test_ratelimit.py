"""The per-user sliding-window question limit."""

from __future__ import annotations

import pytest

from qabot.ratelimit import RateLimiter


def test_allows_up_to_the_limit_then_refuses() -> None:
    limiter = RateLimiter(3)
    assert [limiter.allow(1, t) for t in (0.0, 1.0, 2.0, 3.0)] == [True, True, True, False]


def test_window_slides() -> None:
    limiter = RateLimiter(2)
    assert limiter.allow(1, 0.0) and limiter.allow(1, 30.0)
    assert not limiter.allow(1, 59.9)
    assert limiter.allow(1, 60.0)  # the question at 0.0 has left the window
    assert not limiter.allow(1, 61.0)  # 30.0 and 60.0 are still in it


def test_users_are_counted_separately() -> None:
    limiter = RateLimiter(1)
    assert limiter.allow(1, 0.0)
    assert limiter.allow(2, 0.0)
    assert not limiter.allow(1, 1.0)


def test_refused_questions_do_not_count() -> None:
    limiter = RateLimiter(1)
    assert limiter.allow(1, 0.0)
    assert not limiter.allow(1, 50.0)
    assert limiter.allow(1, 60.0)


def test_zero_means_no_limit() -> None:
    limiter = RateLimiter(0)
    assert all(limiter.allow(1, 0.0) for _ in range(1000))


def test_negative_limit_is_rejected() -> None:
    with pytest.raises(ValueError, match="per_minute"):
        RateLimiter(-1)
