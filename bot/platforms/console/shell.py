"""The console shell: the SPEC §7 grammar over the same dispatcher Slack and Discord use."""

from __future__ import annotations

import asyncio
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.bootstrap import App
from bot.clock import ManualClock
from bot.commands.spec import Upload
from bot.domain.errors import BadInput
from bot.domain.timeutil import MAX_DURATION, parse_duration, zone
from bot.platforms.console.clockwork import ManualSleeper
from bot.platforms.console.render import render
from bot.replies import Button, Reply
from bot.services.actor import Actor
from bot.services.outbox import GROUP_PREFIX

PLATFORM = "console"
CHANNEL = "study-group"
DEFAULT_MEMBER = "you"
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
PRESSABLE_KEPT = 100  # the messages with buttons :press MSG N can still reach

HELP = """\
mlpath console · community {community} · you are {member} · clock {clock}
Type what a member would: /checkin [note] · /streak · /today · /roadmap · /quiz · /profile
  · /me export · /help (all commands) · /help COMMAND (one, with an example)
The group posts each day's roadmap to its channel at its post time, from today (a new group:
  #study-group at 09:00 in its timezone). A moderator changes that with
  /admin setup CHANNEL HH:MM TIMEZONE, or stops it with /admin pause.
Console controls:
  :as NAME                  act as member NAME (created on first use)
  :mod NAME                 make NAME a moderator (the first member to act is one)
  :now ISO-8601             move the clock forward to that time (e.g. 2026-01-05T09:00)
  :advance 1d|3h|30m|20s    move the clock forward; what falls due on the way runs
  :press N                  press button N of the last message with buttons
  :press MSG N              press button N of message MSG (numbered where it was printed)
  :import FILE.yaml         /admin quiz import with a local file
  :submit ID FILE.py        /exercise submit ID with a local Python file
  :upload FILE.csv          /compete submit with a local predictions CSV
  :help                     this screen
  :quit                     leave (or Ctrl-D)
Files (pictures, exports) are saved in {files}"""


