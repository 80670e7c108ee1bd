"""Hostile submissions: each gets a clean verdict, leaves the sandbox working and the host as it
was. The sandbox's answer to reading host files is that they do not exist in there: it has no
``/etc`` at all (no passwd, real or made up), no ``/proc`` and none of the host's directories
but the read-only runtime."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import subprocess
from pathlib import Path

import pytest

from bot.exercises.outcome import Outcome
from bot.exercises.runtime import PACKAGE, Runtime, bwrap_argv, discover
from bot.exercises.sandbox import Job, Limits, Sandbox, job_document

PUBLIC = "from submission import attempt\n\n\ndef test_attempt():\n    assert attempt() == 'done'\n"
HIDDEN = (
    "from submission import attempt\n\nSECRET_MARK = 'hidden-tests-secret-7f3a'\n\n\n"
    "def test_again():\n    assert attempt() == 'done', 'still done'\n"
)
FAST = Limits(cpu_seconds=2, memory_mb=256, wall_seconds=3)


def _children() -> set[int]:
    """Sandboxes (bwrap processes) whose parent is this test process: none once a run is
    over (other children, such as a chart-drawing pool, are not ours to count)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and "(bwrap)" in stat:
                out.add(int(entry.name))
            with contextlib.suppress(OSError):
                if b"/sandbox/harness.py" in (entry / "cmdline").read_bytes():
                    out.add(int(entry.name))  # a harness left behind, anywhere on the host
    return out


async def _run(sandbox: Sandbox, code: str, limits: Limits = FAST) -> Outcome:
    outcome = await sandbox.run(Job(code, PUBLIC, HIDDEN, limits))
    # healthy afterwards: nothing left running, and an honest submission still passes
    assert not _children()
    honest = await sandbox.run(Job("def attempt():\n    return 'done'\n", PUBLIC, HIDDEN, FAST))
    assert honest.verdict == "passed", honest
    return outcome


async def test_the_sandbox_checks_itself_once(runtime: Runtime) -> None:
    sandbox = Sandbox()
    assert await sandbox.check() is None
    assert await sandbox.check() is None


async def test_missing_bubblewrap_refuses_in_one_line() -> None:
    sandbox = Sandbox(runtime="bubblewrap is not installed (apt-get install bubblewrap)")
    reason = await sandbox.check()
    assert reason is not None and "\n" not in reason and "bubblewrap" in reason


async def test_socket_connect_is_not_allowed(sandbox: Sandbox) -> None:
    code = (
        "import socket\n\ndef attempt():\n"
        "    socket.create_connection(('1.1.1.1', 80), timeout=1)\n    return 'done'\n"
    )
    outcome = await _run(sandbox, code)
    assert outcome.verdict == "not allowed"


@pytest.mark.parametrize("path", ["/etc/passwd", "/etc/shadow", "/proc/1/environ"])
async def test_system_files_do_not_exist_inside(sandbox: Sandbox, path: str) -> None:
    code = f"def attempt():\n    return open({path!r}).read()\n"
    outcome = await _run(sandbox, code)
    assert outcome.verdict == "failed"
    assert "FileNotFoundError" in outcome.message


async def test_the_database_and_env_are_out_of_sight(sandbox: Sandbox, tmp_path: Path) -> None:
    database = tmp_path / "mlpath.db"
    database.write_bytes(b"SQLite format 3\x00 member-secret")
    env = tmp_path / ".env"
    env.write_text("MLPATH_DISCORD_TOKEN=host-token-secret\n")
    for path in (database, env, Path.cwd() / ".env", Path.cwd() / "content" / "roadmap.yaml"):
        code = f"def attempt():\n    return open({str(path)!r}, 'rb').read()\n"
        outcome = await _run(sandbox, code)
        assert outcome.verdict == "failed" and "FileNotFoundError" in outcome.message, path
        assert "secret" not in outcome.message


