"""Where the shipped content and migrations live: inside the wheel, or the source tree."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def content_dir() -> Path:
    return _shipped("content")


def migrations_dir() -> Path:
    return _shipped("migrations")
