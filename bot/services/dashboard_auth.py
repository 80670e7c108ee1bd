"""Signing in to the web dashboard (SPEC §10): one-use links, sessions, CSRF tokens.

``/admin dashboard`` and ``/me dashboard`` reply privately with a link that works once,
within ``LINK_LIFE``, for that member of that community only. Opening it starts a session of
``SESSION_LIFE`` (a cookie the web door sets). Tokens are random; the database keeps only their
SHA-256, and what travels (the link, the cookie) is signed with ``itsdangerous``, so a tampered
value is refused before any look-up. The signing key is ``MLPATH_WEB_SECRET``, else derived
from ``MLPATH_SECRET_KEY``, else one made once per database (the console, the demo).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from itsdangerous import BadSignature, Signer, URLSafeSerializer

from bot.clock import Clock
from bot.db.models import Community, Member, WebLink, WebSession
from bot.db.uow import UnitOfWork, UnitOfWorkFactory
from bot.domain.errors import BadInput, Forbidden, NotFound
from bot.replies import Reply
from bot.services.actor import Actor
from bot.services.members import enrol
from bot.services.moderation import audit, moderating

LINK_LIFE = timedelta(minutes=15)
SESSION_LIFE = timedelta(days=7)
KEY_NAME = "dashboard"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def derived_key(secret: str) -> str:
    """The dashboard's own key from a shared secret (never the secret itself)."""
    return hmac.new(secret.encode(), b"mlpath web dashboard", hashlib.sha256).hexdigest()


