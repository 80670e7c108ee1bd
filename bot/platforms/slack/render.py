"""Neutral replies as Block Kit within Slack's limits. All text is escaped, so nothing in it
can ping.

User text reaches Slack escaped (``&``, ``<`` and ``>``, Slack's own escaping, so no mention,
channel link or ``<!channel>`` can form) in ``mrkdwn`` text objects marked ``verbatim`` (Slack
does not turn ``@channel`` or URLs in them into anything); posts say ``parse: none`` too.

A reply too long for a block is split, never cut: its text over several sections, a long field
over several fields, fields ten to a section, and the blocks fifty to a message
(https://docs.slack.dev/reference/block-kit/blocks/section-block).
"""

from __future__ import annotations

from typing import Any

from bot.platforms.chunks import clip, measure, split_text, units
from bot.replies import Button, Reply

SECTION_MAX = 3000  # a section's text
FIELD_MAX = 2000  # each field's text
FIELDS_PER_SECTION = 10
BLOCKS_PER_MESSAGE = 50
BUTTONS_PER_BLOCK = 25  # elements of an actions block
BUTTON_MAX = 75
FIELD_NAME_MAX = 500  # a field's bold name, so its value has room beside it
CONTINUED = " (continued)"
BLANK = "\u200b"  # Slack refuses an empty text object


def escape(text: str) -> str:
    """Slack's own escaping: with &, < and > escaped no mention or link can form."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escaped(char: str) -> int:
    """What one character costs once escaped."""
    return len(escape(char)) if char in "&<>" else units(char)


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object Slack shows as written: no mention, channel or link parsing."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def fallback_text(reply: Reply) -> str:
    """The notification / screen-reader text of a message (the blocks hold the whole reply)."""
    head = f"{reply.title}: " if reply.title else ""
    return clip(escape(head + reply.text), SECTION_MAX)


def _sections(reply: Reply) -> list[dict[str, Any]]:
    texts = [escape(p) for p in split_text(reply.text, SECTION_MAX, _escaped) if p.strip()]
    if reply.title:
        head = f"*{escape(clip(reply.title, FIELD_NAME_MAX))}*"
        if texts and measure(head) + 1 + measure(texts[0]) <= SECTION_MAX:
            texts[0] = f"{head}\n{texts[0]}"
        else:
            texts.insert(0, head)
    if not texts and not reply.fields:
        texts = [BLANK]
    return [{"type": "section", "text": mrkdwn(text)} for text in texts]


def _field_texts(reply: Reply) -> list[str]:
    """Each field as ``*name*\\nvalue`` within the field limit; a long value goes on in
    further fields named "… (continued)"."""
    out: list[str] = []
    for field in reply.fields:
        name = escape(clip(field.name, FIELD_NAME_MAX))
        room = FIELD_MAX - measure(f"*{name}{CONTINUED}*\n")
        pieces = split_text(field.value, room, _escaped)
        for index, piece in enumerate(pieces):
            label = name if index == 0 else name + CONTINUED
            out.append(f"*{label}*\n{escape(piece)}")
    return out


def _button(button: Button) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(button.label, BUTTON_MAX)},
        "action_id": button.custom_id,
        "value": button.custom_id,
    }
    if button.style in ("primary", "danger"):
        element["style"] = button.style
    elif button.style == "success":
        element["style"] = "primary"
    return element


def blocks(reply: Reply) -> list[dict[str, Any]]:
    """Every block of the reply (a message holds fifty: see ``messages``)."""
    out = _sections(reply)
    fields = _field_texts(reply)
    for start in range(0, len(fields), FIELDS_PER_SECTION):
        chunk = fields[start : start + FIELDS_PER_SECTION]
        out.append({"type": "section", "fields": [mrkdwn(text) for text in chunk]})
    for start in range(0, len(reply.buttons), BUTTONS_PER_BLOCK):
        row = reply.buttons[start : start + BUTTONS_PER_BLOCK]
        out.append({"type": "actions", "elements": [_button(b) for b in row]})
    return out


def messages(reply: Reply) -> list[dict[str, Any]]:
    """Keyword arguments for each message of the reply (ack/respond/chat.postMessage, with
    ``post_kwargs`` for the Web API): fifty blocks to a message."""
    every = blocks(reply)
    response_type = "ephemeral" if reply.private else "in_channel"
    out = []
    for start in range(0, len(every), BLOCKS_PER_MESSAGE):
        text = fallback_text(reply) if start == 0 else clip(escape(f"{reply.title or ''} …"), 150)
        out.append(
            {
                "text": text,
                "blocks": every[start : start + BLOCKS_PER_MESSAGE],
                "response_type": response_type,
            }
        )
    return out


def post_kwargs(part: dict[str, Any]) -> dict[str, Any]:
    """A message for chat.postMessage / chat.postEphemeral: no response type, and ``parse:
    none`` so Slack links no names or channels in it."""
    kwargs = {key: value for key, value in part.items() if key != "response_type"}
    kwargs["parse"] = "none"
    return kwargs
