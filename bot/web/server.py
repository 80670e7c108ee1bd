"""``mlpath run web``: the dashboard on ``MLPATH_WEB_HOST:MLPATH_WEB_PORT`` (SPEC §10)."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from bot.services.registry import Services
from bot.web.app import web_application

log = logging.getLogger("mlpath.web")


class WebServer:
    def __init__(self, services: Services, host: str, port: int, base_url: str) -> None:
        self.services = services
        self.host, self.port = host, port
        self.base_url = base_url
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        secure = self.base_url.startswith("https://")
        self._runner = web.AppRunner(web_application(self.services, secure=secure), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # an ephemeral port (tests): note the one the OS gave
            self.port = int(self._runner.addresses[0][1])
        log.info("dashboard on http://%s:%s (public URL %s)", self.host, self.port, self.base_url)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def alive(self) -> bool:
        return self._runner is not None

    async def until_stopped(self) -> None:
        """Wait while the server serves (``mlpath run web``: until SIGTERM cancels it)."""
        await asyncio.Event().wait()
