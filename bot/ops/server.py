"""``/healthz``, ``/readyz`` and ``/metrics`` on ``MLPATH_OPS_PORT`` for every ``mlpath run``
process (SPEC §9). Readiness asks each registered check (the database, every platform
connection of the process, the scheduler) and answers 503 with the ones that are down."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.ops.metrics import Metrics

log = logging.getLogger("mlpath.ops")
Check = Callable[[], Awaitable[bool]]
CHECK_SECONDS = 2.0


class OpsServer:
    def __init__(self, metrics: Metrics, host: str = "127.0.0.1", port: int = 9108) -> None:
        self.metrics = metrics
        self.host, self.port = host, port
        self._checks: dict[str, Check] = {}
        self._runner: web.AppRunner | None = None

    def check(self, name: str, probe: Check) -> None:
        """Add a readiness check: ``probe`` answers whether ``name`` is up."""
        self._checks[name] = probe

    def application(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/metrics", self._metrics)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.application(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # an ephemeral port (tests): note the one the OS gave
            self.port = int(self._runner.addresses[0][1])
        log.info("ops endpoints on http://%s:%s (/healthz /readyz /metrics)", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def readiness(self) -> dict[str, bool]:
        names = list(self._checks)
        results = await asyncio.gather(*(self._probe(self._checks[n]) for n in names))
        return dict(zip(names, results, strict=True))

    @staticmethod
    async def _probe(probe: Check) -> bool:
        try:
            async with asyncio.timeout(CHECK_SECONDS):
                return await probe()
        except Exception:  # a probe that fails or hangs means "down", never a 500
            return False

    async def _healthz(self, _request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def _readyz(self, _request: web.Request) -> web.Response:
        checks = await self.readiness()
        ready = all(checks.values())
        down = sorted(name for name, up in checks.items() if not up)
        body = {"ready": ready, "checks": checks, "down": down}
        return web.json_response(body, status=200 if ready else 503)

    async def _metrics(self, _request: web.Request) -> web.Response:
        body = await self.metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