class SignedOut(Exception):
    """No valid session: none, tampered, expired, revoked, or the member is gone."""


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking, as their session says, re-read on every request."""

    community_id: int
    community_name: str
    platform: str
    external_id: str
    member_id: int
    user_id: str
    name: str
    platform_moderator: bool  # as the link's command saw it
    moderator: bool  # the community's moderator list now, or platform power at sign-in
    csrf: str
    session: str  # the session token's hash


@dataclass(frozen=True, slots=True)
class SignIn:
    cookie: str  # the signed session token, for the cookie
    community_id: int
    moderator: bool


class DashboardAuth:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        base_url: str,
        secret: str | None = None,
    ) -> None:
        """``clock``: real time (links and sessions expire in the browser's time, also when
        the console's study clock is simulated)."""
        self._uow = uow
        self._clock = clock
        self.base_url = base_url.rstrip("/")
        self._key = derived_key(secret) if secret else None

    async def key(self) -> str:
        if self._key is None:
            async with self._uow() as uow:
                self._key = await uow.web.key(KEY_NAME, secrets.token_hex(32), self._clock.now())
                await uow.commit()
        return self._key

    def _serializer(self, salt: str) -> URLSafeSerializer:
        """Signs with the key: ``key()`` has run (never inside a unit of work: reading or
        storing the key is a unit of its own)."""
        assert self._key is not None
        return URLSafeSerializer(self._key, salt=salt)

    # --- the commands ------------------------------------------------------------------------

    async def admin_link(self, actor: Actor) -> Reply:
        """A link to the organiser view; only for moderators (refusals audited)."""
        await self.key()
        async with moderating(self._uow, self._clock, actor, "dashboard") as (uow, en, now):
            url = await self._new_link(uow, en.community, en.member, actor.platform_moderator)
            await audit(uow, en, "dashboard", now, what="sign-in link")
            await uow.commit()
        return self._link_reply(url, "the organiser view")

    async def member_link(self, actor: Actor) -> Reply:
        await self.key()
        async with self._uow() as uow:
            en = await enrol(uow, actor, self._clock.now())
            url = await self._new_link(uow, en.community, en.member, actor.platform_moderator)
            await uow.commit()
        return self._link_reply(url, "your dashboard")

    async def revoke(self, actor: Actor) -> Reply:
        async with self._uow() as uow:
            found = await uow.members.enrolled(actor.platform, actor.community_id, actor.user_id)
            ended = 0
            if found is not None:
                ended = await uow.web.revoke(found[1].id, self._clock.now())
            await uow.commit()
        if not ended:
            return Reply("You had no dashboard sessions; unused sign-in links are void now too.")
        return Reply(
            f"Signed out of the dashboard everywhere ({ended} session"
            f"{'' if ended == 1 else 's'}). /me dashboard gives you a new link."
        )

    async def _new_link(
        self, uow: UnitOfWork, community: Community, member: Member, platform_moderator: bool
    ) -> str:
        await uow.session.flush()  # a member enrolled just now has an id
        now = self._clock.now()
        await uow.web.prune(member.id, now)
        token = secrets.token_urlsafe(24)
        await uow.web.add_link(
            WebLink(
                token_hash=token_hash(token),
                member_id=member.id,
                community_id=community.id,
                platform_moderator=platform_moderator,
                created_at=now,
                expires_at=now + LINK_LIFE,
            )
        )
        signed = self._serializer("mlpath-signin").dumps(token)
        return f"{self.base_url}/c/{community.id}/signin/{signed}"

    @staticmethod
    def _link_reply(url: str, what: str) -> Reply:
        return Reply(
            f"Open {what}: {url}\nThe link works once, within 15 minutes, and only for you; "
            "it signs that browser in for 7 days. /me dashboard revoke signs you out everywhere.",
            title="Dashboard",
        )

    # --- the web door ------------------------------------------------------------------------

    async def sign_in(self, community_id: int, signed: str) -> SignIn:
        """Exchange a link for a session; BadInput saying why a link is refused."""
        await self.key()
        try:
            token = self._serializer("mlpath-signin").loads(signed)
        except BadSignature:
            raise BadInput("This sign-in link is not valid. Ask for a new one.") from None
        now = self._clock.now()
        async with self._uow() as uow:
            link = await uow.web.link(token_hash(str(token)))
            if link is None or link.community_id != community_id:
                raise BadInput("This sign-in link is not valid here. Ask for a new one.")
            if link.used_at is not None or not await uow.web.use_link(link.token_hash, now):
                raise BadInput(
                    "This sign-in link was already used; each link works once. "
                    "Ask for a new one with /me dashboard or /admin dashboard."
                )
            if link.expires_at <= now:
                await uow.commit()
                raise BadInput("This sign-in link has expired (links last 15 minutes).")
            session = secrets.token_urlsafe(32)
            await uow.web.add_session(
                WebSession(
                    token_hash=token_hash(session),
                    member_id=link.member_id,
                    community_id=link.community_id,
                    platform_moderator=link.platform_moderator,
                    created_at=now,
                    expires_at=now + SESSION_LIFE,
                )
            )
            found = await uow.web.session_of(token_hash(session))
            assert found is not None
            await uow.commit()
        cookie = self._serializer("mlpath-session").dumps(session)
        return SignIn(cookie, community_id, _moderates(found[0], found[1]))

    async def viewer(self, cookie: str | None) -> Viewer:
        """The signed-in viewer of a request, or SignedOut."""
        if not cookie:
            raise SignedOut
        await self.key()
        try:
            session = str(self._serializer("mlpath-session").loads(cookie))
        except BadSignature:
            raise SignedOut from None
        async with self._uow(write=False) as uow:
            found = await uow.web.session_of(token_hash(session))
        if found is None or found[0].expires_at <= self._clock.now():
            raise SignedOut
        row, member, community = found
        csrf = Signer(self._key or "", salt="mlpath-csrf").get_signature(session).decode()
        return Viewer(
            community_id=community.id,
            community_name=community.name or community.external_id,
            platform=community.platform,
            external_id=community.external_id,
            member_id=member.id,
            user_id=member.user_id,
            name=member.name,
            platform_moderator=row.platform_moderator,
            moderator=_moderates(row, member),
            csrf=csrf,
            session=row.token_hash,
        )

    @staticmethod
    def check_csrf(viewer: Viewer, token: str | None) -> None:
        if not token or not hmac.compare_digest(token, viewer.csrf):
            raise Forbidden("This form has expired or did not come from your dashboard.")

    async def sign_out(self, viewer: Viewer) -> None:
        async with self._uow() as uow:
            await uow.web.end_session(viewer.session)
            await uow.commit()

    async def public(self, actor: Actor, state: str | None) -> Reply:
        """``/admin dashboard public on|off`` (nothing: say whether it is on)."""
        await self.key()
        async with moderating(self._uow, self._clock, actor, "dashboard") as (
            uow,
            en,
            now,
        ):
            url = f"{self.base_url}/c/{en.community.id}/public"
            if state is None:
                on = await uow.web.is_public(en.community.id)
                await uow.commit()
                return Reply(
                    f"The public page is {'on: ' + url if on else 'off'}. "
                    "/admin dashboard public on|off changes it."
                )
            changed = await uow.web.set_public(en.community.id, state == "on", now)
            if changed:
                await audit(uow, en, "dashboard", now, what=f"public {state}")
            await uow.commit()
        if state == "on":
            return Reply(
                f"The public page is on: {url} — leaderboards and shipped projects, without "
                "members who chose /me hide. Nothing private is on it."
            )
        return Reply("The public page is off; its address now answers 404.")


def _moderates(row: WebSession, member: Member) -> bool:
    return member.is_moderator or row.platform_moderator


def require_moderator(viewer: Viewer) -> None:
    if not viewer.moderator:
        raise Forbidden("This page is for the organisers of this community.")


def require_community(viewer: Viewer, community_id: int) -> None:
    """A session never reads another community: as if it did not exist."""
    if viewer.community_id != community_id:
        raise NotFound("There is no such page.")
