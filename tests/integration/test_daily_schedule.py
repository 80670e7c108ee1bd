"""The daily post through the real services and database, stepped like the console steps time.

A year of study days for communities whose post times fall into DST gaps and folds (all of
2026 on SQLite; every zone together through the weeks of the 2026 DST changes on SQLite and
Postgres), the catch-up window after downtime, and pause/resume.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from bot.bootstrap import App, build
from bot.clock import ManualClock
from bot.config import Settings
from bot.content.catalog import Catalog
from bot.domain.schedule import PostClock, latest_due, post_instant
from bot.domain.timeutil import human_date
from bot.replies import Reply
from bot.services.daily import CATCH_UP
from tests.helpers import console_actor

START = date(2026, 1, 1)
YEAR = [START + timedelta(days=n) for n in range(365)]


@dataclass(frozen=True)
class Group:
    name: str
    timezone: str
    post_time: str
    day_start: str

    @property
    def clock(self) -> PostClock:
        return PostClock(
            self.timezone, time.fromisoformat(self.post_time), time.fromisoformat(self.day_start)
        )


GROUPS = [
    Group("newyork", "America/New_York", "01:30", "00:00"),  # fold on 1 Nov
    Group("early", "America/New_York", "02:00", "04:00"),  # gap on 8 Mar, next calendar date
    Group("london", "Europe/London", "01:30", "23:30"),  # gap on 29 Mar, fold on 25 Oct
    Group("lordhowe", "Australia/Lord_Howe", "02:15", "00:00"),  # 30-minute gap on 4 Oct
    Group("kathmandu", "Asia/Kathmandu", "00:15", "23:30"),  # +5:45, next calendar date
]


@dataclass(frozen=True)
class Sent:
    community: str
    channel: str
    reply: Reply
    at: datetime

    @property
    def title(self) -> str:
        return self.reply.title or ""


class Recorder:
    """A console publisher that keeps each post with the community and the clock's time."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.sent: list[Sent] = []

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        self.sent.append(Sent(community_id, channel_id, reply, self.clock.now()))
        return str(len(self.sent))

    async def dm(self, community_id: str, user_id: str, reply: Reply) -> str:
        return await self.post(community_id, f"dm:{user_id}", reply)

    async def channel_exists(self, community_id: str, channel_id: str) -> bool:
        return channel_id != "missing"

    def of(self, community: str, prefix: str = "") -> list[Sent]:
        return [s for s in self.sent if s.community == community and s.title.startswith(prefix)]


