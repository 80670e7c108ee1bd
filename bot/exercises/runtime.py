"""Where the sandbox's pieces are on this host, and the bubblewrap command line that binds
them read-only into an otherwise empty root (see bot/exercises/sandbox.py for the run)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

HARNESS = Path(__file__).with_name("harness.py")
# mlpath's own package. Installed from a wheel it sits in the site-packages the sandbox binds,
# with its shipped content (every exercise's hidden tests) inside: it is covered by an empty
# tmpfs in every run, so a submission sees no file of mlpath's.
PACKAGE = Path(__file__).resolve().parents[1]
TMP_BYTES = 64 * 1024 * 1024
# The whole environment inside (bwrap's --clearenv first): one BLAS/OpenMP thread each.
ENVIRONMENT = {
    "HOME": "/tmp",
    "LANG": "C.UTF-8",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


@dataclass(frozen=True, slots=True)
class Runtime:
    """Where the pieces bwrap binds are on this host."""

    bwrap: str
    prefix: Path  # the interpreter's installation prefix (sys.base_prefix)
    python: str  # the interpreter, relative to the prefix ("bin/python3.11")
    site: Path  # the site-packages that holds numpy, pandas and scikit-learn
    system: tuple[tuple[str, str], ...] = field(default=())  # ("bind"|"link", path)
    hidden: tuple[Path, ...] = (PACKAGE,)  # host directories no bind may show (covered)


def discover() -> Runtime | str:
    """This host's runtime, or one line saying what is missing."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap is not installed (apt-get install bubblewrap)"
    prefix = Path(sys.base_prefix)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    if not (prefix / "bin" / version).is_file():
        return f"the Python interpreter was not found under {prefix}/bin"
    specs = [importlib.util.find_spec(name) for name in ("numpy", "pandas", "sklearn")]
    if any(spec is None or spec.origin is None for spec in specs):
        return "NumPy, pandas and scikit-learn are not installed (pip install 'mlpath[exercises]')"
    origin = specs[0].origin if specs[0] is not None else None
    assert origin is not None
    site = Path(origin).parent.parent
    system: list[tuple[str, str]] = []
    for path in ("/usr/lib", "/usr/lib64", "/usr/lib32"):
        if Path(path).is_dir() and not Path(path).is_symlink():
            system.append(("bind", path))
    for path in ("/lib", "/lib64", "/lib32"):
        if Path(path).is_symlink():
            system.append(("link", path))
        elif Path(path).is_dir():
            system.append(("bind", path))
    # mlpath's package where it runs from, and any copy of it in the bound site-packages (an
    # earlier wheel install, even when the running one is an editable checkout)
    hidden = (PACKAGE, site / PACKAGE.name)
    return Runtime(bwrap, prefix, f"bin/{version}", site, tuple(system), hidden)


def bwrap_argv(runtime: Runtime) -> list[str]:
    argv = [
        runtime.bwrap,
        "--unshare-all",
        "--unshare-user",
        "--uid",
        "65534",
        "--gid",
        "65534",
        "--die-with-parent",
        "--new-session",
        "--hostname",
        "sandbox",
        "--clearenv",
        *(arg for name, value in ENVIRONMENT.items() for arg in ("--setenv", name, value)),
    ]
    for kind, path in runtime.system:
        if kind == "bind":
            argv += ["--ro-bind", path, path]
        else:
            argv += ["--symlink", str(Path(path).readlink()), path]
    binds = [(Path(p), Path(p)) for kind, p in runtime.system if kind == "bind"]
    binds += [(runtime.prefix, Path("/sandbox/python")), (runtime.site, Path("/sandbox/site"))]
    argv += [
        *("--ro-bind", str(runtime.prefix), "/sandbox/python"),
        *("--ro-bind", str(runtime.site), "/sandbox/site"),
        *_covers(binds, runtime.hidden),
        *("--ro-bind", str(HARNESS), "/sandbox/harness.py"),
        *("--dev", "/dev"),
        *("--size", str(TMP_BYTES), "--tmpfs", "/tmp"),
        *("--remount-ro", "/"),
        *("--chdir", "/tmp"),
        f"/sandbox/python/{runtime.python}",
        *("-I", "-S", "-B", "/sandbox/harness.py"),
    ]
    return argv


def _covers(binds: list[tuple[Path, Path]], hidden: tuple[Path, ...]) -> list[str]:
    """An empty tmpfs over each hidden directory wherever a bind shows it."""
    argv: list[str] = []
    for secret in dict.fromkeys(hidden):
        if not secret.is_dir():
            continue
        for source, target in binds:
            if secret.is_relative_to(source):
                argv += ["--tmpfs", str(target / secret.relative_to(source))]
    return argv
