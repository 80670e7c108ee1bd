"""Unexpected failures: the user sees an error id, the log has the traceback and context."""

from __future__ import annotations

import json
import logging

import pytest

from bot.bootstrap import App
from bot.logs import JsonFormatter
from tests.helpers import console_actor


async def test_unexpected_failure_shows_an_id_and_logs_with_context(
    app: App, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: object, **__: object) -> None:
        raise RuntimeError("database password=hunter2 exploded")

    monkeypatch.setattr(app.services.checkin, "checkin", broken)
    with caplog.at_level(logging.ERROR, logger="mlpath.commands"):
        reply = await app.dispatcher.text(console_actor("ana"), "/checkin")
    assert reply.private and reply.error_id is not None
    assert f"error id {reply.error_id}" in reply.text
    assert "hunter2" not in reply.text and "Traceback" not in reply.text
    record = next(r for r in caplog.records if reply.error_id in r.getMessage())
    assert (record.community, record.member, record.command) == ("local", "ana", "checkin")  # type: ignore[attr-defined]
    assert record.exc_info is not None
    line = json.loads(JsonFormatter().format(record))
    assert line["member"] == "ana" and "RuntimeError" in line["exception"]


async def test_unknown_buttons_are_answered_not_crashed(app: App) -> None:
    for custom_id in ("mlpath:nothing:", "someone-else:1", "mlpath:", ""):
        reply = await app.dispatcher.press(console_actor("ana"), custom_id)
        assert "no longer does anything" in reply.text