def parse_instant(text: str, tz_name: str) -> datetime:
    """ISO-8601; a time without offset is read in the community's timezone."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(f"`{text}` is not an ISO-8601 time, e.g. 2026-01-05T09:00") from None
    return value if value.tzinfo else value.replace(tzinfo=zone(tz_name))


class Shell:
    """One console session: a community, a current member and a simulated clock."""

    def __init__(
        self,
        app: App,
        clock: ManualClock,
        community: str,
        out: Callable[[str], None],
        attachments_dir: Path | None = None,
    ) -> None:
        self.app = app
        self.clock = clock
        self.community = community
        self.member = DEFAULT_MEMBER
        self.timezone = "UTC"
        # The console is one room: the group's channel once /admin setup names one.
        self.channel = CHANNEL
        self._out = out
        self._pressable: dict[int, tuple[Button, ...]] = {}
        self._numbered = 0
        self.files = attachments_dir or Path(tempfile.gettempdir()) / "mlpath-console"

    def actor(self, name: str | None = None) -> Actor:
        name = name or self.member
        return Actor(PLATFORM, self.community, name.lower(), name, self.community, self.channel)

    async def open(self, timezone: str | None = None) -> None:
        self.timezone = await self.app.services.community.open_console(self.actor(), timezone)
        self.app.publishers.register(PLATFORM, ConsolePublisher(self))
        await self._follow_channel()
        await self.app.services.rounds.recover(PLATFORM)
        await self.app.services.daily.run_due()  # a post due in the last hours goes out now
        await self.settle()

    @property
    def sleeper(self) -> ManualSleeper | None:
        sleeper = self.app.sleeper
        return sleeper if isinstance(sleeper, ManualSleeper) else None

    async def settle(self) -> None:
        """Let background work (live rounds) run until it waits on the clock, then deliver posts."""
        if self.sleeper is not None:
            await self.sleeper.settle(self.app.background)
        await self.app.services.delivery.drain()

    async def _follow_channel(self) -> None:
        """Show the group's public replies where its posts go (after /admin setup moved it)."""
        self.channel = await self.app.services.community.channel(self.actor()) or self.channel

    async def move_clock(self, target: datetime) -> None:
        """Move the clock to ``target``, running what falls due at each instant, in order."""
        while (due := await self._next_event()) is not None and due <= target:
            self.clock.set(max(due, self.clock.now()))
            await self._run_due()
        self.clock.set(target)
        await self._run_due()

    async def _run_due(self) -> None:
        await self.app.services.daily.run_due()
        await self.app.services.pairs.rounds.run_due()
        await self.settle()

    async def _next_event(self) -> datetime | None:
        wake = self.sleeper.next_wake() if self.sleeper is not None else None
        post = await self.app.services.daily.next_instant(self.clock.now())
        pairs = await self.app.services.pairs.rounds.next_instant(self.clock.now())
        return min((t for t in (wake, post, pairs) if t is not None), default=None)

    def show(self, reply: Reply, audience: str | None = None) -> None:
        audience = audience or (self.member if reply.private else self.channel)
        number = None
        if reply.buttons:
            self._numbered = number = self._numbered + 1
            self._pressable[number] = reply.buttons
            self._pressable.pop(number - PRESSABLE_KEPT, None)
        owner = audience if reply.private else self.member
        self._out(
            render(
                reply,
                audience=audience,
                files=self.files,
                community=self.community,
                owner=owner,
                number=number,
            )
        )

    def banner(self) -> str:
        """The first screen of an interactive session, and ``:help``."""
        local = self.clock.now().astimezone(zone(self.timezone))
        clock = f"{local:%a %Y-%m-%d %H:%M} {self.timezone}"
        return HELP.format(
            community=self.community, member=self.member, clock=clock, files=self.files
        )

    def note(self, text: str) -> None:
        self._out(f"  ({text})")

    async def handle(self, line: str) -> bool:
        """Run one input line; False when the session should end."""
        line = line.strip()
        if not line or line.startswith("#"):
            return True
        if line.startswith(":"):
            return await self._meta(line)
        reply = await self.app.dispatcher.text(self.actor(), line)
        await self._follow_channel()
        self.show(reply)
        await self.settle()
        return True

    async def run(self, lines: Iterable[str]) -> None:
        for line in lines:
            if not await self.handle(line):
                break

    async def _meta(self, line: str) -> bool:
        word, _, arg = line[1:].partition(" ")
        arg = arg.strip()
        try:
            if word == "quit":
                return False
            if word == "as":
                self._require_name(arg)
                self.member = arg
                self.note(f"now acting as {arg}")
            elif word == "mod":
                self._require_name(arg)
                await self.app.services.community.make_moderator(self.actor(), self.actor(arg))
                self.note(f"{arg} is a moderator")
            elif word == "now":
                target = parse_instant(arg, self.timezone)
                if target < self.clock.now():
                    raise BadInput("The clock only moves forward; pick a later time.")
                await self.move_clock(target)
                self._tell_time()
            elif word == "advance":
                await self.move_clock(self._after(arg))
                self._tell_time()
            elif word == "press":
                await self._press(arg)
            elif word == "import":
                await self._import(arg)
            elif word == "submit":
                await self._submit(arg)
            elif word == "upload":
                await self._upload(arg)
            elif word == "help":
                self._out(self.banner())
            else:
                raise BadInput(
                    f"Unknown :{word}. Use :as NAME, :now ISO-8601, :advance 1d|3h|30m|20s, "
                    ":press N, :press MSG N, :mod NAME, :import FILE.yaml, :submit ID FILE.py, "
                    ":upload FILE.csv, :help or :quit."
                )
        except BadInput as exc:
            self.show(Reply(exc.message))
        return True

    async def _press(self, arg: str) -> None:
        """``:press N`` on the last message with buttons, ``:press MSG N`` on message MSG."""
        if not self._pressable:
            raise BadInput("There is no message with buttons to press yet.")
        words = arg.split()
        if not words or len(words) > 2 or not all(word.isdigit() for word in words):
            raise BadInput("Press a button with :press N, or on message MSG with :press MSG N.")
        message = int(words[0]) if len(words) == 2 else self._numbered
        buttons = self._pressable.get(message)
        if buttons is None:
            oldest = min(self._pressable)
            raise BadInput(
                f"There is no message {message} to press on: messages with buttons are "
                f"numbered {oldest} to {self._numbered}, on their buttons line."
            )
        if not 1 <= int(words[-1]) <= len(buttons):
            raise BadInput(f"Press a button from 1 to {len(buttons)}.")
        button = buttons[int(words[-1]) - 1]
        self.show(await self.app.dispatcher.press(self.actor(), button.custom_id))
        await self.settle()

    async def _import(self, arg: str) -> None:
        """The console's file upload: /admin quiz import with a local YAML file."""
        if not arg:
            raise BadInput("Name a file: :import path/to/questions.yaml")
        command = self.app.dispatcher.commands.find(("admin", "quiz", "import"))
        assert command is not None
        try:
            text = await asyncio.to_thread(_read_text, arg)
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"Cannot read {arg}: {exc.__class__.__name__}") from None
        upload = Upload(text, Path(arg).name)
        self.show(await self.app.dispatcher.command(self.actor(), command, {"bank": upload}))
        await self.settle()

    async def _submit(self, arg: str) -> None:
        """The console's exercise upload: /exercise submit ID with a local Python file."""
        words = arg.split(maxsplit=1)
        if len(words) != 2:
            raise BadInput("Name the exercise and a file: :submit stable-softmax path/to/code.py")
        command = self.app.dispatcher.commands.find(("exercise", "submit"))
        assert command is not None
        try:
            text = await asyncio.to_thread(_read_text, words[1])
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"Cannot read {words[1]}: {exc.__class__.__name__}") from None
        args = {"exercise": words[0], "file": Upload(text, Path(words[1]).name)}
        self.show(await self.app.dispatcher.command(self.actor(), command, args))
        await self.settle()

    async def _upload(self, arg: str) -> None:
        """The console's competition upload: /compete submit with a local CSV (its bytes kept
        as they are, so the scorer judges the file itself)."""
        if not arg:
            raise BadInput("Name a file: :upload path/to/predictions.csv")
        command = self.app.dispatcher.commands.find(("compete", "submit"))
        assert command is not None
        try:
            data = await asyncio.to_thread(_read_bytes, arg)
        except OSError as exc:
            raise BadInput(f"Cannot read {arg}: {exc.__class__.__name__}") from None
        text = data.decode("utf-8", errors="surrogateescape")
        args = {"file": Upload(text, Path(arg).name)}
        self.show(await self.app.dispatcher.command(self.actor(), command, args))
        await self.settle()

    def _after(self, duration: str) -> datetime:
        """The clock moved by ``duration`` (``:advance``): a number too large for a timedelta
        or a date past the calendar's end is one line, not an OverflowError."""
        try:
            step = parse_duration(duration)
        except OverflowError:
            raise BadInput(f"Move the clock at most {MAX_DURATION.days} days at a time.") from None
        try:
            return self.clock.now() + step
        except OverflowError:
            raise BadInput("The clock cannot go past the end of the year 9999.") from None

    def _require_name(self, name: str) -> None:
        if not _NAME.match(name):
            raise BadInput("A console member name is 1–32 letters, digits, '.', '_' or '-'.")

    def _tell_time(self) -> None:
        local = self.clock.now().astimezone(zone(self.timezone))
        shown = f"{local:%a %Y-%m-%d %H:%M}" + (f":{local:%S}" if local.second else "")
        self.note(f"clock: {shown} {self.timezone}")


