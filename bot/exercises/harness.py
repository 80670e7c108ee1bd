"""The grader that runs *inside* the sandbox (``python -I -S -B harness.py``; standard library
only, and it imports nothing from ``bot``: the package is not visible in there).

Two processes, so that the verdict channel is out of the submission's reach:

* The **judge** (this script's first process) reads the whole job — the submission, the
  public and hidden test sources, the limits — from stdin to end of file, then points fd 0 at
  ``/dev/null``: nothing is left to read there, and no test source ever exists as a file in
  the sandbox. It applies the resource limits to itself (inherited by everything it starts),
  makes itself non-dumpable (no ptrace, no ``/proc/<pid>/fd`` — and ``/proc`` is not even
  mounted), opens a private pipe and forks the runner. Only the judge holds the write end of
  the host's result pipe (its number comes with the job): the runner closes its copy first
  thing, so no code of the submission has it in its descriptor table, and none can get it back
  (no ``/proc``, no ``pidfd_getfd``/``ptrace``/``process_vm_readv``: the runner's seccomp
  filter kills them). After the runner has ended, the judge writes one JSON document to that
  pipe and exits.
* The **runner** (the forked child) closes the result pipe, installs a seccomp filter (no new
  processes — threads are allowed —, no sockets other than ``AF_UNIX``, no ptrace and
  friends: breaking a rule kills it with ``SIGSYS``, which the judge reports as "not
  allowed"), writes the submission to ``submission.py`` in its working directory (the
  sandbox's ``/tmp``), runs the test modules' functions in order (public, then hidden) and
  sends one JSON line per test to the judge.

What the judge trusts: the *list* of tests comes from its own parse (``ast``) of the sources,
so the runner can neither drop nor add tests; a test without a line counts as not run; the
runner's exit status decides the limits (``SIGXCPU``: time, ``SIGSYS``: not allowed, an early
exit: not allowed). Printing anything — a fake "all passed" JSON included — goes to stdout,
which the host keeps as capped output and never parses. What remains possible, as in any
in-process test runner, is a submission that deliberately rewires the test functions that
call it (rebinding ``numpy.testing``, writing its own lines to the runner's pipe); it cannot
touch the judge, the host, the database or other members' results.
"""

from __future__ import annotations

import ast
import ctypes
import json
import os
import platform
import resource
import signal
import struct
import sys
import time
import traceback
import types
from pathlib import Path
from typing import Any

MESSAGE_CHARS = 400
REPORT_BYTES = 256 * 1024
# Limits applied to the judge and inherited by the runner (the host passes the numbers).
LIMITS = {
    "cpu_seconds": resource.RLIMIT_CPU,
    "memory_bytes": resource.RLIMIT_AS,
    "processes": resource.RLIMIT_NPROC,
    "open_files": resource.RLIMIT_NOFILE,
    "file_bytes": resource.RLIMIT_FSIZE,
}

# --- seccomp -----------------------------------------------------------------------------------
# struct seccomp_data: nr (u32) @0, arch (u32) @4, ip (u64) @8, args[6] (u64) @16.
_ARCHES = {
    # machine: (AUDIT_ARCH, {name: nr})
    "x86_64": (
        0xC000003E,
        {
            "clone": 56,
            "fork": 57,
            "vfork": 58,
            "socket": 41,
            "ptrace": 101,
            "process_vm_readv": 310,
            "process_vm_writev": 311,
            "clone3": 435,
            "pidfd_getfd": 438,
        },
    ),
    "aarch64": (
        0xC00000B7,
        {
            "clone": 220,
            "socket": 198,
            "ptrace": 117,
            "process_vm_readv": 270,
            "process_vm_writev": 271,
            "clone3": 435,
            "pidfd_getfd": 438,
        },
    ),
}
_KILL, _ALLOW, _ERRNO = 0x80000000, 0x7FFF0000, 0x00050000
_ENOSYS, _CLONE_THREAD, _AF_UNIX = 38, 0x00010000, 1
_LD, _JEQ, _JSET, _RET = 0x20, 0x15, 0x45, 0x06  # BPF_LD|W|ABS, JMP|JEQ|K, JMP|JSET|K, RET|K


