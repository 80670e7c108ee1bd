"""The outbox: every post is a row first, then delivered — at least once, never lost.

Choice: **at-least-once**. A row is claimed (``sending``, with a lease), sent, and marked
``sent`` with the platform message id. If the process dies after the platform accepted the
post but before ``sent`` was committed, the lease (``LEASE``) expires and the post is sent
again: that gap — milliseconds between the platform's answer and our commit — is the only
window for a duplicate. On Discord even that resend is absorbed: each post carries a nonce
derived from its outbox id with ``enforce_nonce``, so Discord returns the first message
instead of creating a second one. A worker that outlived its lease can no longer release or
fail a row another worker took over. Posts are not dropped: 429 and 5xx answers are retried
with capped exponential backoff (honouring Retry-After) for as long as the post still makes
sense (``GIVE_UP_AFTER``, a day); only permanent refusals (missing access, unknown channel)
and posts older than that end as ``failed`` — and every such ending is logged.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from bot.clock import Clock
from bot.db.models import Community
from bot.db.repositories import Claimed, NewPost
from bot.db.uow import UnitOfWork, UnitOfWorkFactory, retrying
from bot.ops.metrics import Metrics, OutboxState
from bot.replies import Reply, reply_from_dict, reply_to_dict
from bot.services.ports import DeliveryFailed, Publishers

log = logging.getLogger("mlpath.outbox")

LEASE = timedelta(seconds=60)
DEFAULT_RATE = 1.0  # sends per second assumed for a publisher that declares no ``rate``
MIN_OBSERVED_RATE = 0.01
MAX_IN_FLIGHT = 4
GIVE_UP_AFTER = timedelta(days=1)
BACKOFF_CAP = timedelta(minutes=10)
DM_PREFIX = "dm:"
ROLE_PREFIX = "role:"
# A private message to several members at once (Slack: a group DM opened with
# conversations.open; console: printed once): "group:U1,U2". Sent by the publisher's ``post``.
GROUP_PREFIX = "group:"


def new_post(
    community: Community,
    kind: str,
    key: str,
    reply: Reply,
    now: datetime,
    *,
    channel: str | None = None,
    not_before: datetime | None = None,
    status: str = "pending",
) -> NewPost | None:
    """The outbox row of a post, or None when the community has no channel for it."""
    target = channel or community.channel_id
    if not target:
        log.info("no channel for %s/%s in community %s", kind, key, community.external_id)
        return None
    return NewPost(
        community_id=community.id,
        kind=kind,
        key=key,
        payload={"channel": target, "reply": reply_to_dict(reply)},
        status=status,
        attempts=0,
        not_before=not_before or now,
        created_at=now,
    )


async def enqueue(
    uow: UnitOfWork,
    community: Community,
    kind: str,
    key: str,
    reply: Reply,
    now: datetime,
    *,
    channel: str | None = None,
    not_before: datetime | None = None,
    status: str = "pending",
) -> bool:
    """Queue a post in the caller's transaction; False when (community, kind, key) exists."""
    post = new_post(
        community, kind, key, reply, now, channel=channel, not_before=not_before, status=status
    )
    return post is not None and await uow.outbox.enqueue(post)


async def enqueue_role_grant(
    uow: UnitOfWork,
    community: Community,
    user_id: str,
    level_key: str,
    role_id: str,
    reason: str,
    now: datetime,
) -> bool:
    """Queue giving a member the platform role mapped to a level they hold: once per member,
    level and role. ``reason`` goes to the platform's audit log."""
    return await enqueue(
        uow,
        community,
        "role",
        f"{user_id}:level:{level_key}:{role_id}",
        Reply(reason),
        now,
        channel=f"{ROLE_PREFIX}{role_id}:{user_id}",
    )


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    wait = timedelta(seconds=min(2 ** max(attempts - 1, 0), BACKOFF_CAP.total_seconds()))
    return max(wait, timedelta(seconds=retry_after or 0))


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    lost: int = 0  # claimed, but another worker took the lease over before the send: not sent

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed


def _channel_of(row: Claimed) -> tuple[str, str, str]:
    return row.platform, row.community, str(row.payload["channel"])