def long_catalog(catalog: Catalog, days: int = 420) -> Catalog:
    """The shipped catalog with each roadmap day repeated, renumbered, to last over a year."""
    shipped = catalog.roadmap.days
    repeat = -(-days // len(shipped))
    stretched = [
        day.model_copy(update={"day": n})
        for n, day in enumerate((d for d in shipped for _ in range(repeat)), 1)
    ]
    return dataclasses.replace(
        catalog, roadmap=catalog.roadmap.model_copy(update={"days": stretched})
    )


def manual(app: App) -> ManualClock:
    assert isinstance(app.clock, ManualClock)
    return app.clock


async def setup(app: App, group: Group, start: date = START) -> None:
    mod = console_actor("mod", community=group.name)  # the first member is a moderator
    reply = await app.dispatcher.text(
        mod,
        f"/admin setup #{group.name} {group.post_time} {group.timezone} {group.day_start} "
        f"{start.isoformat()}",
    )
    assert reply.title == "Study group set up", reply.text


async def move_clock(app: App, target: datetime) -> None:
    """What the console's ``:now`` does: run every due instant up to ``target``, in order."""
    clock = manual(app)
    while (due := await app.services.daily.next_instant(clock.now())) is not None and due <= target:
        clock.set(max(due, clock.now()))
        await app.services.daily.run_due()
        await app.services.delivery.drain()
    clock.set(target)
    await app.services.daily.run_due()
    await app.services.delivery.drain()


Window = tuple[datetime, datetime]


async def run_year(
    url: str,
    catalog: Catalog,
    groups: list[Group],
    windows: Callable[[list[Group]], list[Window]],
    caplog: pytest.LogCaptureFixture,
) -> Recorder:
    """Set the groups up before 2026, run the clock through each window, check every post."""
    clock = ManualClock(datetime(2025, 12, 31, 12, 0, tzinfo=UTC))
    app = build(Settings(database_url=url), clock=clock, catalog=long_catalog(catalog))
    recorder = Recorder(clock)
    app.publishers.register("console", recorder)
    caplog.set_level(logging.WARNING, logger="mlpath.daily")
    try:
        for group in groups:
            await setup(app, group)
        spans = windows(groups)
        assert all(a[1] < b[0] for a, b in pairwise(spans)) and clock.now() <= spans[0][0]
        for start, end in spans:
            clock.set(start)  # down until the window starts (nothing is due late there)
            await move_clock(app, end)
        skipped = {
            (r.args[0], r.args[1])  # type: ignore[index]
            for r in caplog.records
            if r.msg.startswith("skipped the post")
        }

        for group in groups:
            expected = [
                (day, instant)
                for day in [START + timedelta(days=n) for n in range(400)]
                for instant in [post_instant(group.clock, day)]
                if any(start < instant <= end for start, end in spans)
            ]
            assert expected and not {(group.name, day) for day, _ in expected} & skipped
            daily = recorder.of(group.name, "Day ")
            assert [(s.title.split(" · ")[0], s.at) for s in daily] == [
                (f"Day {(day - START).days + 1}", instant) for day, instant in expected
            ], group.name
            challenges = recorder.of(group.name, "Daily challenge")
            assert [(s.title, s.at) for s in challenges] == [
                (f"Daily challenge · {human_date(day)}", instant) for day, instant in expected
            ], group.name
            weekly = recorder.of(group.name, "Weekly check-in")
            assert len(weekly) == sum(day.weekday() == 0 and day > START for day, _ in expected)
            assert {s.channel for s in recorder.of(group.name)} == {group.name}
            assert max(Counter(s.title for s in recorder.of(group.name)).values()) == 1

        # running again at the end queues nothing new: every day went out exactly once
        before = len(recorder.sent)
        await app.services.daily.run_due()
        await app.services.delivery.drain()
        assert len(recorder.sent) == before
    finally:
        await app.aclose()
    return recorder


def whole_year(groups: list[Group]) -> list[Window]:
    end = max(post_instant(g.clock, YEAR[-1]) for g in groups)
    return [(datetime(2025, 12, 31, 12, 0, tzinfo=UTC), end)]


# The 2026 DST changes of the zones above (New York, London, Lord Howe), both directions.
DST_DAYS = [
    date(2026, 3, 8),
    date(2026, 3, 29),
    date(2026, 4, 5),
    date(2026, 10, 4),
    date(2026, 10, 25),
    date(2026, 11, 1),
]


def quiet_instant(groups: list[Group], near: datetime) -> datetime:
    """The first instant from ``near`` on with no group's post due in the 6 h before it.

    Jumping the clock there (a restart after long downtime) queues nothing late, so every
    post after it goes out at its own instant.
    """
    instant = near
    while any(instant - latest_due(g.clock, instant)[1] <= CATCH_UP for g in groups):
        instant += timedelta(minutes=15)
        assert instant - near < timedelta(days=1), "no quiet hour in the day"
    return instant


def dst_weeks(groups: list[Group]) -> list[Window]:
    """From two days before to two days after each DST change."""
    return [
        (
            quiet_instant(groups, datetime.combine(d - timedelta(days=2), time(12), UTC)),
            datetime.combine(d + timedelta(days=2), time(12), UTC),
        )
        for d in DST_DAYS
    ]


# A whole year takes about 10 s per group on SQLite: the three groups whose post times fall
# into a DST gap or fold run all year; every group runs through the DST weeks together.
YEAR_GROUPS = [g for g in GROUPS if g.name in {"early", "london", "lordhowe"}]


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "year.db"
    path.write_bytes(sqlite_template.read_bytes())
    return f"sqlite+aiosqlite:///{path}"


async def test_a_year_of_daily_posts_one_per_study_day_at_its_instant(
    sqlite_url: str, catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = await run_year(sqlite_url, catalog, YEAR_GROUPS, whole_year, caplog)
    for group in YEAR_GROUPS:
        days = [s.title.split(" · ")[0] for s in recorder.of(group.name, "Day ")]
        assert days[:365] == [f"Day {n}" for n in range(1, 366)], group.name


async def test_every_zone_together_through_the_dst_weeks(
    db_url: str, catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = await run_year(db_url, catalog, GROUPS, dst_weeks, caplog)
    for group in GROUPS:  # five days (two on either side) around each of the six changes
        assert len(recorder.of(group.name, "Day ")) in range(6 * 4, 6 * 5 + 1), group.name


CATCHUP = Group("catchup", "Europe/London", "09:00", "00:00")  # winter: 09:00 London = UTC


@pytest.fixture
async def day_app(
    db_url: str, clock: ManualClock, catalog: Catalog
) -> AsyncIterator[tuple[App, Recorder]]:
    clock.set(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    app = build(Settings(database_url=db_url), clock=clock, catalog=catalog)
    recorder = Recorder(clock)
    app.publishers.register("console", recorder)
    await setup(app, CATCHUP, date(2026, 1, 5))
    yield app, recorder
    await app.aclose()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=UTC)


async def restart_at(app: App, instant: datetime) -> None:
    """The bot was down until ``instant``; on start it runs what is due once."""
    manual(app).set(instant)
    await app.services.daily.run_due()
    await app.services.delivery.drain()


def skip_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "mlpath.daily" and r.levelno == logging.WARNING
    ]


async def test_a_post_missed_by_up_to_six_hours_goes_out_late_older_ones_are_skipped(
    day_app: tuple[App, Recorder], caplog: pytest.LogCaptureFixture
) -> None:
    app, recorder = day_app
    caplog.set_level(logging.INFO)
    await restart_at(app, at(5, 14))  # 5 h after Day 1's 09:00
    assert [(s.title.split(" · ")[0], s.at) for s in recorder.of("catchup", "Day ")] == [
        ("Day 1", at(5, 14))
    ]
    assert skip_warnings(caplog) == []

    await restart_at(app, at(6, 15))  # exactly 6 h late is still in the window
    assert recorder.of("catchup", "Day ")[-1].title.startswith("Day 2 · ")

    caplog.clear()
    await restart_at(app, at(7, 16))  # 7 h after Day 3's post: skipped and logged
    assert [s.title.split(" · ")[0] for s in recorder.of("catchup", "Day ")] == ["Day 1", "Day 2"]
    (warning,) = skip_warnings(caplog)
    assert "catchup" in warning and "2026-01-07" in warning
    await restart_at(app, at(7, 23))
    await move_clock(app, at(8, 8, 59))
    assert all(not s.title.startswith("Day 3 ") for s in recorder.sent)  # never sent later
    assert not any("7 Jan" in s.title for s in recorder.sent)  # nor its challenge

    await move_clock(app, at(9, 10))  # back to normal: each post at its own time
    assert [(s.title.split(" · ")[0], s.at) for s in recorder.of("catchup", "Day ")] == [
        ("Day 1", at(5, 14)),
        ("Day 2", at(6, 15)),
        ("Day 4", at(8, 9)),
        ("Day 5", at(9, 9)),
    ]


async def test_one_second_past_the_window_is_skipped(
    day_app: tuple[App, Recorder], caplog: pytest.LogCaptureFixture
) -> None:
    app, recorder = day_app
    caplog.set_level(logging.WARNING)
    await restart_at(app, at(5, 9) + CATCH_UP + timedelta(seconds=1))
    assert recorder.sent == []
    (warning,) = skip_warnings(caplog)
    assert "catchup" in warning and "2026-01-05" in warning


async def test_every_post_skipped_during_a_long_outage_is_logged(
    day_app: tuple[App, Recorder], caplog: pytest.LogCaptureFixture
) -> None:
    app, recorder = day_app
    caplog.set_level(logging.WARNING)
    await restart_at(app, at(7, 11))  # down from before Day 1 to 2 h after Day 3
    assert [s.title.split(" · ")[0] for s in recorder.of("catchup", "Day ")] == ["Day 3"]
    warnings = skip_warnings(caplog)
    assert any("2026-01-05" in w for w in warnings) and any("2026-01-06" in w for w in warnings)


async def test_pause_stops_posts_and_reminders_resume_brings_them_back(
    day_app: tuple[App, Recorder],
) -> None:
    app, recorder = day_app
    mod, ana = console_actor("mod", "catchup"), console_actor("ana", "catchup")
    assert "18:00" in (await app.dispatcher.text(ana, "/remind on 18:00")).text
    await move_clock(app, at(6, 8))
    assert [(s.channel, s.title.split(" · ")[0], s.at) for s in recorder.sent] == [
        ("catchup", "Day 1", at(5, 9)),
        ("catchup", "Daily challenge", at(5, 9)),
        ("dm:ana", "Study reminder", at(5, 18)),
    ]

    paused = await app.dispatcher.text(mod, "/admin pause")
    assert "paused" in paused.text
    assert await app.services.daily.next_instant(manual(app).now()) is None
    await move_clock(app, at(8, 8))
    await app.services.daily.run_due_reminders()
    await app.services.delivery.drain()
    assert len(recorder.sent) == 3  # two days without posts or reminders

    resumed = await app.dispatcher.text(mod, "/admin resume")
    assert "back on" in resumed.text
    await move_clock(app, at(9, 8))
    assert [(s.channel, s.title.split(" · ")[0], s.at) for s in recorder.sent[3:]] == [
        ("catchup", "Day 4", at(8, 9)),
        ("catchup", "Daily challenge", at(8, 9)),
        ("dm:ana", "Study reminder", at(8, 18)),
    ]
    assert not any(s.title.startswith(("Day 2 ", "Day 3 ")) for s in recorder.sent)
