"""Run a submission against its tests under bubblewrap (``bwrap``), never outside it.

Each run is one ``bwrap`` process (see ``bwrap_argv``):

* ``--unshare-all --unshare-user``: its own user, PID, network (no interfaces but a downed
  loopback: no network), IPC, UTS and cgroup namespaces; ``--die-with-parent`` and
  ``--new-session`` (no terminal to inject into); the environment cleared.
* The file system is a fresh empty root with read-only binds of only what Python needs: the
  system libraries (``/usr/lib``, ``/usr/lib64`` and the ``/lib*`` links), the interpreter's
  prefix at ``/sandbox/python``, the site-packages that hold NumPy, pandas and scikit-learn at
  ``/sandbox/site`` and the harness at ``/sandbox/harness.py`` — then ``/`` is remounted
  read-only. No ``/etc`` (so no ``/etc/passwd`` at all, the host's or a made-up one), no
  ``/proc``, no ``/work``, no database, no ``.env``, no ``content/``. ``/tmp`` is a private
  size-capped tmpfs and the working directory; ``/dev`` is bwrap's minimal one.
* Limits: the harness sets CPU seconds, address space, processes, open files and file size
  with ``setrlimit`` on itself before any submitted code exists (inherited by the runner), and
  the runner adds a seccomp filter (no new processes, no sockets but ``AF_UNIX``, no ptrace).
  The host enforces the wall time (it kills bwrap's process group; bwrap's sandbox dies with
  it) and caps the output it reads (past the cap: killed, "output limit"); should the host die
  first, the judge's own alarm ends the run a few seconds later.
* Inside, the code runs as uid 65534 with no capabilities and ``no_new_privs`` (bwrap's
  doing; setuid files are inert). That uid maps to the bot's own user outside: run the bot as
  an unprivileged user (the Docker image does), not as root.
* The job travels on stdin; the report comes back as JSON on a separate pipe that only the
  harness's judge process holds (``bot.exercises.harness`` explains why printing cannot forge
  it). ``RLIMIT_NPROC`` is not enforced for processes of the host's root (a kernel exemption),
  which is why the seccomp filter, not the limit, is what stops a fork bomb.

At most ``slots`` runs at once per process; the others wait in order and learn their place.
When bwrap is missing or unusable (``check``, once: a trivial exercise must pass), runs raise
``SandboxUnavailable`` with one line saying why; nothing ever runs unsandboxed.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.exercises.outcome import Outcome, graded
from bot.exercises.runtime import Runtime, bwrap_argv, discover

OUTPUT_BYTES = 64 * 1024
REPORT_BYTES = 512 * 1024
PROCESSES = 16
OPEN_FILES = 64
FILE_BYTES = 16 * 1024 * 1024
# Python, NumPy, pandas and scikit-learn map about 400 MB of address space before the first
# line of a submission runs; a limit of N MB gives the submission N MB on top of that.
RUNTIME_MB = 512
STARTUP_SECONDS = 3  # wall time for bwrap and the imports, on top of the exercise's own


class SandboxUnavailable(Exception):
    """No working sandbox: ``reason`` is the one line members and moderators see."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Limits:
    cpu_seconds: int = 5
    memory_mb: int = 512
    wall_seconds: int = 10


@dataclass(frozen=True, slots=True)
class Job:
    submission: str
    public: str
    hidden: str
    limits: Limits = Limits()


def job_document(job: Job, result_fd: int, site: str = "/sandbox/site") -> bytes:
    limits = job.limits
    return json.dumps(
        {
            "submission": job.submission,
            "public": job.public,
            "hidden": job.hidden,
            "site": site,
            "result_fd": result_fd,
            "limits": {
                "cpu_seconds": limits.cpu_seconds,
                "memory_bytes": (RUNTIME_MB + limits.memory_mb) * 1024 * 1024,
                "processes": PROCESSES,
                "open_files": OPEN_FILES,
                "file_bytes": FILE_BYTES,
                # the judge's own backstop, for a bot that died before it could kill the run
                "alarm_seconds": limits.wall_seconds + STARTUP_SECONDS + 5,
            },
        }
    ).encode()


PROBE = Job(
    "def answer():\n    return 42\n",
    "from submission import answer\n\n\ndef test_answer():\n    assert answer() == 42\n",
    "import numpy, pandas, sklearn\n\n\ndef test_libraries():\n    assert numpy.zeros(1)[0] == 0\n",
)


