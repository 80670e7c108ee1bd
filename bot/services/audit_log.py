"""/admin audit: the audit log a page at a time, filtered by kind and member, with what each
entry did (member, amount, question, role …) and its time in the community's timezone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.db.models import AuditEntry, Community
from bot.db.repositories.audit import AuditKind
from bot.db.uow import UnitOfWork
from bot.domain.errors import BadInput
from bot.domain.timeutil import human_date, zone
from bot.domain.wording import plural
from bot.replies import Field, Reply
from bot.services.actor import MemberRef
from bot.services.members import Enrolment, find_member
from bot.services.moderation import audit

__all__ = ["AuditKind", "audit_reply", "audit_view"]

AUDIT_PAGE = 10  # entries per page (a Slack message shows ten fields)
AUDIT_PAGES = 1000
HEADINGS: dict[str, str] = {
    "all": "Actions and refused attempts",
    "actions": "Moderator actions",
    "refused": "Refused attempts",
}


@dataclass(frozen=True, slots=True)
class AuditPage:
    community: Community
    kind: AuditKind
    member: str | None  # the name filtered by
    page: int
    entries: Sequence[AuditEntry]
    total: int
    names: dict[str, str]


async def audit_view(
    uow: UnitOfWork,
    enrolment: Enrolment,
    now: datetime,
    kind: AuditKind = "all",
    target: MemberRef | None = None,
    page: int = 1,
) -> AuditPage:
    """A moderator reads the log (in the caller's ``moderating`` unit): the page, and the
    read itself recorded after it (so it is not on the page it asked for)."""
    member = await find_member(uow, enrolment.community, target) if target else None
    view = await read_page(
        uow, enrolment.community, kind, (member.user_id, member.name) if member else None, page
    )
    detail: dict[str, Any] = {"kind": kind} if kind != "all" else {}
    if member is not None:
        detail["member"] = member.user_id
    if page != 1:
        detail["page"] = page
    await audit(uow, enrolment, "audit", now, **detail)
    return view


async def read_page(
    uow: UnitOfWork,
    community: Community,
    kind: AuditKind,
    member: tuple[str, str] | None,
    page: int,
) -> AuditPage:
    """Page ``page`` (1 is the newest) of the entries of ``kind``, by or about ``member``
    (user id, name) when given."""
    if not 1 <= page <= AUDIT_PAGES:
        raise BadInput(f"page must be between 1 and {AUDIT_PAGES}.")
    user_id = member[0] if member else None
    entries, total = await uow.audit.page(
        community.id, kind, user_id, (page - 1) * AUDIT_PAGE, AUDIT_PAGE
    )
    ids = {e.actor_user_id for e in entries}
    ids |= {str(e.detail["member"]) for e in entries if e.detail.get("member")}
    names = await uow.audit.names(community.id, ids)
    return AuditPage(community, kind, member[1] if member else None, page, entries, total, names)


def audit_reply(view: AuditPage) -> Reply:
    pages = max(1, -(-view.total // AUDIT_PAGE))
    heading = HEADINGS[view.kind] + (f" by or about {view.member}" if view.member else "")
    tz = view.community.timezone
    if not view.entries:
        text = (
            f"{heading}: page {view.page}, but there are only {plural(pages, 'page')}."
            if view.total
            else f"{heading}: none yet."
        )
        return Reply(text, title="Audit log")
    first = (view.page - 1) * AUDIT_PAGE + 1
    last = first + len(view.entries) - 1
    text = f"{heading}, newest first: {first}–{last} of {view.total}. Times in {tz}."
    if view.page < pages:
        text += f" Older ones: page:{view.page + 1}."
    fields = tuple(_field(e, view.names, tz) for e in view.entries)
    return Reply(text, title="Audit log", fields=fields)


def _field(entry: AuditEntry, names: dict[str, str], tz: str) -> Field:
    local = entry.at.astimezone(zone(tz))
    head = f"{human_date(local.date())} {local:%H:%M} · {entry.action}"
    if entry.outcome != "ok":
        attempts = int(entry.detail.get("attempts", 1))
        head += " · refused" + (f" ({attempts} attempts)" if attempts > 1 else "")
    value = f"by {names.get(entry.actor_user_id, entry.actor_user_id)}"
    what = what_of(entry.action, entry.detail, names)
    if what:
        value += f": {what}"
    if entry.reason:
        value += f" — {entry.reason}"
    return Field(head, value, inline=False)


def what_of(action: str, detail: dict[str, Any], names: dict[str, str]) -> str:
    """What an entry did, from its detail: member, amount, days, question, role …"""
    parts: list[str] = []
    if member := detail.get("member"):
        parts.append(names.get(str(member), str(member)))
    if "amount" in detail:
        parts.append(f"{int(detail['amount']):+d} XP")
    if isinstance(detail.get("days"), list):
        parts.append(plural(len(detail["days"]), "day") + " restored")
    if action == "roadmap-day" and "day" in detail:
        parts.append(f"to Day {detail['day']}")
    if question := detail.get("question"):
        parts.append(str(question))
    if "questions" in detail:
        topic = f" in {detail['topic']}" if detail.get("topic") else ""
        parts.append(plural(int(detail["questions"]), "question") + topic)
    if level := detail.get("level"):
        parts.append(f"{level} → {'@' + str(detail['role']) if detail.get('role') else 'no role'}")
    if channel := detail.get("channel"):
        parts.append(f"#{channel} at {detail.get('post_time')} {detail.get('timezone')}")
    for key in ("what", "format", "kind"):
        if detail.get(key):
            parts.append(str(detail[key]))
    if detail.get("page", 1) != 1:
        parts.append(f"page {detail['page']}")
    return ", ".join(parts)
