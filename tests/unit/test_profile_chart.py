"""The profile picture: the streak calendar grid, and PNG rendering of hostile or empty data."""

from __future__ import annotations

import struct
from datetime import date, timedelta

from bot.charts import (
    FROZEN,
    FUTURE,
    NO_DAY,
    STUDIED,
    ProfileData,
    _profile_png,
    calendar_grid,
    profile_picture,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WEDNESDAY = date(2026, 3, 18)  # weekday() == 2
# with 26 weeks ending in WEDNESDAY's week, the first column starts on this Monday
FIRST_MONDAY = date(2025, 9, 22)


def _png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    assert png[12:16] == b"IHDR"  # the first chunk, right after the 8-byte signature and length
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _profile(
    name: str = "Ada",
    studied: frozenset[date] = frozenset(),
    frozen: frozenset[date] = frozenset(),
    xp_by_day: tuple[tuple[date, int], ...] = (),
) -> ProfileData:
    return ProfileData(
        name=name,
        level="Data Practitioner",
        xp=sum(amount for _, amount in xp_by_day),
        streak=len(studied),
        today=WEDNESDAY,
        studied=studied,
        frozen=frozen,
        xp_by_day=xp_by_day,
    )


def _cells(grid: list[list[int]], value: int) -> list[tuple[int, int]]:
    return [
        (row, column)
        for row, cells in enumerate(grid)
        for column, cell in enumerate(cells)
        if cell == value
    ]


# --- calendar_grid -------------------------------------------------------------------------


def test_grid_is_seven_weekday_rows_of_one_column_per_week() -> None:
    grid = calendar_grid(WEDNESDAY, frozenset(), frozenset())
    assert len(grid) == 7
    assert all(len(row) == 26 for row in grid)
    assert len(calendar_grid(WEDNESDAY, frozenset(), frozenset(), weeks=4)[0]) == 4


def test_today_is_in_the_last_column_at_its_weekday_row() -> None:
    grid = calendar_grid(WEDNESDAY, frozenset({WEDNESDAY}), frozenset())
    assert _cells(grid, STUDIED) == [(2, 25)]
    sunday = date(2026, 3, 22)
    assert _cells(calendar_grid(sunday, frozenset({sunday}), frozenset()), STUDIED) == [(6, 25)]


def test_a_day_three_days_ago_lands_in_its_weekday_row_of_the_right_week() -> None:
    # three days before Wednesday 18 March is Sunday 15 March: bottom row, previous week
    three_days_ago = WEDNESDAY - timedelta(days=3)
    grid = calendar_grid(WEDNESDAY, frozenset({three_days_ago}), frozenset())
    assert _cells(grid, STUDIED) == [(6, 24)]
    # three days before Friday 20 March is Tuesday 17 March: same week, second row
    friday = date(2026, 3, 20)
    grid = calendar_grid(friday, frozenset({friday - timedelta(days=3)}), frozenset())
    assert _cells(grid, STUDIED) == [(1, 25)]


def test_days_after_today_are_future_and_no_others() -> None:
    grid = calendar_grid(WEDNESDAY, frozenset(), frozenset())
    assert _cells(grid, FUTURE) == [(3, 25), (4, 25), (5, 25), (6, 25)]
    assert grid[2][25] == NO_DAY
    # a study day after today is still drawn as the future
    tomorrow = WEDNESDAY + timedelta(days=1)
    assert calendar_grid(WEDNESDAY, frozenset({tomorrow}), frozenset())[3][25] == FUTURE
    sunday = date(2026, 3, 22)
    assert _cells(calendar_grid(sunday, frozenset(), frozenset()), FUTURE) == []


def test_days_older_than_the_grid_are_left_out() -> None:
    day_before = FIRST_MONDAY - timedelta(days=1)
    long_ago = WEDNESDAY - timedelta(days=400)
    studied = frozenset({day_before, FIRST_MONDAY, long_ago})
    grid = calendar_grid(WEDNESDAY, studied, frozenset({day_before}))
    assert _cells(grid, STUDIED) == [(0, 0)]  # only the first Monday is in the grid
    assert _cells(grid, FROZEN) == []


def test_frozen_days_are_marked_and_studied_wins_over_frozen() -> None:
    monday = date(2026, 3, 16)
    tuesday = date(2026, 3, 17)
    grid = calendar_grid(WEDNESDAY, frozenset({tuesday}), frozenset({monday, tuesday}))
    assert _cells(grid, FROZEN) == [(0, 25)]
    assert _cells(grid, STUDIED) == [(1, 25)]


def test_every_day_in_range_is_marked() -> None:
    every_day = frozenset(WEDNESDAY - timedelta(days=offset) for offset in range(400))
    grid = calendar_grid(WEDNESDAY, every_day, frozenset())
    assert len(_cells(grid, STUDIED)) == 25 * 7 + 3  # 25 full weeks plus Mon..Wed
    assert _cells(grid, NO_DAY) == []


# --- rendering -----------------------------------------------------------------------------


def test_a_busy_member_renders_a_png_of_the_chosen_size() -> None:
    studied = frozenset(WEDNESDAY - timedelta(days=offset) for offset in range(400))
    frozen = frozenset({WEDNESDAY - timedelta(days=500)})
    xp = tuple((WEDNESDAY - timedelta(days=999 - offset), 10) for offset in range(1000))
    png = _profile_png(_profile(studied=studied, frozen=frozen, xp_by_day=xp))
    assert _png_size(png) == (800, 450)


def test_an_empty_member_renders() -> None:
    assert _png_size(_profile_png(_profile())) == (800, 450)


def test_a_single_xp_day_renders() -> None:
    png = _profile_png(_profile(studied=frozenset({WEDNESDAY}), xp_by_day=((WEDNESDAY, 15),)))
    assert _png_size(png) == (800, 450)


def test_names_are_drawn_as_plain_text() -> None:
    # the second name is broken mathtext: matplotlib raises if it ever parses it as math
    for name in ("$x^2$ @everyone <@123>", r"$x^$ and $\notacommand$", "\\$", "$"):
        assert _png_size(_profile_png(_profile(name=name))) == (800, 450)


async def test_profile_picture_renders_off_the_event_loop() -> None:
    png = await profile_picture(_profile(xp_by_day=((WEDNESDAY, 5),)))
    assert _png_size(png) == (800, 450)