class ConsolePublisher:
    """Channel posts print as ``[#channel]``, direct messages as ``[private → name]``."""

    def __init__(self, shell: Shell) -> None:
        self._shell = shell
        self._count = 0

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        if channel_id.startswith(GROUP_PREFIX):  # one private message to several members
            audience = ", ".join(channel_id.removeprefix(GROUP_PREFIX).split(","))
            self._shell.show(replace(reply, private=True), audience=audience)
        else:
            self._shell.show(replace(reply, private=False), audience=channel_id)
        self._count += 1
        return f"console-{self._count}"

    async def dm(self, community_id: str, user_id: str, reply: Reply) -> str:
        self._shell.show(replace(reply, private=True), audience=user_id)
        self._count += 1
        return f"console-{self._count}"

    async def grant_role(self, community_id: str, user_id: str, role_id: str, reason: str) -> str:
        self._shell.note(f"role @{role_id} given to {user_id} ({reason})")
        return f"role-{role_id}"

    async def channel_exists(self, community_id: str, channel_id: str) -> bool:
        return bool(CHANNEL_NAME.match(channel_id))


async def interactive(shell: Shell, stdin: TextIO, prompt: bool) -> None:
    """Read lines until EOF or :quit; a prompt only when a person is typing."""
    import asyncio

    loop = asyncio.get_running_loop()
    if prompt:
        print(shell.banner())
    while True:
        if prompt:
            print(f"{shell.member}> ", end="", flush=True)
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:
            break
        if not await shell.handle(line):
            break


def _read_bytes(path: str) -> bytes:
    return Path(path).expanduser().read_bytes()


def _read_text(path: str) -> str:
    return Path(path).expanduser().read_text(encoding="utf-8")
