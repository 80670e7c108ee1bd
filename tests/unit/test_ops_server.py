"""The operations endpoints on their own (issue 14): health always, readiness naming what is
down, metrics in Prometheus text with the outbox read at each scrape."""

from __future__ import annotations

import aiohttp

from bot.ops.metrics import Metrics, OutboxState
from bot.ops.server import OpsServer


async def test_health_readiness_and_metrics() -> None:
    metrics = Metrics()
    ops = OpsServer(metrics, port=0)
    gateway = {"up": True}

    async def gateway_up() -> bool:
        return gateway["up"]

    async def database_hangs() -> bool:
        raise ConnectionError("no answer")

    pending = {"n": 3}

    async def outbox() -> OutboxState:
        return OutboxState(pending["n"], 42.0 if pending["n"] else 0.0)

    ops.check("discord", gateway_up)
    metrics.watch_outbox(outbox)
    await ops.start()
    base = f"http://127.0.0.1:{ops.port}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/healthz") as r:
                assert r.status == 200
            async with http.get(f"{base}/readyz") as r:
                assert r.status == 200 and (await r.json())["checks"] == {"discord": True}
            gateway["up"] = False
            ops.check("database", database_hangs)
            async with http.get(f"{base}/readyz") as r:
                assert r.status == 503
                assert (await r.json())["down"] == ["database", "discord"]
            metrics.command("checkin", "ok", 0.012)
            metrics.command("checkin", "ok", 0.020)
            metrics.deliveries.labels("discord", "sent").inc()
            async with http.get(f"{base}/metrics") as r:
                assert r.status == 200 and r.headers["Content-Type"].startswith("text/plain")
                body = await r.text()
            assert 'mlpath_commands_total{command="checkin",outcome="ok"} 2.0' in body
            assert 'mlpath_command_seconds_bucket{command="checkin",le="0.025"} 2.0' in body
            assert 'mlpath_deliveries_total{platform="discord",result="sent"} 1.0' in body
            assert "mlpath_outbox_pending 3.0" in body
            assert "mlpath_outbox_oldest_pending_seconds 42.0" in body
            pending["n"] = 0
            async with http.get(f"{base}/metrics") as r:
                assert "mlpath_outbox_pending 0.0" in await r.text()
    finally:
        await ops.stop()
