"""Portfolio projects (SPEC §5): idea → building → shipped, with capped XP.

XP and the ladder's shipped-project evidence cannot be farmed: a project ships only after an
update on an earlier study day and with a repo or demo link; adding and shipping each earn XP
at most ``PROJECT_XP_PER_WEEK`` times a Monday-first week; a moderator's ``/admin project
reject`` withdraws what a project earned through the ledger (``ProjectService.reject``).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from bot.clock import Clock
from bot.db.models import Member, Project, ProjectUpdate
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import BadInput, NotFound
from bot.domain.periods import week_start
from bot.domain.wording import plural
from bot.replies import Field, Reply
from bot.services.actor import Actor, MemberRef
from bot.services.members import enrol, find_member, member_today, subject, visit
from bot.services.moderation import audit, moderating
from bot.services.outbox import enqueue
from bot.services.progress import Progression
from bot.services.stewardship import check_reason

ADD_XP = 20
PROJECT_XP_PER_WEEK = 3  # adds, and ships, that earn XP in a week: one rule for both
UPDATE_XP = 10
SHIP_XP = 100
NAME_MAX = 100
TEXT_MAX = 500
URL_MAX = 300
STATUSES = ("idea", "building", "shipped")  # and "rejected", by a moderator
STATUS_ICONS = {"idea": "💡", "building": "🔧", "shipped": "🚀", "rejected": "⛔"}


def clean_name(name: str | None) -> str:
    text = " ".join((name or "").split())
    if not text:
        raise BadInput('Give the project a name, e.g. /project add "Movie recommender".')
    if len(text) > NAME_MAX:
        raise BadInput(f"The project name is {len(text)} characters; keep it to {NAME_MAX}.")
    return text


def clean_text(text: str | None, what: str, *, required: bool = False) -> str | None:
    value = (text or "").strip()
    if not value:
        if required:
            raise BadInput(f"Write a {what}.")
        return None
    if len(value) > TEXT_MAX:
        raise BadInput(f"The {what} is {len(value)} characters; keep it to {TEXT_MAX}.")
    return value


def clean_url(url: str | None, what: str) -> str | None:
    """http(s) links only, with a host; anything else is refused, never stored."""
    value = (url or "").strip().strip("<>")
    if not value:
        return None
    try:  # urllib raises ValueError on a broken host ("http://[::1") or port
        parts = urlsplit(value)
        host, _ = parts.hostname, parts.port
    except ValueError:
        host = None
    if (
        not host
        or parts.scheme.lower() not in ("http", "https")
        or any(c.isspace() for c in value)
        or len(value) > URL_MAX
    ):
        raise BadInput(
            f"The {what} must be an http(s) link of up to {URL_MAX} characters, "
            "e.g. https://github.com/you/project."
        )
    return value


def _key(name: str) -> str:
    return name.casefold()


async def weekly_xp(uow: UnitOfWork, member: Member, reason: str, amount: int, day: date) -> int:
    """``amount`` while the member earned ``reason`` fewer than ``PROJECT_XP_PER_WEEK`` times
    in the Monday-first week of study day ``day``; else 0 (adds and ships alike)."""
    earned = await uow.xp.count_since(member.id, reason, week_start(day))
    return amount if earned < PROJECT_XP_PER_WEEK else 0


def no_xp(what: str) -> str:
    return f"no XP this time: {what} projects earns XP {PROJECT_XP_PER_WEEK} times a week"


def refuse_rejected(project: Project) -> None:
    if project.status == "rejected":
        raise BadInput(f"{project.name} was rejected by a moderator; it earns nothing more.")


class ProjectService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, progress: Progression) -> None:
        self._uow = uow
        self._clock = clock
        self._progress = progress

    async def add(
        self, actor: Actor, name: str, repo: str | None = None, description: str | None = None
    ) -> Reply:
        name = clean_name(name)
        repo = clean_url(repo, "repo")
        description = clean_text(description, "description")
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now, lock=True)
            member, community = enrolment.member, enrolment.community
            if await uow.projects.named(member.id, _key(name)) is not None:
                raise BadInput(f"You already have a project called {name}.")
            project = await uow.projects.add(
                Project(
                    member_id=member.id,
                    name=name,
                    name_key=_key(name),
                    repo=repo,
                    description=description,
                    status="idea",
                    created_at=now,
                    updated_at=now,
                )
            )
            day = member_today(member, community, now)
            xp = await weekly_xp(uow, member, "project-add", ADD_XP, day)
            if xp:
                await uow.xp.award(member, xp, "project-add", f"project-add:{project.id}", now, day)
                await self._progress.review(uow, community, member, now)
            await uow.commit()
        earned = f"+{xp} XP" if xp else no_xp("adding")
        return Reply(
            f"Added {name} as an idea ({earned}). Log progress with /project update, "
            "and on a later day, when it is out with a repo or demo link, /project ship.",
            title="Project added",
        )

    async def update(
        self, actor: Actor, project_name: str, note: str, status: str | None = None
    ) -> Reply:
        note_text = clean_text(note, "note on what changed", required=True)
        assert note_text is not None
        if status is not None and status not in ("idea", "building"):
            raise BadInput("status must be idea or building; ship a project with /project ship.")
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now, lock=True)
            member, community = enrolment.member, enrolment.community
            project = await own_project(uow, member, project_name)
            refuse_rejected(project)
            if status is not None:
                if project.status == "shipped":
                    raise BadInput(f"{project.name} is already shipped; its status stays shipped.")
                if STATUSES.index(status) < STATUSES.index(project.status):
                    raise BadInput(
                        f"{project.name} is already {project.status}; a project moves forward: "
                        "idea → building → shipped."
                    )
                project.status = status
            project.updated_at = now
            day = member_today(member, community, now)
            await uow.projects.add_update(
                ProjectUpdate(
                    project_id=project.id,
                    note=note_text,
                    status=project.status,
                    study_day=day,
                    at=now,
                )
            )
            key = f"project-update:{project.id}:{day.isoformat()}"
            xp = (
                UPDATE_XP
                if await uow.xp.award(member, UPDATE_XP, "project-update", key, now, day)
                else 0
            )
            if xp:
                await self._progress.review(uow, community, member, now)
            await uow.commit()
        earned = f"+{xp} XP" if xp else "updates earn XP once per project per day"
        return Reply(
            f"Noted on {project.name} ({project.status}; {earned}).", title="Project update"
        )

    async def ship(self, actor: Actor, project_name: str, demo: str | None = None) -> Reply:
        demo = clean_url(demo, "demo link")
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await enrol(uow, actor, now, lock=True)
            member, community = enrolment.member, enrolment.community
            project = await own_project(uow, member, project_name)
            if project.status == "shipped":
                raise BadInput(f"{project.name} is already shipped.")
            refuse_rejected(project)
            day = member_today(member, community, now)
            if not any(u.study_day < day for u in await uow.projects.updates(project.id)):
                raise BadInput(
                    f"{project.name} ships after at least one /project update on an earlier "
                    "study day: log your progress today, and ship it tomorrow or later."
                )
            if not (demo or project.repo or project.demo):
                raise BadInput(
                    f"Shipping needs a link people can open: /project ship "
                    f"{_quoted(project.name)} https://… with the demo or the repository."
                )
            project.status, project.demo = "shipped", demo or project.demo
            project.shipped_at = project.updated_at = now
            xp = await weekly_xp(uow, member, "project-ship", SHIP_XP, day)
            await uow.xp.award(
                member,
                xp,  # 0 beyond the weekly cap: the row still carries the ship, for a rejection
                "project-ship",
                f"project-ship:{project.id}",
                now,
                day,
                shipped=1,  # ladder evidence, counted with the ship (the member row is locked)
            )
            first = member.shipped_projects == 1
            await enqueue(
                uow,
                community,
                "project",
                f"{member.user_id}:ship:{project.id}",
                shipped_announcement(member.name, project, first=first),
                now,
            )
            await self._progress.review(uow, community, member, now)
            await uow.commit()
        earned = f"+{xp} XP" if xp else "N" + no_xp("shipping")[1:]
        return Reply(
            f"Shipped {project.name}! {earned}. The channel hears about it.",
            title="Project shipped",
        )

    async def reject(
        self, actor: Actor, target: MemberRef, project_name: str, reason: str
    ) -> Reply:
        """``/admin project reject``: the project's XP (add, updates, ship) and its shipped
        evidence are withdrawn by negative ledger rows on the study days they were earned,
        so the member's total, the ladder and the week and month boards all follow."""
        why = check_reason(reason)
        async with moderating(self._uow, self._clock, actor, "project reject") as (uow, en, now):
            member = await find_member(uow, en.community, target, lock=True)
            project = await own_project(uow, member, project_name, whose=member.name)
            if project.status == "rejected":
                raise BadInput(f"{member.name}'s {project.name} is already rejected.")
            shipped = project.status == "shipped"
            rows = await uow.xp.by_source(
                member.id,
                (f"project-add:{project.id}", f"project-ship:{project.id}"),
                (f"project-update:{project.id}:",),
            )
            today = member_today(member, en.community, now)
            for row in rows:
                await uow.xp.award(
                    member,
                    -row.amount,
                    "project-reject",
                    f"project-reject:{row.source_key}",
                    now,
                    row.study_day or today,
                    shipped=-1 if row.reason == "project-ship" else 0,
                )
            withdrawn = sum(row.amount for row in rows)
            project.status, project.updated_at = "rejected", now
            await self._progress.review(uow, en.community, member, now)
            await audit(
                uow,
                en,
                "project reject",
                now,
                reason=why,
                member=member.user_id,
                project=project.name,
                amount=-withdrawn,
            )
            await uow.commit()
        evidence = " and no longer counts as a shipped project" if shipped else ""
        return Reply(
            f"Rejected {member.name}'s {project.name}: {withdrawn} XP withdrawn{evidence} "
            f"(they have {member.xp:,} XP now). Reason recorded: {why}"
        )

    async def list(self, actor: Actor, target: MemberRef | None = None) -> Reply:
        now = self._clock.now()
        async with self._uow() as uow:
            enrolment = await visit(uow, actor, now)
            member = await subject(uow, enrolment, target)
            projects = await uow.projects.of_member(member.id)
            notes = await uow.projects.latest_notes([p.id for p in projects])
            await uow.commit()
        own = member.id == enrolment.member.id
        if not projects:
            if own:
                return Reply(
                    "You have no projects yet. Start one with /project add NAME [repo] "
                    "[description]: a portfolio of shipped projects is what the ladder asks for."
                )
            return Reply(f"{member.name} has no projects yet.")
        fields = tuple(_project_field(p, notes.get(p.id)) for p in projects)
        shipped = sum(p.status == "shipped" for p in projects)
        return Reply(
            f"{plural(len(projects), 'project')}, {shipped} shipped.",
            title="Your projects" if own else f"{member.name}'s projects",
            fields=fields,
        )


