"""Pictures for replies, drawn with matplotlib off the event loop.

Every picture is a ``matplotlib.figure.Figure`` on its own Agg canvas: no pyplot, no global
backend switch. Rendering is CPU work that holds the GIL nearly all the time; in a thread of
this process it would take the GIL from the event loop again and again, and on a busy machine
every hand-over waits for the OS to schedule both threads (a 10 ms timer on the loop was seen
waking 160-240 ms late while five pictures were drawn in a thread, with two CPU-bound processes
beside it on two cores). So pictures are drawn in one worker process (``_render``, started on
first use with ``spawn``: no fork of a process that runs threads), one after another; the event
loop only waits on a pipe. ``ProfilePictures`` keeps the latest PNG per member and draws again
only when what the picture shows has changed.
"""

from __future__ import annotations

import asyncio
import functools
import io
import multiprocessing
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from bot.domain.wording import plural

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# zlib level of the PNGs: 1 is several times faster than Pillow's default 6 for these flat
# pictures, for a few kB more.
PNG_COMPRESS_LEVEL = 1

_executor: ProcessPoolExecutor | None = None
_executor_lock = threading.Lock()


def _pictures_process() -> ProcessPoolExecutor:
    """The one process pictures are drawn in (started on first use, never at import)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
        return _executor


def _forget(broken: ProcessPoolExecutor) -> None:
    global _executor
    with _executor_lock:
        if _executor is broken:
            _executor = None


async def _render(draw: Callable[..., bytes], *args: Any) -> bytes:
    """``draw(*args)`` in the picture process; the event loop waits without blocking. A dead
    worker (killed, out of memory) fails this picture, and the next one starts a new worker."""
    loop = asyncio.get_running_loop()
    executor = _pictures_process()
    try:
        return await loop.run_in_executor(executor, functools.partial(draw, *args))
    except BrokenProcessPool:
        _forget(executor)
        raise


def _figure(width: float, height: float) -> Figure:
    """A figure on its own Agg canvas (the object-oriented API: no pyplot state is touched)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL})
    return buffer.getvalue()


def _checkins_png(days: Sequence[date], counts: Sequence[int], title: str) -> bytes:
    from matplotlib.ticker import MaxNLocator

    figure = _figure(8, 3)
    axes = figure.add_subplot()
    axes.bar([d.strftime("%d %b") for d in days], counts, color="#2e86c1")
    axes.set_title(title)
    axes.set_ylabel("check-ins")
    axes.tick_params(axis="x", labelrotation=90, labelsize=7)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    figure.tight_layout()
    return _png(figure)


async def checkins_per_day(days: Sequence[date], counts: Sequence[int], title: str) -> bytes:
    """A bar chart as PNG bytes; drawn in the picture process, never on the event loop."""
    return await _render(_checkins_png, list(days), list(counts), title)


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
    first_day: date | None = None  # the member's first study day: where the XP axis starts


NO_DAY, STUDIED, FROZEN, FUTURE = 0, 1, 2, -1
CALENDAR_WEEKS = 26  # the streak calendar: the last 26 weeks, this one included
_CALENDAR_COLOURS = ("#ffffff", "#ebedf0", "#2da44e", "#a5d8ff")  # future, none, studied, frozen
# The calendar's legend: a repair (/streak repair) is drawn like a freeze, both keep a streak.
CALENDAR_LEGEND = (
    ("studied", _CALENDAR_COLOURS[STUDIED + 1]),
    ("freeze or repair", _CALENDAR_COLOURS[FROZEN + 1]),
    ("no check-in", _CALENDAR_COLOURS[NO_DAY + 1]),
)
_WEEKDAY_LABELS = {0: "Mon", 2: "Wed", 4: "Fri"}


def calendar_grid(
    today: date, studied: AbstractSet[date], frozen: AbstractSet[date], weeks: int = CALENDAR_WEEKS
) -> list[list[int]]:
    """The streak heatmap as 7 rows (Mon..Sun) of ``weeks`` columns (oldest..newest week).

    The last column is the week holding ``today``; a cell is STUDIED, FROZEN, NO_DAY, or FUTURE
    for days after ``today``. A day both studied and frozen shows as studied.
    """
    first = calendar_start(today, weeks)
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


