"""The ``mlpath`` command with discord.py pointed at a fake Discord (not a test module).

    MLPATH_FAKE_DISCORD_API=http://127.0.0.1:PORT/api/v10 \\
    MLPATH_FAKE_DISCORD_GATEWAY=ws://127.0.0.1:PORT/gateway \\
    python tests/platforms/discord_process.py run discord --shard-count 2 --shard-ids 1

Exactly ``mlpath`` (``bot.cli.main``) with its arguments; only discord.py's REST base and
default gateway are moved to the fake first, as ``FakeDiscord.patch_discord`` does in-process.
"""

from __future__ import annotations

import os
import sys

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.cli import main

if __name__ == "__main__":
    Route.BASE = os.environ["MLPATH_FAKE_DISCORD_API"]
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["MLPATH_FAKE_DISCORD_GATEWAY"])
    sys.argv[0] = "mlpath"
    main()
