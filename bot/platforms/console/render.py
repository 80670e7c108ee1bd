"""Plain-text rendering of neutral replies for the console."""

from __future__ import annotations

from pathlib import Path

from bot.platforms.console.files import file_name, save
from bot.replies import Reply


def render(
    reply: Reply,
    *,
    audience: str,
    files: Path,
    community: str,
    owner: str,
    number: int | None = None,
) -> str:
    """``audience`` is the member name for a private reply, or the channel for a post; an
    attachment is saved in ``files`` under the community's and ``owner``'s name; ``number``
    is the message's number for ``:press MSG N`` (messages with buttons only)."""
    head = f"[private → {audience}]" if reply.private else f"[#{audience}]"
    lines = [f"{head} {reply.title}" if reply.title else head]
    lines += [f"  {line}" for line in reply.text.splitlines()]
    for field in reply.fields:
        value = field.value.replace("\n", "\n    ")
        lines.append(f"  · {field.name}: {value}")
    if reply.buttons:
        labels = "  ".join(f"[{i}] {b.label}" for i, b in enumerate(reply.buttons, start=1))
        later = f"message {number}: :press N, later :press {number} N" if number else ":press N"
        lines.append(f"  buttons: {labels}   ({later})")
    if reply.attachment is not None:
        name = file_name(community, owner, reply.attachment.filename)
        path = save(files, name, reply.attachment.data, private=reply.private)
        lines.append(f"  attachment: {path} ({len(reply.attachment.data)} bytes)")
    for extra in reply.files:
        path = save(files, file_name(community, owner, extra.filename), extra.data, private=True)
        lines.append(f"  file: {path} ({len(extra.data)} bytes)")
    return "\n".join(lines)