def calendar_start(today: date, weeks: int = CALENDAR_WEEKS) -> date:
    """The Monday of the oldest column: ``weeks - 1`` weeks before the Monday of today's week."""
    return today - timedelta(days=today.weekday() + 7 * (weeks - 1))


def _plain(text: str) -> str:
    """User text for a matplotlib Text: every '$' escaped, so mathtext never parses it."""
    return text.replace("$", r"\$")


def _profile_png(data: ProfileData) -> bytes:
    return _png(profile_figure(data))


def xp_axis_start(data: ProfileData) -> date:
    """The XP axis starts at the member's first day (or their first XP, if earlier)."""
    first_xp = data.xp_by_day[0][0] if data.xp_by_day else data.today
    return min(data.first_day or first_xp, first_xp)


def profile_figure(data: ProfileData) -> Figure:
    """The profile card: the streak calendar with its legend on top, cumulative XP below."""
    from matplotlib import dates as mdates
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    weeks = CALENDAR_WEEKS
    figure = _figure(8, 4.5)
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
    first = calendar_start(data.today, weeks)
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
    calendar.legend(
        handles=[
            Patch(facecolor=colour, edgecolor="#999999", linewidth=0.5, label=label)
            for label, colour in CALENDAR_LEGEND
        ],
        loc="upper right",
        bbox_to_anchor=(1.0, 0.0),
        ncols=len(CALENDAR_LEGEND),
        fontsize=7,
        frameon=False,
        handlelength=1.0,
        borderaxespad=0.2,
    )
    title = (
        f"{_plain(data.name)} · {_plain(data.level)} · {data.xp} XP · "
        f"streak {plural(data.streak, 'day')}"
    )
    figure.suptitle(title, fontsize=12, usetex=False)

    # bottom: cumulative XP as a step line
    progress = figure.add_subplot(grid_spec[1])
    if any(amount for _, amount in data.xp_by_day):
        dated = [day for day, _ in data.xp_by_day]
        totals = list(accumulate(amount for _, amount in data.xp_by_day))
        first = xp_axis_start(data)
        last = data.today + timedelta(days=1)
        # the line runs on through today at the latest total (a first day's XP shows too)
        dated, totals = [*dated, last], [*totals, totals[-1]]
        days = mdates.date2num(dated)  # type: ignore[no-untyped-call]
        progress.step(days, totals, where="post", color="#2da44e", linewidth=1.5)
        progress.fill_between(days, totals, step="post", color="#2da44e", alpha=0.15)
        left, right = mdates.date2num([first, last])  # type: ignore[no-untyped-call]
        progress.set_xlim(left, right)
        if (last - first).days <= 14:  # a new member's first days: one tick a day or two
            every = mdates.DayLocator(interval=max(1, (last - first).days // 7))  # type: ignore[no-untyped-call]
            progress.xaxis.set_major_locator(every)
            progress.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
        else:
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
    return figure


async def profile_picture(data: ProfileData) -> bytes:
    """A member's profile card as PNG bytes, drawn in the picture process."""
    return await _render(_profile_png, data)


class ProfilePictures:
    """The latest profile picture of each member, reused while what it shows is the same.

    The key is the member and the picture's data: the study day (``ProfileData.today``) and
    every value drawn. A check-in, new XP, a new level or name, or a new study day makes the
    data differ, so the picture is drawn again; asking twice with the same data returns the
    same bytes without drawing. At most ``size`` members are kept, least recently shown first
    out (a profile PNG is about 30 kB).
    """

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._pictures: OrderedDict[int, tuple[ProfileData, bytes]] = OrderedDict()
        self.renders = 0  # pictures drawn (not taken from the cache), for tests and benches

    async def get(self, member_id: int, data: ProfileData) -> bytes:
        kept = self._pictures.get(member_id)
        if kept is not None and kept[0] == data:
            self._pictures.move_to_end(member_id)
            return kept[1]
        png = await profile_picture(data)
        self.renders += 1
        self._pictures[member_id] = (data, png)
        self._pictures.move_to_end(member_id)
        while len(self._pictures) > self._size:
            self._pictures.popitem(last=False)
        return png

    def clear(self) -> None:
        self._pictures.clear()


async def warm_up() -> None:
    """Start the picture process and load matplotlib and its fonts there, so the first real
    picture is quick."""
    await profile_picture(
        ProfileData("warm-up", "-", 0, 0, date(2026, 1, 1), frozenset(), frozenset(), ())
    )
