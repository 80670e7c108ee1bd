"""Portfolio projects (SPEC §5): idea → building → shipped, with capped XP."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.clock import Clock
from bot.db.models import Member, Project, ProjectUpdate
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import BadInput, NotFound
from bot.domain.periods import week_start
from bot.replies import Field, Reply
from bot.services.actor import Actor, MemberRef
from bot.services.members import enrol, member_today, subject, visit
from bot.services.outbox import enqueue
from bot.services.progress import Progression

ADD_XP = 20
ADD_XP_PER_WEEK = 3
UPDATE_XP = 10
SHIP_XP = 100
NAME_MAX = 100
TEXT_MAX = 500
URL_MAX = 300
STATUSES = ("idea", "building", "shipped")
STATUS_ICONS = {"idea": "💡", "building": "🔧", "shipped": "🚀"}


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
            added = await uow.xp.count_since(member.id, "project-add", week_start(day))
            xp = ADD_XP if added < ADD_XP_PER_WEEK else 0
            if xp:
                await uow.xp.award(member, xp, "project-add", f"project-add:{project.id}", now, day)
                await self._progress.review(uow, community, member, now)
            await uow.commit()
        earned = (
            f"+{xp} XP"
            if xp
            else f"no XP this time: adding projects earns XP {ADD_XP_PER_WEEK} times a week"
        )
        return Reply(
            f"Added {name} as an idea ({earned}). Log progress with /project update, "
            "and when it is out, /project ship.",
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
            project = await self._own(uow, member, project_name)
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
            project = await self._own(uow, member, project_name)
            if project.status == "shipped":
                raise BadInput(f"{project.name} is already shipped.")
            project.status, project.demo = "shipped", demo or project.demo
            project.shipped_at = project.updated_at = now
            day = member_today(member, community, now)
            await uow.xp.award(
                member,
                SHIP_XP,
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
        return Reply(
            f"Shipped {project.name}! +{SHIP_XP} XP. The channel hears about it.",
            title="Project shipped",
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
            f"{len(projects)} project(s), {shipped} shipped.",
            title="Your projects" if own else f"{member.name}'s projects",
            fields=fields,
        )

    @staticmethod
    async def _own(uow: UnitOfWork, member: Member, name: str) -> Project:
        """The member's project by name, case-insensitively, or by a unique start of it."""
        wanted = _key(" ".join((name or "").split()))
        project = await uow.projects.named(member.id, wanted, lock=True) if wanted else None
        if project is not None:
            return project
        projects = await uow.projects.of_member(member.id)
        matches = [p for p in projects if wanted and p.name_key.startswith(wanted)]
        if len(matches) == 1:
            return matches[0]
        raise NotFound(_unknown(name, projects))


def _unknown(name: str, projects: Sequence[Project]) -> str:
    shown = " ".join((name or "").split())[:NAME_MAX]
    if not projects:
        return "You have no projects yet; start one with /project add NAME."
    names = ", ".join(p.name for p in projects)
    return f"You have no project called {shown}. Your projects: {names}."


def _project_field(project: Project, latest: ProjectUpdate | None) -> Field:
    lines = [f"{STATUS_ICONS[project.status]} {project.status}"]
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
