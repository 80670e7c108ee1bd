"""Without Postgres, the README's test command still passes: unasked, a Postgres that does not
answer skips the Postgres runs with one line; asked for (CI), it is an error (issue 13)."""

from __future__ import annotations

import socket

import pytest

from tests import conftest


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once the socket is closed


def test_an_unanswering_default_skips_with_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        conftest, "PG_ADMIN", f"postgresql://postgres@127.0.0.1:{_closed_port()}/postgres"
    )
    monkeypatch.setattr(conftest, "PG_ASKED", False)
    monkeypatch.setattr(conftest, "_postgres_up", [])
    with pytest.raises(pytest.skip.Exception, match=r"nothing answers at 127\.0\.0\.1:5432"):
        conftest.require_postgres()
    assert conftest._postgres_up == [False]  # tried once, remembered for the session


def test_an_asked_for_postgres_is_never_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        conftest, "PG_ADMIN", f"postgresql://postgres@127.0.0.1:{_closed_port()}/postgres"
    )
    monkeypatch.setattr(conftest, "PG_ASKED", True)
    monkeypatch.setattr(conftest, "_postgres_up", [])
    conftest.require_postgres()  # no skip: the fixture that connects next fails loudly
    assert conftest._postgres_up == []
