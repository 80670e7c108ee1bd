"""Plain-text rendering of neutral replies for the console."""

from __future__ import annotations

from pathlib import Path

from bot.replies import Reply


def render(reply: Reply, *, audience: str, attachments_dir: Path) -> str:
    """``audience`` is the member name for a private reply, or the channel for a post."""
    head = f"[private → {audience}]" if reply.private else f"[#{audience}]"
    lines = [f"{head} {reply.title}" if reply.title else head]
    lines += [f"  {line}" for line in reply.text.splitlines()]
    for field in reply.fields:
        value = field.value.replace("\n", "\n    ")
        lines.append(f"  · {field.name}: {value}")
    if reply.buttons:
        labels = "  ".join(f"[{i}] {b.label}" for i, b in enumerate(reply.buttons, start=1))
        lines.append(f"  buttons: {labels}   (:press N)")
    if reply.attachment is not None:
        attachments_dir.mkdir(parents=True, exist_ok=True)
        path = attachments_dir / Path(reply.attachment.filename).name
        path.write_bytes(reply.attachment.data)
        lines.append(f"  attachment: {path} ({len(reply.attachment.data)} bytes)")
    return "\n".join(lines)
