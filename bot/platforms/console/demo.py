"""``mlpath demo``: a scripted week of a study group, on a temporary SQLite file."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.config import Settings
from bot.domain.timeutil import zone
from bot.platforms.console.run import console_app
from bot.platforms.console.shell import Shell

START = "2026-01-05T08:30"
TIMEZONE = "Europe/London"

# Each line is what a person would type into `mlpath shell`; comments narrate.
SCRIPT = """
# Monday. Ana opens the study group and checks in with a note.
:as ana
/help
/checkin Day 1: vectors and dot products in NumPy
# Ana starts a portfolio project (+20 XP). Names never ping, whatever they hold.
/project add "Digit recogniser @everyone" https://github.com/ana/digits A small CNN for MNIST
# Ana tries the roadmap's first hands-on exercise: the statement and its starter code. Her
# first attempt fails a hidden test (it comes back for review, like a missed question); her
# second passes every test in the sandbox and earns the exercise's XP, once.
/exercise {exercise}
:submit {exercise} {work}/attempt1.py
:submit {exercise} {work}/attempt2.py
# Ben lives in Kathmandu (+5:45) and sets his own timezone, so his study day is his own.
:as ben
/timezone Asia/Kathmandu
/checkin "Read the linear algebra chapter"
# Ben presses check-in again: the same study day is never counted twice.
/checkin forgot to add: watched 3Blue1Brown
# Ben joins the study pairs: every Monday at the post time each pair gets one private
# introduction with an agenda from their roadmap step and a mock-interview question.
/pair join
# Ben practises: spaced repetition picks a question from the group's roadmap step.
/quiz
:press 2
# Ana runs the group (the first member is a moderator) and posts today's challenge.
:as ana
/admin post-now challenge
/pair join
:press 1
:as ben
:press 3
# A quick live round in the channel: one question, 20 seconds.
/quiz round 1 20 linear-algebra
:press 1
:as ana
:press 2
:advance 20s
:advance 1d
# Tuesday. Ana checks in; Ben forgets. At 09:00 the day's post goes out, and the challenge
# post reveals yesterday's answer.
:as ana
/checkin matrix multiplication by hand
:advance 1d
# Wednesday. Ben is back: he missed Tuesday and holds no freeze, so his streak restarts.
:as ben
/checkin
:as ana
/checkin
:advance 1d
:as ana
/checkin
:advance 1d
:as ben
# Thursday's post time asked each partner privately "Did you meet?"; Ben says yes.
:press 1
/pair status
:as ana
/checkin
:advance 1d
:as ana
/checkin
/project update digit trained the first model, 97% accuracy status:building
:advance 1d
# Sunday: day 7 in a row earns Ana a streak freeze (and a 7-day streak milestone); a project
# updated on an earlier day can be shipped.
:as ana
/checkin project day: gradient descent from scratch
/project ship digit https://ana.github.io/digits
:advance 2d
# Tuesday: Ana missed Monday, and her freeze keeps her streak alive.
/checkin
/streak
/streak ben
# Where everyone stands: the week's XP leaderboard, Ana's ladder level and profile picture.
/leaderboard
/leaderboard streak all
/ladder
/profile
# Bad input gets one clear private line and changes nothing.
/timezone Mars/Olympus_Mons
/checkn
/quiz astrology
/project ship digit
/project add "A" ftp://example.org/repo
# Cara joins late: /today shows her the day's task privately, /roadmap where the group is.
:as cara
/today
/roadmap
/streak
:press 1
/remind on 20:00
/me export
# The organisers' web dashboard: Ana gets a private sign-in link (one use, 15 minutes).
:as ana
/admin dashboard
"""


async def run_demo(settings: Settings) -> int:
    clock = ManualClock(datetime.fromisoformat(START).replace(tzinfo=zone(TIMEZONE)))
    async with console_app(settings, clock) as app:
        shell = Shell(app, clock, "demo-study-group", print)
        await shell.open(TIMEZONE)
        print(f"mlpath demo — a study group in {TIMEZONE}, starting Mon 5 Jan 2026\n")
        with tempfile.TemporaryDirectory(prefix="mlpath-demo-") as work:
            await _play(shell, _script(app, Path(work)))
        print(dashboard_hint(clock.now()))
    return 0


def dashboard_hint(now: datetime) -> str:
    """How to open the demo group's dashboard: keep its database and serve it."""
    serve = (
        f"MLPATH_DATABASE_URL=sqlite+aiosqlite:///demo.db mlpath run web --now {now:%Y-%m-%dT%H:%M}"
    )
    return (
        "\nTo open this group's dashboard, keep its database and serve it as of the demo's "
        f"last day:\n  mlpath demo --keep demo.db\n  {serve}\n"
        "then open the link Ana got at the end of that run within 15 minutes (or ask for a new "
        "one: mlpath shell --db sqlite+aiosqlite:///demo.db --community demo-study-group, "
        "then :as ana and /admin dashboard)."
    )


def _script(app: App, work: Path) -> str:
    """The script with its exercise: the first of the roadmap, tried with its starter (which
    fails) and then its reference solution, written where ``:submit`` reads them."""
    exercises = app.catalog.exercises.ordered()
    if not exercises:
        return SCRIPT
    first = exercises[0]
    (work / "attempt1.py").write_text(first.starter, encoding="utf-8")
    (work / "attempt2.py").write_text(first.solution, encoding="utf-8")
    return SCRIPT.replace("{exercise}", first.id).replace("{work}", str(work))


async def _play(shell: Shell, script: str) -> None:
    for line in script.strip().splitlines():
        if line.startswith("#"):
            print(f"\n{line}")
            continue
        print(f"{shell.member}> {line}")
        await shell.handle(line)