async def own_project(
    uow: UnitOfWork, member: Member, name: str, *, whose: str | None = None
) -> Project:
    """The member's project by name, case-insensitively, or by a unique start of it; a start
    that fits several lists them. ``whose``: the owner's name when a moderator asks."""
    wanted = _key(" ".join((name or "").split()))
    project = await uow.projects.named(member.id, wanted, lock=True) if wanted else None
    if project is not None:
        return project
    projects = await uow.projects.of_member(member.id)
    matches = [p for p in projects if wanted and p.name_key.startswith(wanted)]
    if len(matches) == 1:
        return await uow.projects.named(member.id, matches[0].name_key, lock=True) or matches[0]
    shown = " ".join((name or "").split())[:NAME_MAX]
    if matches:
        names = ", ".join(p.name for p in matches)
        raise BadInput(
            f"{len(matches)} projects start with {shown}: {names}. Type more of the name."
        )
    owner = f"{whose} has" if whose else "You have"
    if not projects:
        hint = "" if whose else "; start one with /project add NAME"
        raise NotFound(f"{owner} no projects yet{hint}.")
    names = ", ".join(p.name for p in projects)
    theirs = "Their" if whose else "Your"
    raise NotFound(f"{owner} no project called {shown}. {theirs} projects: {names}.")


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def _project_field(project: Project, latest: ProjectUpdate | None) -> Field:
    lines = [f"{STATUS_ICONS.get(project.status, '')} {project.status}".strip()]
    if project.description:
        lines.append(project.description)
    if project.repo:
        lines.append(f"repo: {project.repo}")
    if project.demo:
        lines.append(f"demo: {project.demo}")
    if latest is not None:
        lines.append(f"latest: {latest.note} ({latest.study_day:%d %b})")
    return Field(project.name, "\n".join(lines), inline=False)


def shipped_announcement(name: str, project: Project, *, first: bool = False) -> Reply:
    fields = tuple(
        Field(label, url, inline=False)
        for label, url in (("Repo", project.repo), ("Demo", project.demo))
        if url
    )
    what = "their first portfolio project, " if first else ""
    return Reply(
        f"{name} shipped {what}{project.name}."
        + (f"\n{project.description}" if project.description else ""),
        title="🚀 First project shipped" if first else "🚀 Project shipped",
        fields=fields,
        private=False,
    )
