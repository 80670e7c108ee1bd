"""Draws docs/running-at-scale.svg, the picture in the README's "Running at scale" section.

    python docs/diagrams/running_at_scale.py [OUT.svg]

Matplotlib only, so the picture is rebuilt from this file with what mlpath already installs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "mlpath"  # the same file from the same drawing
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "running-at-scale.svg"
PLATFORM, PROCESS, STORE, OPS = "#e8f0fe", "#fef7e0", "#e6f4ea", "#f3e8fd"


def box(ax, x, y, w, h, title, lines=(), colour=PROCESS, size=9.5):  # type: ignore[no-untyped-def]
    ax.add_patch(
        FancyBboxPatch(
            (x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.12",
            facecolor=colour, edgecolor="#5f6368", linewidth=1.1,
        )
    )
    ax.text(x + w / 2, y + h - 0.22, title, ha="center", va="top", fontsize=size, weight="bold")
    for i, line in enumerate(lines):
        ax.text(x + w / 2, y + h - 0.6 - i * 0.32, line, ha="center", va="top", fontsize=8)


def arrow(ax, start, end, label="", both=False, dashed=False):  # type: ignore[no-untyped-def]
    ax.add_patch(
        FancyArrowPatch(
            start, end, arrowstyle="<|-|>" if both else "-|>", mutation_scale=11,
            color="#3c4043", linewidth=1.0, linestyle="--" if dashed else "-",
        )
    )
    if label:
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        ax.text(mx, my + 0.12, label, ha="center", va="bottom", fontsize=7.5, color="#3c4043")


def main(out: Path = OUT) -> None:
    fig, ax = plt.subplots(figsize=(13, 8.0))
    ax.set_xlim(0, 13)
    ax.set_ylim(0, 8.0)
    ax.axis("off")

    box(ax, 0.2, 4.3, 2.7, 2.9, "Discord", ["gateway: one connection", "per shard (guild_id >> 22)",
        "% shard_count", "REST: 50 requests/s", "per bot token"], PLATFORM)
    box(ax, 0.2, 0.5, 2.7, 3.2, "Slack", ["Events API: signed", "HTTP requests", "Web API: one bot token",
        "per workspace", "OAuth: /slack/install"], PLATFORM)

    shard = ["door + services", "scheduler, outbox worker, ops :9108"]
    box(ax, 4.0, 5.45, 3.6, 1.75, "mlpath run discord", ["--shard-count 2 --shard-ids 0", *shard])
    box(ax, 4.0, 3.55, 3.6, 1.75, "mlpath run discord", ["--shard-count 2 --shard-ids 1", *shard])
    box(ax, 4.0, 0.5, 3.6, 2.45, "mlpath run slack --http", ["replicas behind a TLS proxy",
        "any replica answers any workspace", *shard])

    box(ax, 9.0, 3.0, 3.8, 3.2, "PostgreSQL", ["members, check-ins, XP ledger", "outbox: each post leased",
        "by one process, sent once", "Slack installs: tokens", "encrypted (MLPATH_SECRET_KEY)",
        "(SQLite in WAL: one machine)"], STORE)
    box(ax, 9.0, 0.5, 3.8, 1.9, "Prometheus / orchestrator", ["scrapes /metrics",
        "probes /readyz (503 when a", "connection or the DB is down)"], OPS)

    for y in (6.3, 4.4):
        arrow(ax, (2.9, y + 0.05), (4.0, y + 0.05), "gateway", both=True)
        arrow(ax, (7.6, y), (9.0, 4.6 + (y - 5.35) * 0.6), "SQL", both=True)
    arrow(ax, (4.0, 5.75), (2.9, 5.0), "REST posts")
    arrow(ax, (2.9, 2.3), (4.0, 2.3), "events")
    arrow(ax, (4.0, 1.2), (2.9, 1.2), "Web API")
    arrow(ax, (7.6, 2.2), (9.0, 3.3), "SQL", both=True)
    arrow(ax, (9.0, 1.45), (7.6, 1.45), "scrape, probe", dashed=True)

    ax.text(6.5, 7.85, "Several processes, one database: shards split the gateway, replicas share "
            "Slack's HTTP traffic,", ha="center", fontsize=9.5)
    ax.text(6.5, 7.55, "and every process may queue and send any post, leased through the shared "
            "outbox so each goes out once.", ha="center", fontsize=9.5)
    fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
