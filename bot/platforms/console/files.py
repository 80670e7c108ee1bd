"""Where the console writes the files it receives (profile pictures, exports): one folder per
database, each file named with the community and the member (or channel) it was for."""

from __future__ import annotations

import os
import re
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
PRIVATE_MODE = 0o600  # a personal export is nobody else's to read


def file_name(community: str, owner: str, filename: str) -> str:
    """``COMMUNITY-OWNER-FILENAME`` (``COMMUNITY-FILENAME`` when the file's name already
    names the owner), with anything but letters, digits and ``._-`` made ``_``."""
    base = Path(filename).name
    parts = (community, base) if owner.lower() in base.lower() else (community, owner, base)
    return "-".join(_UNSAFE.sub("_", part).strip("._") or "_" for part in parts)


def save(folder: Path, name: str, data: bytes, *, private: bool) -> Path:
    """Write ``data`` to ``folder/name``; a private reply's file gets mode 0600 (also when it
    replaces an older one), and the folder is created readable by its owner only."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name
    if not private:
        path.write_bytes(data)
        return path
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), PRIVATE_MODE)
        handle.write(data)
    return path