def _filter() -> bytes:
    """A classic-BPF program for the runner (see the module docstring). Jump offsets count
    from the next instruction."""
    arch, nrs = _ARCHES[platform.machine()]
    prog: list[tuple[int, int, int, int]] = []

    def op(code: int, k: int, jt: int = 0, jf: int = 0) -> None:
        prog.append((code, jt, jf, k))

    op(_LD, 4)  # arch
    op(_JEQ, arch, 1, 0)
    op(_RET, _KILL)
    op(_LD, 0)  # system call number
    op(_JSET, 0x40000000, 0, 1)  # x32 calls on x86_64: refused
    op(_RET, _KILL)
    for name in ("fork", "vfork", "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd"):
        if name in nrs:
            op(_JEQ, nrs[name], 0, 1)
            op(_RET, _KILL)
    op(_JEQ, nrs["clone3"], 0, 1)
    op(_RET, _ERRNO | _ENOSYS)  # libc falls back to clone(2), whose flags can be checked
    op(_JEQ, nrs["clone"], 0, 4)
    op(_LD, 16)  # clone flags (the low word of args[0])
    op(_JSET, _CLONE_THREAD, 0, 1)
    op(_RET, _ALLOW)  # a thread
    op(_RET, _KILL)  # a process
    op(_JEQ, nrs["socket"], 0, 3)
    op(_LD, 16)  # socket domain
    op(_JEQ, _AF_UNIX, 1, 0)
    op(_RET, _KILL)
    op(_RET, _ALLOW)
    return b"".join(struct.pack("HBBI", *ins) for ins in prog)


def install_filter() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    code = _filter()
    count = len(code) // 8
    buffer = ctypes.create_string_buffer(code, len(code))

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = Program(count, ctypes.cast(buffer, ctypes.c_void_p))
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        raise OSError(ctypes.get_errno(), "no_new_privs")
    if libc.prctl(22, 2, ctypes.byref(prog), 0, 0) != 0:  # PR_SET_SECCOMP, FILTER
        raise OSError(ctypes.get_errno(), "seccomp")


# --- the runner --------------------------------------------------------------------------------


def test_names(source: str) -> list[str]:
    """The module's top-level ``test_*`` functions, in file order."""
    tree = ast.parse(source)
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]


def _message(exc: BaseException, sources: dict[str, str]) -> str:
    """One line: the assertion's own message, else the failing line of the test, else the
    exception's type and text — trimmed, with no paths beyond the sandbox's."""
    kind = type(exc).__name__
    text = str(exc).strip()
    if not text and isinstance(exc, AssertionError):
        frames = traceback.extract_tb(exc.__traceback__)
        for frame in reversed(frames):
            # a hidden test's source stays hidden: only a public test's line is quoted
            if frame.filename == "test_public.py" and frame.lineno:
                lines = sources[frame.filename].splitlines()
                text = lines[frame.lineno - 1].strip() if frame.lineno <= len(lines) else ""
                break
    where = ""
    if not isinstance(exc, AssertionError):
        frames = traceback.extract_tb(exc.__traceback__)
        mine = [f for f in frames if f.filename.endswith("/submission.py")]
        if mine:
            where = f" (submission.py line {mine[-1].lineno})"
    text = text.replace("/sandbox/site/", "").replace("/sandbox/python/", "")
    line = f"{kind}: {text}{where}" if text else f"{kind}{where}"
    line = " ".join(line.split())
    return line if len(line) <= MESSAGE_CHARS else line[: MESSAGE_CHARS - 1] + "…"


def _send(fd: int, record: dict[str, Any]) -> None:
    data = (json.dumps(record) + "\n").encode()
    while data:
        data = data[os.write(fd, data) :]