class Sandbox:
    def __init__(
        self, slots: int | None = None, runtime: Runtime | str | None = None, *, probe: bool = True
    ) -> None:
        """``probe=False`` trusts a ``runtime`` already checked (tests and the bench)."""
        self.slots = slots or os.cpu_count() or 1
        self._runtime = runtime
        self._semaphore: asyncio.Semaphore | None = None
        self._waiting = 0
        self._probed = not probe and isinstance(runtime, Runtime)
        self._probe: asyncio.Future[str | None] | None = None
        self._unusable: str | None = None  # why not, once probed

    @property
    def waiting(self) -> int:
        return self._waiting

    async def check(self) -> str | None:
        """None when the sandbox works (a trivial exercise passes in it), else why not; once
        (callers meanwhile wait for the same probe)."""
        if self._probed:
            return self._unusable
        if self._probe is None:
            self._probe = asyncio.ensure_future(self._check_once())
        return await asyncio.shield(self._probe)

    async def _check_once(self) -> str | None:
        runtime = self._runtime if self._runtime is not None else discover()
        self._runtime = runtime
        if isinstance(runtime, str):
            self._unusable, self._probed = runtime, True
            return runtime
        try:
            outcome = await self._execute(runtime, PROBE)
        except OSError as exc:
            outcome = Outcome("crashed", message=str(exc))
        self._unusable = (
            None
            if outcome.passed
            else f"the sandbox (bubblewrap) does not work here: {outcome.verdict} "
            f"{outcome.message or outcome.output[:200]}".strip()
        )
        self._probed = True
        return self._unusable

    async def run(self, job: Job, on_queued: Callable[[int], None] | None = None) -> Outcome:
        """Grade ``job``; waits for a slot (``on_queued`` hears its place in the queue)."""
        reason = await self.check()
        if reason is not None or not isinstance(self._runtime, Runtime):
            raise SandboxUnavailable(reason or "the sandbox is not available")
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.slots)
        place = 0
        if self._semaphore.locked():
            self._waiting += 1
            place = self._waiting
            if on_queued is not None:
                on_queued(place)
        try:
            async with self._semaphore:
                if place:
                    self._waiting -= 1
                    place_seen, place = place, 0
                else:
                    place_seen = 0
                outcome = await self._execute(self._runtime, job)
        finally:
            if place:  # cancelled while waiting
                self._waiting -= 1
        return dataclasses.replace(outcome, queued=place_seen)

    async def _execute(self, runtime: Runtime, job: Job) -> Outcome:
        return await execute(bwrap_argv(runtime), job)


async def execute(
    argv: list[str],
    job: Job,
    *,
    site: str = "/sandbox/site",
    cwd: str | None = None,
    env: dict[str, str] | None = None,
) -> Outcome:
    """Run the harness command ``argv`` on ``job``: feed it, time it, cap its output, read its
    report. ``Sandbox`` gives bwrap's command; ``bench/sandbox.py`` also runs the same harness
    without bwrap (``site``: the host's site-packages, ``cwd``: a scratch directory, ``env``:
    the sandbox's ``ENVIRONMENT`` there) to measure what the sandbox costs."""
    started = time.perf_counter()
    read_fd, write_fd = os.pipe()
    try:
        proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            pass_fds=(write_fd,),
            start_new_session=True,
            cwd=cwd,
            env=env,
        )
    except BaseException:
        os.close(read_fd)
        raise
    finally:
        os.close(write_fd)
    report_reader, transport = await _pipe_reader(read_fd)
    state = _Run()
    try:
        await asyncio.wait_for(
            _converse(proc, job_document(job, write_fd, site), report_reader, state),
            timeout=job.limits.wall_seconds + STARTUP_SECONDS,
        )
    except TimeoutError:
        state.timed_out = True
    finally:
        _kill(proc)
        await proc.wait()
        transport.close()
    return _outcome(state, time.perf_counter() - started)


@dataclass
class _Run:
    output: bytearray = field(default_factory=bytearray)
    overflow: bool = False
    timed_out: bool = False
    report: bytes = b""


async def _pipe_reader(fd: int) -> tuple[asyncio.StreamReader, asyncio.BaseTransport]:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=REPORT_BYTES)
    protocol = asyncio.StreamReaderProtocol(reader)
    transport, _ = await loop.connect_read_pipe(lambda: protocol, os.fdopen(fd, "rb", buffering=0))
    return reader, transport


async def _converse(
    proc: asyncio.subprocess.Process,
    document: bytes,
    report: asyncio.StreamReader,
    state: _Run,
) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    stdout = proc.stdout

    async def feed() -> None:
        assert proc.stdin is not None
        with contextlib.suppress(ConnectionError):
            proc.stdin.write(document)
            await proc.stdin.drain()
        proc.stdin.close()

    async def drain_output() -> None:
        while chunk := await stdout.read(65536):
            if state.overflow:
                continue  # killed; read on to the end of the pipe
            state.output += chunk
            if len(state.output) > OUTPUT_BYTES:
                state.overflow = True
                _kill(proc)

    async def read_report() -> None:
        while chunk := await report.read(65536):
            if len(state.report) < REPORT_BYTES:
                state.report += chunk

    await asyncio.gather(feed(), drain_output(), read_report())
    await proc.wait()


def _kill(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)


def _outcome(state: _Run, seconds: float) -> Outcome:
    output = bytes(state.output[:OUTPUT_BYTES]).decode("utf-8", "replace")
    if state.overflow:
        return Outcome("output limit", message=_OUTPUT_LIMIT, seconds=seconds, output=output)
    if state.timed_out:
        return Outcome("time limit", message="the code ran past its wall time", seconds=seconds)
    try:
        report = json.loads(state.report)
        assert isinstance(report, dict)
    except (ValueError, AssertionError):
        return Outcome(
            "not allowed",
            message="the code stopped the grader before it could report",
            seconds=seconds,
            output=output,
        )
    return graded(report, seconds, output)


_OUTPUT_LIMIT = f"the code printed more than {OUTPUT_BYTES // 1024} KB"
