"""Pacing to a platform's global limit (bot/platforms/pacing.py): never more than the limit
in any window as the platform counts it, however late each request lands, and no slot lost
to a late wake-up."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.platforms.pacing import SlidingWindow


async def send_all(window: SlidingWindow, count: int, lag: list[float]) -> list[float]:
    """``count`` requests, four at a time; each lands at the platform somewhere between its
    start and its end (``lag`` seconds on the way). The landing times, in loop time."""
    loop = asyncio.get_running_loop()
    landed: list[float] = []
    lags = iter(lag)

    async def one() -> None:
        async with window:
            delay = next(lags)
            await asyncio.sleep(delay * random.random())
            landed.append(loop.time())
            await asyncio.sleep(delay)

    queue = list(range(count))

    async def worker() -> None:
        while queue:
            queue.pop()
            await one()

    await asyncio.gather(*(worker() for _ in range(4)))
    return sorted(landed)


def most_in_any_window(times: list[float], period: float) -> int:
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= period:
            start += 1
        best = max(best, end - start + 1)
    return best


async def test_no_window_ever_holds_more_than_the_limit_whatever_the_lag() -> None:
    random.seed(7)
    window = SlidingWindow(50)
    lag = [random.choice([0.0, 0.001, 0.03]) for _ in range(120)]  # some wait 30 ms on the way
    landed = await send_all(window, 120, lag)
    assert len(landed) == 120
    assert most_in_any_window(landed, 1.0) <= 50


async def test_a_fraction_of_the_limit_for_one_of_several_processes() -> None:
    window = SlidingWindow(12.5)
    assert (window.limit, window.period) == (12, pytest.approx(0.96))
    landed = await send_all(window, 30, [0.0] * 30)
    assert most_in_any_window(landed, 0.96) <= 12


async def test_the_pace_stays_at_the_limit_when_requests_are_quick() -> None:
    # 20 a second for 60 requests: the window lets the first 20 go at once, then one slot a
    # period after each earlier one finished — about 2 s in all, not 3 s of one-by-one waits.
    window = SlidingWindow(20)
    loop = asyncio.get_running_loop()
    start = loop.time()
    await send_all(window, 60, [0.0] * 60)
    assert loop.time() - start < 2.5


def test_a_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        SlidingWindow(0)