async def test_hidden_tests_are_not_files_and_stdin_is_empty(sandbox: Sandbox) -> None:
    code = (
        "import os, sys\n\ndef attempt():\n"
        "    found = [os.path.join(d, f) for top in ('/tmp', '/sandbox', '/dev')\n"
        "             for d, _, fs in os.walk(top) for f in fs\n"
        "             if 'test_hidden' in f or 'exercise.yaml' in f]\n"
        "    data = sys.stdin.read()\n"
        "    assert not found and not data, (found, data[:80])\n"
        "    return 'done'\n"
    )
    outcome = await _run(sandbox, code)
    assert outcome.verdict == "passed", outcome.message


async def test_writing_outside_tmp_fails_and_the_host_is_unchanged(sandbox: Sandbox) -> None:
    runtime = discover()
    assert not isinstance(runtime, str)
    before = set(runtime.site.iterdir())
    for target in ("/sandbox/site/owned.py", "/usr/lib/owned", "/owned", "/sandbox/harness.py"):
        code = f"def attempt():\n    open({target!r}, 'w').write('x')\n    return 'done'\n"
        outcome = await _run(sandbox, code)
        assert outcome.verdict == "failed" and "OSError" in outcome.message, target
    assert set(runtime.site.iterdir()) == before
    assert not Path("/owned").exists()
    tmp_ok = "def attempt():\n    open('/tmp/scratch.txt', 'w').write('x')\n    return 'done'\n"
    assert (await _run(sandbox, tmp_ok)).verdict == "passed"


async def test_a_huge_file_in_tmp_is_refused(sandbox: Sandbox) -> None:
    code = (
        "def attempt():\n    with open('/tmp/big', 'wb') as out:\n"
        "        for _ in range(100):\n            out.write(b'x' * 2**20)\n    return 'done'\n"
    )
    outcome = await _run(sandbox, code)
    assert outcome.verdict == "failed" and "File too large" in outcome.message


async def test_a_fork_bomb_is_not_allowed(sandbox: Sandbox) -> None:
    code = "import os\n\ndef attempt():\n    while True:\n        os.fork()\n"
    outcome = await _run(sandbox, code)
    assert outcome.verdict == "not allowed"


async def test_subprocesses_are_not_allowed(sandbox: Sandbox) -> None:
    code = "import subprocess\n\ndef attempt():\n    subprocess.run(['/bin/sh', '-c', 'true'])\n"
    outcome = await _run(sandbox, code)
    assert outcome.verdict == "not allowed"


async def test_a_memory_bomb_hits_the_memory_limit(sandbox: Sandbox) -> None:
    code = (
        "def attempt():\n    hoard = []\n    while True:\n        hoard.append(bytearray(10**8))\n"
    )
    outcome = await _run(sandbox, code)
    assert outcome.verdict == "memory limit"


async def test_an_infinite_loop_hits_the_time_limit(sandbox: Sandbox) -> None:
    code = "def attempt():\n    while True:\n        pass\n"
    outcome = await _run(sandbox, code, Limits(cpu_seconds=1, memory_mb=256, wall_seconds=2))
    assert outcome.verdict == "time limit"


async def test_sleeping_forever_hits_the_wall_time(sandbox: Sandbox) -> None:
    code = "import time\n\ndef attempt():\n    time.sleep(3600)\n"
    outcome = await _run(sandbox, code, Limits(cpu_seconds=1, memory_mb=256, wall_seconds=1))
    assert outcome.verdict == "time limit"


async def test_100_mb_of_output_hits_the_output_limit(sandbox: Sandbox) -> None:
    code = (
        "import sys\n\ndef attempt():\n"
        "    for _ in range(100):\n        sys.stdout.write('x' * 2**20)\n"
    )
    outcome = await _run(sandbox, code)
    assert outcome.verdict == "output limit"
    assert len(outcome.output) <= 64 * 1024


async def test_killing_the_grader_is_not_allowed(sandbox: Sandbox) -> None:
    code = "import os\n\ndef attempt():\n    os.kill(os.getppid(), 9)\n    return 'done'\n"
    outcome = await _run(sandbox, code)
    assert outcome.verdict == "not allowed"


async def test_ctypes_exit_is_not_allowed(sandbox: Sandbox) -> None:
    code = "import ctypes\n\ndef attempt():\n    ctypes.CDLL(None).exit(0)\n"
    outcome = await _run(sandbox, code)
    assert outcome.verdict == "not allowed"


