"""Pictures for replies, drawn with matplotlib's Agg backend off the event loop."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from datetime import date


def _checkins_png(days: Sequence[date], counts: Sequence[int], title: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # a Figure needs no global pyplot state
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(8, 3), dpi=100)
    axes = figure.add_subplot()
    axes.bar([d.strftime("%d %b") for d in days], counts, color="#2e86c1")
    axes.set_title(title)
    axes.set_ylabel("check-ins")
    axes.tick_params(axis="x", labelrotation=90, labelsize=7)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


async def checkins_per_day(days: Sequence[date], counts: Sequence[int], title: str) -> bytes:
    """A bar chart as PNG bytes; rendering runs in a worker thread, never on the event loop."""
    return await asyncio.to_thread(_checkins_png, list(days), list(counts), title)