class DeliveryService:
    """Claims due rows, sends them through the platform's publisher, records the outcome.

    The lease is honoured per send, not per batch: right before each send one short
    transaction checks that this worker still holds the row's lease (the claim it made, not
    a later one) and extends it; a row whose lease was lost is not sent. While a send is in
    flight its lease is extended every third of ``lease``, so a slow platform call does not
    hand the row to another replica. The claim size follows the platform's pace (the
    publisher's ``rate`` in sends per second, else ``DEFAULT_RATE``, and slower when the
    sends were slower), so a batch is sent well within its lease. A publisher that declares
    its ``rate`` paces itself, so up to ``MAX_IN_FLIGHT`` sends to different channels
    overlap (one channel's posts still go out in order); others get one send at a time.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        publishers: Publishers,
        worker: str,
        *,
        lease: timedelta = LEASE,
        metrics: Metrics | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._publishers = publishers
        self._worker = worker
        self._lease = lease
        self._metrics = metrics
        self._stopping = False
        self._flying: set[int] = set()  # rows whose send has started
        self._observed: float | None = None  # sends per second of the last batch

    # --- pace ----------------------------------------------------------------------------------

    def _declared_rate(self, platform: str) -> float | None:
        rate = getattr(self._publishers.get(platform), "rate", None)
        return float(rate) if isinstance(rate, int | float) and rate > 0 else None

    def claim_size(self, platforms: list[str], limit: int) -> int:
        """At most what the slowest platform sends in half a lease."""
        pace = min(self._declared_rate(p) or DEFAULT_RATE for p in platforms)
        if self._observed is not None:
            pace = min(pace, self._observed)
        return max(1, min(limit, int(pace * self._lease.total_seconds() / 2)))

    def _in_flight(self, platforms: list[str]) -> int:
        paced = all(self._declared_rate(p) is not None for p in platforms)
        return MAX_IN_FLIGHT if paced else 1

    # --- delivery ------------------------------------------------------------------------------

    @property
    def stopping(self) -> bool:
        return self._stopping

    def stop(self) -> None:
        """Take no new rows and start no new send; the sends in flight finish."""
        self._stopping = True

    async def release(self) -> int:
        """After ``stop``: hand back this worker's leased rows that were never sent, so another
        process delivers them at once (a send still in flight keeps its lease)."""
        async with self._uow() as uow:
            released = await uow.outbox.release(self._worker, sorted(self._flying))
            await uow.commit()
        return released

    async def deliver_due(self, limit: int = 50) -> DeliveryReport:
        report = DeliveryReport()
        platforms = self._publishers.platforms()
        if not platforms or self._stopping:
            return report
        now = self._clock.now()
        size = self.claim_size(platforms, limit)
        lease = self._lease
        async with self._uow() as uow:
            claimed = await uow.outbox.claim(self._worker, platforms, now, now - lease, size)
            await uow.commit()
        if not claimed:
            return report
        started = time.monotonic()
        await self._send_all(claimed, report, self._in_flight(platforms))
        elapsed = time.monotonic() - started
        if elapsed > 0:
            self._observed = max(len(claimed) / elapsed, MIN_OBSERVED_RATE)
        return report

    async def deliver_now(self, row_id: int) -> bool:
        """Send one row right away, ahead of any backlog; True when it was sent."""
        report = DeliveryReport()
        async with self._uow() as uow:
            row = await uow.outbox.claim_one(self._worker, row_id, self._clock.now())
            await uow.commit()
        if row is not None:
            await self._send_all([row], report, 1, fresh=True)
        return report.sent == 1

    async def drain(self, limit: int = 50) -> DeliveryReport:
        """Deliver until nothing is due (console and tests)."""
        total = DeliveryReport()
        while (batch := await self.deliver_due(limit)).handled:
            total.sent += batch.sent
            total.retried += batch.retried
            total.failed += batch.failed
            total.lost += batch.lost
            if not batch.sent and not batch.failed:
                break
        return total

    async def _send_all(
        self, rows: list[Claimed], report: DeliveryReport, in_flight: int, *, fresh: bool = False
    ) -> None:
        """Send the rows, ``in_flight`` at a time, one channel's rows in order, while a
        heartbeat keeps the leases of the rows in flight."""
        flying: dict[int, Claimed] = {}
        heartbeat = asyncio.create_task(self._heartbeat(flying), name="outbox-lease")
        try:
            if in_flight == 1:
                for row in rows:
                    await self._send_checked(row, report, flying, fresh=fresh)
                return
            await self._send_overlapping(rows, report, flying, in_flight)
        finally:
            heartbeat.cancel()
            await asyncio.gather(heartbeat, return_exceptions=True)

    async def _send_overlapping(
        self, rows: list[Claimed], report: DeliveryReport, flying: dict[int, Claimed], limit: int
    ) -> None:
        pending = list(rows)
        running: dict[asyncio.Task[None], tuple[str, str, str]] = {}
        try:
            while pending or running:
                waiting: set[tuple[str, str, str]] = set()
                index = 0
                while len(running) < limit and index < len(pending):
                    channel = _channel_of(pending[index])
                    if channel in waiting or channel in running.values():
                        waiting.add(channel)  # after the earlier post of that channel
                        index += 1
                        continue
                    row = pending.pop(index)
                    task = asyncio.create_task(self._send_checked(row, report, flying))
                    running[task] = channel
                done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    del running[task]
                    task.result()  # a send that died takes the worker with it, like before
        finally:
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)

    async def _heartbeat(self, flying: dict[int, Claimed]) -> None:
        every = self._lease.total_seconds() / 3
        while True:
            await asyncio.sleep(every)
            rows = list(flying.values())
            if not rows:
                continue
            try:
                kept = await retrying(partial(self._renew, rows))
            except Exception:
                log.exception("could not extend the outbox leases of %d row(s)", len(rows))
                continue
            for row in rows:
                if row.id not in kept and row.id in flying:
                    log.warning("outbox row %s: lease lost while its send was in flight", row.id)

    async def _renew(self, rows: list[Claimed]) -> set[int]:
        """Extend this worker's leases on ``rows``; the ids it still held."""
        async with self._uow() as uow:
            kept = await uow.outbox.renew(self._worker, rows, self._clock.now())
            await uow.commit()
        return kept

    async def _send_checked(
        self,
        row: Claimed,
        report: DeliveryReport,
        flying: dict[int, Claimed],
        *,
        fresh: bool = False,
    ) -> None:
        """Send one row if this worker still holds its lease (checked and extended in one
        short transaction right before the send; ``fresh``: it was claimed just now). After
        ``stop``, no new send starts: the row is left for ``release``."""
        if self._stopping:
            return
        if not fresh and row.id not in await retrying(partial(self._renew, [row])):
            log.info("outbox row %s: lease taken over by another worker; not sent", row.id)
            report.lost += 1
            return
        flying[row.id] = row
        self._flying.add(row.id)
        try:
            await self._deliver_one(row, report)
        finally:
            flying.pop(row.id, None)
            self._flying.discard(row.id)

    async def _deliver_one(self, row: Claimed, report: DeliveryReport) -> None:
        reply = reply_from_dict(row.payload["reply"])
        channel = str(row.payload["channel"])
        try:
            publisher = self._publishers.get(row.platform)
            if channel.startswith(DM_PREFIX):
                message_id = await publisher.dm(row.community, channel[len(DM_PREFIX) :], reply)
            elif channel.startswith(ROLE_PREFIX):
                role_id, _, user_id = channel[len(ROLE_PREFIX) :].partition(":")
                message_id = await publisher.grant_role(row.community, user_id, role_id, reply.text)
            else:
                message_id = await publisher.post(row.community, channel, reply, key=f"mlp{row.id}")
        except DeliveryFailed as failure:
            await self._failed(row, failure, report)
            return
        except Exception as exc:  # an unexpected error is retried like a 5xx
            log.exception("delivery of outbox row %s failed unexpectedly", row.id)
            await self._failed(row, DeliveryFailed(repr(exc), retry_after=5), report)
            return
        await retrying(partial(self._mark_sent, row.id, message_id))
        report.sent += 1
        self._count(row.platform, "sent")

    async def _mark_sent(self, row_id: int, message_id: str) -> None:
        async with self._uow() as uow:
            await uow.outbox.mark_sent(row_id, message_id, self._clock.now())
            await uow.commit()

    async def _failed(self, row: Claimed, failure: DeliveryFailed, report: DeliveryReport) -> None:
        now = self._clock.now()
        row_id = row.id
        give_up = failure.permanent or now - row.created_at > GIVE_UP_AFTER
        async with self._uow() as uow:
            if give_up:
                await uow.outbox.mark_failed(row_id, self._worker, failure.reason)
            else:
                later = now + backoff(row.attempts, failure.retry_after)
                await uow.outbox.retry_later(row_id, self._worker, failure.reason, later)
            await uow.commit()
        if failure.rate_limited and self._metrics is not None:
            self._metrics.rate_limited.labels(row.platform).inc()
        if give_up:
            log.error("outbox row %s failed for good: %s", row_id, failure.reason)
            report.failed += 1
            self._count(row.platform, "failed")
        else:
            log.info("outbox row %s will be retried: %s", row_id, failure.reason)
            report.retried += 1
            self._count(row.platform, "retry")

    def _count(self, platform: str, result: str) -> None:
        if self._metrics is not None:
            self._metrics.deliveries.labels(platform, result).inc()

    async def outbox_state(self) -> OutboxState:
        """The outbox's depth and the age of its oldest due post (for the metrics)."""
        now = self._clock.now()
        async with self._uow(write=False) as uow:
            pending, oldest = await uow.outbox.pending_state(now)
        age = 0.0 if oldest is None else max((now - oldest).total_seconds(), 0.0)
        return OutboxState(pending, age)
