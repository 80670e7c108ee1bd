"""Which Discord shards one ``mlpath run discord`` process runs (SPEC §9).

``--shard-count N --shard-ids a-b`` (or ``MLPATH_DISCORD_SHARD_COUNT`` and
``MLPATH_DISCORD_SHARD_IDS``) split one bot over several processes: Discord sends each shard the
events of the guilds with ``(guild_id >> 22) % N == shard id``. Without them, discord.py's
``AutoShardedBot`` asks Discord (``GET /gateway/bot``) how many shards to run and runs them all
in this process. Pure parsing and checks: no discord import, so settings can use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Discord's own guidance tops out in the thousands of shards; a larger number is a typo.
MAX_SHARDS = 65_536
_PART = re.compile(r"^(\d+)(?:\s*-\s*(\d+))?$")
SHAPE = "give shard ids as a range or a list, e.g. 0-3 or 0,2"


class ShardError(ValueError):
    """A shard count or shard ids that cannot work; the message is one line saying why."""


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """``"0-3"``, ``"0,2"`` or ``"0-1,4"`` as sorted shard ids; ShardError when malformed."""
    ids: list[int] = []
    parts = [part.strip() for part in text.split(",")]
    if not text.strip() or any(not part for part in parts):
        raise ShardError(f"{text.strip()!r} names no shards; {SHAPE}")
    for part in parts:
        match = _PART.match(part)
        if match is None:
            raise ShardError(f"{part!r} is not a shard id or a range; {SHAPE}")
        first = int(match[1])
        last = int(match[2]) if match[2] is not None else first
        if last < first:
            raise ShardError(f"the range {part!r} runs backwards; write it {last}-{first}")
        if last >= MAX_SHARDS:
            raise ShardError(f"shard id {last} is far beyond any shard count; {SHAPE}")
        ids.extend(range(first, last + 1))
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ShardError(f"shard id {repeated[0]} is named twice in {text.strip()!r}")
    return tuple(sorted(ids))


def parse_shard_count(text: str) -> int:
    """A shard count: a whole number from 1; ShardError otherwise."""
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_SHARDS:
        raise ShardError(f"{value!r} is not a shard count (a whole number from 1, e.g. 2)")
    return int(value)


@dataclass(frozen=True, slots=True)
class Shards:
    """The shards of this process. ``count`` None: Discord says how many (automatic sharding);
    ``ids`` None: all of them."""

    count: int | None = None
    ids: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if self.ids is None:
            return
        if self.count is None:
            raise ShardError(
                "shard ids need a shard count (--shard-count or MLPATH_DISCORD_SHARD_COUNT): "
                "every process must agree on how many shards there are"
            )
        beyond = [i for i in self.ids if i >= self.count]
        if beyond:
            raise ShardError(
                f"shard id {beyond[0]} is not below the shard count {self.count} "
                f"(ids run from 0 to {self.count - 1})"
            )

    def bot_options(self) -> dict[str, Any]:
        """Keyword arguments for ``commands.AutoShardedBot``."""
        options: dict[str, Any] = {}
        if self.count is not None:
            options["shard_count"] = self.count
        if self.ids is not None:
            options["shard_ids"] = list(self.ids)
        return options

    def describe(self) -> str:
        if self.count is None:
            return "automatic sharding (Discord says how many shards)"
        ids = self.ids if self.ids is not None else tuple(range(self.count))
        return f"shard(s) {','.join(map(str, ids))} of {self.count}"
