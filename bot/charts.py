"""Pictures for replies, drawn with matplotlib's Agg backend off the event loop."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate


def _checkins_png(days: Sequence[date], counts: Sequence[int], title: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # a Figure needs no global pyplot state
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(8, 3), dpi=100)
    axes = figure.add_subplot()
    axes.bar([d.strftime("%d %b") for d in days], counts, color="#2e86c1")
    axes.set_title(title)
    axes.set_ylabel("check-ins")
    axes.tick_params(axis="x", labelrotation=90, labelsize=7)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


async def checkins_per_day(days: Sequence[date], counts: Sequence[int], title: str) -> bytes:
    """A bar chart as PNG bytes; rendering runs in a worker thread, never on the event loop."""
    return await asyncio.to_thread(_checkins_png, list(days), list(counts), title)


@dataclass(frozen=True, slots=True)
class ProfileData:
    """What a member's profile picture shows; every field is plain data, nothing is fetched."""

    name: str  # member display name: user text, drawn literally
    level: str  # e.g. "Data Practitioner"
    xp: int
    streak: int  # current streak in days
    today: date  # the member's current study day: the last cell of the heatmap
    studied: frozenset[date]  # study days credited by a check-in or a moderator restore
    frozen: frozenset[date]  # days a streak freeze covered
    xp_by_day: tuple[tuple[date, int], ...]  # XP earned per study day, ascending dates


NO_DAY, STUDIED, FROZEN, FUTURE = 0, 1, 2, -1
_CALENDAR_COLOURS = ("#ffffff", "#ebedf0", "#2da44e", "#a5d8ff")  # future, none, studied, frozen
_WEEKDAY_LABELS = {0: "Mon", 2: "Wed", 4: "Fri"}


def calendar_grid(
    today: date, studied: AbstractSet[date], frozen: AbstractSet[date], weeks: int = 26
) -> list[list[int]]:
    """The streak heatmap as 7 rows (Mon..Sun) of ``weeks`` columns (oldest..newest week).

    The last column is the week holding ``today``; a cell is STUDIED, FROZEN, NO_DAY, or FUTURE
    for days after ``today``. A day both studied and frozen shows as studied.
    """
    first = _grid_start(today, weeks)
    grid: list[list[int]] = []
    for row in range(7):
        cells: list[int] = []
        for column in range(weeks):
            day = first + timedelta(days=7 * column + row)
            if day > today:
                cells.append(FUTURE)
            elif day in studied:
                cells.append(STUDIED)
            elif day in frozen:
                cells.append(FROZEN)
            else:
                cells.append(NO_DAY)
        grid.append(cells)
    return grid


def _grid_start(today: date, weeks: int) -> date:
    """The Monday of the oldest column: ``weeks - 1`` weeks before the Monday of today's week."""
    return today - timedelta(days=today.weekday() + 7 * (weeks - 1))


def _plain(text: str) -> str:
    """User text for a matplotlib Text: every '$' escaped, so mathtext never parses it."""
    return text.replace("$", r"\$")


def _profile_png(data: ProfileData) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import dates as mdates
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure  # a Figure needs no global pyplot state
    from matplotlib.ticker import MaxNLocator

    weeks = 26
    figure = Figure(figsize=(8, 4.5), dpi=100)
    grid_spec = figure.add_gridspec(2, 1, height_ratios=(1.15, 1), hspace=0.35)
    figure.subplots_adjust(left=0.09, right=0.97, top=0.88, bottom=0.09)

    # top: the streak calendar, one cell per day, drawn as a mesh with white gaps between cells
    calendar = figure.add_subplot(grid_spec[0])
    grid = calendar_grid(data.today, data.studied, data.frozen, weeks)
    shifted = [[value + 1 for value in row] for row in grid]  # FUTURE..FROZEN -> colour 0..3
    calendar.pcolormesh(
        shifted,
        cmap=ListedColormap(_CALENDAR_COLOURS),
        vmin=-0.5,
        vmax=len(_CALENDAR_COLOURS) - 0.5,
        edgecolors="white",
        linewidth=2,
    )
    calendar.set_xlim(0, weeks)
    calendar.set_ylim(7, 0)  # Monday on top
    calendar.set_aspect("equal")
    calendar.set_yticks([row + 0.5 for row in _WEEKDAY_LABELS], list(_WEEKDAY_LABELS.values()))
    first = _grid_start(data.today, weeks)
    month_columns: list[float] = []
    month_labels: list[str] = []
    previous_month = None
    for column in range(weeks):
        monday = first + timedelta(days=7 * column)
        if monday.month != previous_month:
            if column < weeks - 1 or not month_columns:  # no label squeezed into the last column
                month_columns.append(column)
                month_labels.append(monday.strftime("%b"))
            previous_month = monday.month
    if len(month_columns) > 1 and month_columns[1] - month_columns[0] < 2:
        del month_columns[0], month_labels[0]  # a partial first month would overlap the next
    calendar.set_xticks(month_columns, month_labels, ha="left")
    calendar.xaxis.tick_top()
    calendar.tick_params(length=0, labelsize=8)
    for spine in calendar.spines.values():
        spine.set_visible(False)
    days = "day" if data.streak == 1 else "days"
    title = (
        f"{_plain(data.name)} · {_plain(data.level)} · {data.xp} XP · streak {data.streak} {days}"
    )
    figure.suptitle(title, fontsize=12, usetex=False)

    # bottom: cumulative XP as a step line
    progress = figure.add_subplot(grid_spec[1])
    if any(amount for _, amount in data.xp_by_day):
        dated = [day for day, _ in data.xp_by_day]
        totals = list(accumulate(amount for _, amount in data.xp_by_day))
        if dated[-1] < data.today:  # the line runs on to today at the latest total
            dated, totals = [*dated, data.today], [*totals, totals[-1]]
        days = mdates.date2num(dated)  # type: ignore[no-untyped-call]
        progress.step(days, totals, where="post", color="#2da44e", linewidth=1.5)
        progress.fill_between(days, totals, step="post", color="#2da44e", alpha=0.15)
        # at least four weeks wide, so a new member's first days are not one lonely point
        first = min(dated[0], data.today - timedelta(days=27))
        left, right = mdates.date2num([first, data.today + timedelta(days=1)])  # type: ignore[no-untyped-call]
        progress.set_xlim(left, right)
        locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
        progress.xaxis.set_major_locator(locator)
        concise = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
        progress.xaxis.set_major_formatter(concise)
        progress.yaxis.set_major_locator(MaxNLocator(integer=True))
        progress.set_ylabel("XP")
        progress.tick_params(labelsize=8)
        progress.grid(axis="y", alpha=0.3)
    else:
        progress.text(0.5, 0.5, "No XP yet", ha="center", va="center", fontsize=12, color="grey")
        progress.set_axis_off()

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


async def profile_picture(data: ProfileData) -> bytes:
    """A member's profile card as PNG bytes; rendering runs in a worker thread."""
    return await asyncio.to_thread(_profile_png, data)


async def warm_up() -> None:
    """Load matplotlib and its fonts in a worker thread, so the first real picture is quick."""
    await profile_picture(
        ProfileData("warm-up", "-", 0, 0, date(2026, 1, 1), frozenset(), frozenset(), ())
    )
