"""The per-user sliding-window question limit."""

from __future__ import annotations

import tracemalloc

import pytest

from qabot.ratelimit import MAX_KEYS, RateLimiter, Verdict


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


def test_slow_down_once_per_window_then_drop_silently() -> None:
    limiter = RateLimiter(2, window=60.0)
    verdicts = [limiter.check(1, t) for t in (0.0, 1.0, 2.0, 3.0, 4.0, 60.0, 61.5, 62.0)]
    assert verdicts == [
        Verdict.ALLOW,
        Verdict.ALLOW,
        Verdict.WARN,  # the first refusal is explained
        Verdict.DROP,  # later ones cost nothing
        Verdict.DROP,
        Verdict.ALLOW,  # 0.0 has left the window
        Verdict.ALLOW,  # so has 1.0
        Verdict.WARN,  # a new window, a new notice
    ]


def test_idle_users_are_forgotten() -> None:
    limiter = RateLimiter(5, window=60.0, max_keys=100_000)
    for user in range(100_000):
        limiter.allow(user, user * 0.001)  # 100,000 users within 100 s
    assert len(limiter) <= 60_001  # only those seen in the last window
    limiter.allow(-1, 1000.0)
    assert len(limiter) == 1


def test_many_users_at_once_take_little_memory() -> None:
    tracemalloc.start()
    limiter = RateLimiter(10)
    for user in range(2 * MAX_KEYS):  # all within one window: none is idle yet
        limiter.allow(user, 0.0)
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(limiter) == MAX_KEYS and size < 5_000_000


def test_memory_is_bounded_even_within_one_window() -> None:
    limiter = RateLimiter(5, window=60.0, max_keys=1000)
    for user in range(5000):
        assert limiter.allow(user, 1.0)
    assert len(limiter) == 1000
    assert [limiter.allow(4999, 2.0) for _ in range(5)] == [True] * 4 + [False]
