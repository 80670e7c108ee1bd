"""Neutral replies as Block Kit. All text is escaped, so nothing in it can ping."""

from __future__ import annotations

from typing import Any

from bot.replies import Reply

SECTION_MAX = 3000
FIELD_MAX = 2000
BUTTON_MAX = 75


def escape(text: str) -> str:
    """Slack's own escaping: with &, < and > escaped no mention or link can form."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fallback_text(reply: Reply) -> str:
    """The notification / screen-reader text of a message."""
    head = f"{reply.title}: " if reply.title else ""
    return _clip(escape(head + reply.text), SECTION_MAX)


def blocks(reply: Reply) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    body = escape(reply.text)
    if reply.title:
        body = f"*{escape(reply.title)}*\n{body}"
    out.append({"type": "section", "text": {"type": "mrkdwn", "text": _clip(body, SECTION_MAX)}})
    if reply.fields:
        fields = [
            {
                "type": "mrkdwn",
                "text": _clip(f"*{escape(f.name)}*\n{escape(f.value)}", FIELD_MAX),
            }
            for f in reply.fields[:10]
        ]
        out.append({"type": "section", "fields": fields})
    if reply.buttons:
        elements = []
        for button in reply.buttons[:25]:
            element: dict[str, Any] = {
                "type": "button",
                "text": {"type": "plain_text", "text": _clip(button.label, BUTTON_MAX)},
                "action_id": button.custom_id,
                "value": button.custom_id,
            }
            if button.style in ("primary", "danger"):
                element["style"] = button.style
            elif button.style == "success":
                element["style"] = "primary"
            elements.append(element)
        out.append({"type": "actions", "elements": elements})
    return out


def message(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for ack/respond/chat.postMessage."""
    return {
        "text": fallback_text(reply),
        "blocks": blocks(reply),
        "response_type": "ephemeral" if reply.private else "in_channel",
    }
