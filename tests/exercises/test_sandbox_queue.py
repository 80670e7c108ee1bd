"""At most ``slots`` sandboxes run at once; the others wait in order and learn their place."""

from __future__ import annotations

import asyncio

from bot.exercises.runtime import Runtime
from bot.exercises.sandbox import Job, Sandbox

HONEST = Job(
    "def attempt():\n    return 'done'\n",
    "from submission import attempt\n\n\ndef test_attempt():\n    assert attempt() == 'done'\n",
    "from submission import attempt\n\n\ndef test_again():\n    assert attempt() == 'done'\n",
)


async def test_one_slot_queues_the_rest_in_order(runtime: Runtime) -> None:
    sandbox = Sandbox(1, runtime, probe=False)
    heard: list[int] = []
    outcomes = await asyncio.gather(*(sandbox.run(HONEST, heard.append) for _ in range(3)))
    assert [o.verdict for o in outcomes] == ["passed"] * 3
    assert [o.queued for o in outcomes] == [0, 1, 2]  # the first ran at once
    assert heard == [1, 2] and sandbox.waiting == 0


async def test_a_cancelled_wait_leaves_the_queue(runtime: Runtime) -> None:
    sandbox = Sandbox(1, runtime, probe=False)
    first = asyncio.create_task(sandbox.run(HONEST))
    await asyncio.sleep(0)  # the first holds the slot
    second = asyncio.create_task(sandbox.run(HONEST))
    await asyncio.sleep(0)
    assert sandbox.waiting == 1
    second.cancel()
    await asyncio.gather(second, return_exceptions=True)
    assert sandbox.waiting == 0
    assert (await first).verdict == "passed"


async def test_callers_during_the_first_check_share_one_probe(runtime: Runtime) -> None:
    sandbox = Sandbox(1)
    results = await asyncio.gather(*(sandbox.check() for _ in range(3)))
    assert results == [None, None, None]