def run_tests(job: dict[str, Any], fd: int) -> None:
    os.close(int(job["result_fd"]))  # the judge's result pipe: gone from this process
    install_filter()
    here = Path.cwd()
    (here / "submission.py").write_text(str(job["submission"]), encoding="utf-8")
    sys.path.insert(0, str(here))
    sys.path.append(str(job["site"]))
    sources = {"test_public.py": str(job["public"]), "test_hidden.py": str(job["hidden"])}
    for filename, source in sources.items():
        name = filename.removesuffix(".py")
        hidden = name == "test_hidden"
        module = types.ModuleType(name)
        module.__file__ = filename
        started = time.perf_counter()
        try:
            exec(compile(source, filename, "exec"), module.__dict__)
        except BaseException as exc:  # the submission's import failed (or its top level ran amok)
            _send(fd, {"stage": "import", "message": _message(exc, sources), "kind": _kind(exc)})
            return
        for test in test_names(source):
            started = time.perf_counter()
            try:
                module.__dict__[test]()
            except BaseException as exc:
                record = {"ok": False, "message": _message(exc, sources), "kind": _kind(exc)}
            else:
                record = {"ok": True, "message": "", "kind": ""}
            record.update(name=test, hidden=hidden, seconds=time.perf_counter() - started)
            _send(fd, record)


def _kind(exc: BaseException) -> str:
    if isinstance(exc, MemoryError):
        return "memory"
    if isinstance(exc, RecursionError):
        return "recursion"
    return "assertion" if isinstance(exc, AssertionError) else "error"


# --- the judge ---------------------------------------------------------------------------------


def _limit(job: dict[str, Any]) -> None:
    limits = job["limits"]
    assert isinstance(limits, dict)
    for key, which in LIMITS.items():
        value = int(limits[key])
        if which == resource.RLIMIT_CPU:
            resource.setrlimit(which, (value, value + 1))  # SIGXCPU at the soft limit
        else:
            resource.setrlimit(which, (value, value))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _nondumpable() -> None:
    ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0


def _collect(fd: int) -> list[dict[str, Any]]:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        size += len(chunk)
        if size <= REPORT_BYTES:
            chunks.append(chunk)
    records = []
    for line in b"".join(chunks).splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def judge(job: dict[str, Any]) -> dict[str, Any]:
    expected = {(False, name): None for name in test_names(str(job["public"]))} | {
        (True, name): None for name in test_names(str(job["hidden"]))
    }
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the runner
        os.close(read)
        try:
            run_tests(job, write)
        finally:
            os._exit(0)
    os.close(write)
    records = _collect(read)
    _, status = os.waitpid(pid, 0)
    tests = []
    import_error = next((r for r in records if r.get("stage") == "import"), None)
    for hidden, name in expected:
        got = next(
            (r for r in records if r.get("name") == name and r.get("hidden") is hidden), None
        )
        if got is None:
            tests.append({"name": name, "hidden": hidden, "ok": False, "run": False})
            continue
        tests.append(
            {
                "name": name,
                "hidden": hidden,
                "ok": got.get("ok") is True,
                "run": True,
                "message": str(got.get("message", ""))[:MESSAGE_CHARS],
                "kind": str(got.get("kind", "")),
                "seconds": float(got.get("seconds", 0.0)),
            }
        )
    report: dict[str, Any] = {"tests": tests, "status": _status(status)}
    if import_error is not None:
        report["import_error"] = {
            "message": str(import_error.get("message", ""))[:MESSAGE_CHARS],
            "kind": str(import_error.get("kind", "")),
        }
    return report


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            return "cpu"
        if sig == signal.SIGSYS:
            return "forbidden"
        return f"signal:{sig}"
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    return "ok" if code == 0 else f"exit:{code}"


def main() -> None:
    raw = sys.stdin.buffer.read()
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    job = json.loads(raw)
    del raw
    _limit(job)
    # The host kills the run at its wall time; should the host be gone, the judge ends it
    # itself (a pending alarm is not inherited by the runner; bwrap then tears it all down).
    signal.alarm(int(job["limits"].get("alarm_seconds", 0)))
    _nondumpable()
    report = judge(job)
    data = json.dumps(report).encode()
    result_fd = int(job["result_fd"])
    while data:
        data = data[os.write(result_fd, data) :]
    os.close(result_fd)


if __name__ == "__main__":
    main()