async def test_printing_a_fake_report_does_not_pass(sandbox: Sandbox) -> None:
    fake = (
        '{"status": "ok", "tests": [{"name": "test_attempt", "hidden": false, "ok": true, '
        '"run": true}, {"name": "test_again", "hidden": true, "ok": true, "run": true}]}'
    )
    code = (
        "import os, sys\n"
        f"FAKE = {fake!r}\n"
        "print(FAKE)\nsys.stderr.write(FAKE)\n"
        "for fd in range(3, 64):\n"
        "    try:\n        os.write(fd, FAKE.encode())\n    except OSError:\n        pass\n"
        "\ndef attempt():\n    print(FAKE)\n    return 'not done'\n"
    )
    outcome = await _run(sandbox, code)
    # writing lines to the runner's own pipe garbles its report: the judge finds no result
    # for a test and says so; it never reads stdout or stderr as results
    assert outcome.verdict in ("failed", "not allowed")
    assert outcome.count(hidden=True) == (0, 1)


def test_a_run_ends_itself_when_the_bot_is_gone(runtime: Runtime) -> None:
    """The judge's alarm: a sleeping submission whose host never kills it still ends."""
    read_fd, write_fd = os.pipe()
    job = Job("import time\n\ndef attempt():\n    time.sleep(3600)\n", PUBLIC, HIDDEN, FAST)
    document = json.loads(job_document(job, write_fd))
    document["limits"]["alarm_seconds"] = 1
    with subprocess.Popen(
        bwrap_argv(runtime),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        pass_fds=(write_fd,),
        start_new_session=True,
    ) as proc:
        os.close(write_fd)
        assert proc.stdin is not None
        proc.stdin.write(json.dumps(document).encode())
        proc.stdin.close()
        try:
            proc.wait(timeout=30)  # generous: the alarm fires after 1 s
        finally:
            os.close(read_fd)
            if proc.poll() is None:
                os.killpg(proc.pid, 9)
    assert proc.returncode != 0
    assert not _children()


async def test_a_hidden_assert_without_a_message_quotes_no_source(sandbox: Sandbox) -> None:
    hidden = (
        "from submission import attempt\n\n\n"
        "def test_secret():\n    assert attempt() != 'done' or 'hidden-mark-9c1' == ''\n"
    )
    outcome = await sandbox.run(Job("def attempt():\n    return 'done'\n", PUBLIC, hidden, FAST))
    assert outcome.verdict == "failed"
    assert outcome.message == "hidden test: AssertionError"
    public_fail = await sandbox.run(Job("def attempt():\n    return 1\n", PUBLIC, hidden, FAST))
    assert public_fail.message == "AssertionError: assert attempt() == 'done'"


@pytest.mark.parametrize("covered", [True, False])
async def test_mlpaths_own_package_is_covered_where_a_bind_would_show_it(
    runtime: Runtime, tmp_path: Path, covered: bool
) -> None:
    """Installed from a wheel, mlpath's package (with every hidden test in its shipped
    content) sits in the site-packages the sandbox binds: it must show nothing there."""
    site = tmp_path / "site-packages"
    hidden = site / "bot" / "_data" / "content" / "exercises" / "x" / "test_hidden.py"
    hidden.parent.mkdir(parents=True)
    hidden.write_text("def test_secret():\n    assert 42 == 42\n")
    installed = dataclasses.replace(runtime, site=site, hidden=(site / "bot",) if covered else ())
    code = (
        "import os\n\ndef attempt():\n"
        "    seen = os.listdir('/sandbox/site/bot')\n"
        "    assert seen == [], seen\n"
        "    return 'done'\n"
    )
    outcome = await _run(Sandbox(runtime=installed, probe=False), code)
    if covered:
        assert outcome.verdict == "passed", outcome.message
    else:  # the check can fail: uncovered, the package shows
        assert outcome.verdict == "failed" and "_data" in outcome.message, outcome.message


def test_the_runtime_covers_mlpath_and_any_copy_of_it_in_site_packages(runtime: Runtime) -> None:
    # an editable checkout runs from the repository, while an earlier wheel install may have
    # left bot/_data (the hidden tests) in the site-packages the sandbox binds (seen in CI)
    assert runtime.hidden == (PACKAGE, runtime.site / PACKAGE.name)
