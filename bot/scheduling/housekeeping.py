"""Housekeeping: the tables that only grow are pruned on a schedule, in small batches.

* ``processed_events`` (platform delivery keys, kept to ignore a retry) after the replay
  window (``REPLAY_WINDOW`` in the events repository): past it a key cannot come back.
* ``outbox`` rows **sent** more than ``SENT_KEPT`` ago. The scheduler only looks back at
  yesterday's and today's posts (and for skipped days at most 14 days back), so a
  month-old row no longer guards anything; rows not sent (pending, sending, failed, skipped)
  are kept.

Each batch of ``PRUNE_BATCH`` rows is its own short write transaction, so a check-in never
waits behind more than one batch; a second process pruning at the same time takes other rows
(Postgres) or the next turn (SQLite), and neither deletes anything twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from bot.db.repositories.events import REPLAY_WINDOW
from bot.db.uow import UnitOfWork, UnitOfWorkFactory, retrying

PRUNE_BATCH = 500
SENT_KEPT = timedelta(days=30)  # well past the 14 days the scheduler looks back

Batch = Callable[[UnitOfWork], Awaitable[int]]


@dataclass(frozen=True, slots=True)
class Pruned:
    events: int
    sent: int


async def prune(uow: UnitOfWorkFactory, now: datetime, *, batch: int = PRUNE_BATCH) -> Pruned:
    """Delete processed events older than the replay window and outbox rows sent more than
    ``SENT_KEPT`` ago, ``batch`` rows per transaction; how many of each were deleted."""
    events_before, sent_before = now - REPLAY_WINDOW, now - SENT_KEPT
    events = await _in_batches(uow, lambda u: u.events.prune(events_before, batch), batch)
    sent = await _in_batches(uow, lambda u: u.outbox.prune_sent(sent_before, batch), batch)
    return Pruned(events, sent)


async def _in_batches(uow: UnitOfWorkFactory, step: Batch, batch: int) -> int:
    total = 0
    while True:
        deleted = await retrying(partial(_one_batch, uow, step))
        total += deleted
        if deleted < batch:
            return total
        await asyncio.sleep(0)  # writers queued behind this batch go first


async def _one_batch(uow_factory: UnitOfWorkFactory, step: Batch) -> int:
    async with uow_factory() as uow:
        deleted = await step(uow)
        await uow.commit()
    return deleted
