"""The bolt app: one slash command with the shared text grammar, buttons, retries de-duplicated."""

from __future__ import annotations

import logging
import re
from typing import Any

from aiolimiter import AsyncLimiter
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.middleware.authorization.async_single_team_authorization import (
    AsyncSingleTeamAuthorization,
)
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.bootstrap import App
from bot.commands.runner import guarded, new_error_id, unexpected_reply
from bot.domain.errors import BadInput
from bot.platforms.slack.forms import (
    CALLBACK_ID,
    FormRequest,
    form_request,
    form_view,
    read_submission,
    submission_channel,
)
from bot.platforms.slack.profiles import ProfileCache
from bot.platforms.slack.render import blocks, message
from bot.replies import CUSTOM_ID_PREFIX, Reply, form_target
from bot.services.actor import Actor
from bot.services.ports import DeliveryFailed

log = logging.getLogger("mlpath.slack")
PLATFORM = "slack"


def make_client(app: App) -> AsyncWebClient:
    token = app.settings.secret("slack_bot_token")
    return AsyncWebClient(token=token, base_url=app.settings.slack_api_url)


def build_slack_app(app: App, client: AsyncWebClient | None = None) -> AsyncApp:
    """A bolt app bound to ``app``'s services; every Web API call goes to MLPATH_SLACK_API_URL."""
    settings = app.settings
    bolt = AsyncApp(
        client=client or make_client(app),
        signing_secret=settings.secret("slack_signing_secret"),
        raise_error_for_unhandled_request=False,
    )
    door = SlackDoor(app)
    app.publishers.register(PLATFORM, SlackPublisher(bolt.client))
    bolt.command(settings.slack_command)(door.on_command)
    bolt.action(re.compile(f"^{CUSTOM_ID_PREFIX}:"))(door.on_button)
    bolt.view(CALLBACK_ID)(door.on_form)
    bolt.event("app_home_opened")(door.on_home)
    bolt.error(door.on_error)
    return bolt


async def warm_up(bolt: AsyncApp) -> None:
    """Call auth.test once before serving. bolt's single-workspace authorization makes that
    call on the first request and caches it; were the first traffic a burst (the daily post
    right after a restart), hundreds of requests would each make it at once."""
    for middleware in bolt._async_middleware_list:  # bolt offers no public hook for this
        if not isinstance(middleware, AsyncSingleTeamAuthorization):
            continue
        if middleware.auth_test_result is None:
            middleware.auth_test_result = await bolt.client.auth_test()


HOME_BLOCKS_MAX = 100

# Slack allows about one message per second per channel.
CHANNEL_RATE_PER_SECOND = 1.0


def _failure(exc: SlackApiError) -> DeliveryFailed:
    status = exc.response.status_code
    error = str(exc.response.get("error", "unknown_error"))
    if status == 429 or status >= 500:
        retry_after = float(exc.response.headers.get("Retry-After", 0) or 0) or 5.0
        return DeliveryFailed(f"Slack {status}: {error}", retry_after=retry_after)
    return DeliveryFailed(f"Slack {status}: {error}")


class SlackPublisher:
    """chat.postMessage, paced per channel; the text is escaped, so nothing pings."""

    def __init__(self, client: AsyncWebClient, rate: float = CHANNEL_RATE_PER_SECOND) -> None:
        self._client = client
        self._rate = rate
        self.rate = rate  # per channel; the outbox sizes its claims and overlap by it
        self._limiters: dict[str, AsyncLimiter] = {}

    async def _send(self, channel: str, reply: Reply) -> str:
        payload = message(reply)
        payload.pop("response_type")
        limiter = self._limiters.setdefault(channel, AsyncLimiter(1, 1 / self._rate))
        async with limiter:
            try:
                response = await self._client.chat_postMessage(channel=channel, **payload)
            except SlackApiError as exc:
                raise _failure(exc) from exc
        return str(response.get("ts", ""))

    async def post(
        self, community_id: str, channel_id: str, reply: Reply, *, key: str | None = None
    ) -> str:
        return await self._send(channel_id, reply)

    async def dm(self, community_id: str, user_id: str, reply: Reply) -> str:
        return await self._send(user_id, reply)  # a user id as channel: the app's DM

    async def grant_role(self, community_id: str, user_id: str, role_id: str, reason: str) -> str:
        return ""  # Slack has no roles; /admin ladder-roles refuses there

    async def channel_exists(self, community_id: str, channel_id: str) -> bool:
        try:
            response = await self._client.conversations_info(channel=channel_id)
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error not in ("channel_not_found", "not_in_channel"):  # e.g. missing_scope
                log.error("conversations.info for %s failed: %s", channel_id, error)
            return False
        return bool(response.get("ok"))


class SlackDoor:
    def __init__(self, app: App) -> None:
        self.app = app
        self.profiles = ProfileCache()
        self.admins = set(app.settings.slack_admins)
        # Members who opened the Home tab while this process ran. Only their tab is kept fresh
        # after an action; anyone else's is drawn when they open it (app_home_opened), so a
        # burst of 500 check-ins does not also cost 500 dashboards and views.publish calls.
        self.home_viewers: set[tuple[str, str]] = set()

    async def actor(self, client: AsyncWebClient, body: dict[str, Any]) -> Actor:
        team = body.get("team_id") or (body.get("team") or {}).get("id") or ""
        user = body.get("user_id") or (body.get("user") or {}).get("id") or ""
        fallback = body.get("user_name") or (body.get("user") or {}).get("username") or user
        channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
        profile = await self.profiles.get(client, team, user, fallback)
        return Actor(
            platform=PLATFORM,
            community_id=team,
            user_id=user,
            user_name=profile.name,
            community_name=body.get("team_domain") or (body.get("team") or {}).get("domain"),
            channel_id=channel,
            platform_timezone=profile.tz,
            platform_moderator=profile.admin or user in self.admins,
        )

    async def first_delivery(self, body: dict[str, Any]) -> bool:
        """Slack retries (X-Slack-Retry-Num) and double deliveries are handled once. Called
        after the ack, so the database is never between Slack and its 3 seconds."""
        key = body.get("event_id") or body.get("trigger_id")
        if key and not await self.app.services.platform.first_delivery(f"slack:{key}"):
            log.info("duplicate Slack delivery %s ignored", key)
            return False
        return True

    async def on_command(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """Ack at once (empty), then do the work and answer through ``response_url``."""
        await ack()
        text = body.get("text") or "help"
        request = form_request(self.app.dispatcher.commands, text, body.get("channel_id"))
        if request is not None:
            await self._open_form(client, body.get("trigger_id", ""), request, respond)
            return
        if not await self.first_delivery(body):
            return
        actor = await self.actor(client, body)
        reply = await self.app.dispatcher.text(actor, text)
        await self._deliver(respond, client, actor.user_id, reply)
        self.refresh_home(client, actor)

    async def _open_form(
        self,
        client: AsyncWebClient,
        trigger_id: str,
        request: FormRequest,
        respond: AsyncRespond | None,
    ) -> None:
        """views.open with the form; if Slack refuses (an expired trigger), say what to type."""
        try:
            await client.views_open(trigger_id=trigger_id, view=form_view(request))
        except SlackApiError as exc:
            log.warning("views.open failed: %s", exc.response.get("error"))
            if respond is not None:
                await respond(
                    **message(Reply(f"I could not open the form. Type {request.command.usage}"))
                )

    async def on_form(
        self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """A submitted form: closed at once; the reply comes privately where it was opened."""
        await ack()
        if not await self.first_delivery(body):
            return
        team = (body.get("team") or {}).get("id") or (view.get("team_id") or "")
        user = (body.get("user") or {}).get("id") or ""
        channel = submission_channel(view)
        actor = await self.actor(client, {"team_id": team, "user_id": user, "channel_id": channel})
        try:
            submitted = read_submission(self.app.dispatcher.commands, view)
        except BadInput as exc:
            reply = Reply(exc.message)
        else:
            if submitted is None:
                reply = Reply("That form no longer does anything. Type /mlpath help to see more.")
            else:
                reply = await self.app.dispatcher.command(actor, *submitted)
                self.refresh_home(client, actor)
        await self._post_private(client, actor, channel, reply)

    async def _post_private(
        self, client: AsyncWebClient, actor: Actor, channel: str | None, reply: Reply
    ) -> None:
        """chat.postEphemeral in the channel; the app's DM when there is none (or it fails)."""
        if reply.attachment is not None:
            reply = await self._send_file(client, actor.user_id, reply)
        payload = message(reply)
        payload.pop("response_type")
        if channel:
            try:
                if reply.private:
                    await client.chat_postEphemeral(channel=channel, user=actor.user_id, **payload)
                else:
                    await client.chat_postMessage(channel=channel, **payload)
                return
            except SlackApiError as exc:
                log.info(
                    "reply in %s failed (%s); sending a DM", channel, exc.response.get("error")
                )
        await client.chat_postMessage(channel=actor.user_id, **payload)

    async def on_home(
        self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """The Home tab: the member's dashboard and today's post, refreshed when opened."""
        if event.get("tab") not in (None, "home") or not await self.first_delivery(body):
            return
        team = body.get("team_id") or ""
        actor = await self.actor(client, {"team_id": team, "user_id": event.get("user", "")})
        self.home_viewers.add((actor.community_id, actor.user_id))
        await self.publish_home(client, actor)

    async def publish_home(self, client: AsyncWebClient, actor: Actor) -> None:
        services = self.app.services
        dashboard = await guarded(actor, "home", lambda: services.career.dashboard(actor))
        today = await guarded(actor, "home", lambda: services.roadmap.today(actor))
        view_blocks = [*blocks(dashboard), {"type": "divider"}, *blocks(today)][:HOME_BLOCKS_MAX]
        await client.views_publish(
            user_id=actor.user_id, view={"type": "home", "blocks": view_blocks}
        )

    def refresh_home(self, client: AsyncWebClient, actor: Actor) -> None:
        """Publish the Home tab again in the background, after the member's own action, when
        they have looked at it (the dashboard only reads: refreshing never enrols anyone)."""
        if (actor.community_id, actor.user_id) not in self.home_viewers:
            return
        self.app.background.spawn(
            self.publish_home(client, actor), name=f"slack-home-{actor.user_id}"
        )

    async def on_button(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        await ack()
        custom_id = action.get("action_id", "")
        target = form_target(custom_id)
        if target is not None:
            command = self.app.dispatcher.commands.named(target)
            if command is not None and command.form:
                channel = (body.get("channel") or {}).get("id")
                has_url = bool(body.get("response_url"))
                request = FormRequest(command, "", channel)
                await self._open_form(
                    client, body.get("trigger_id", ""), request, respond if has_url else None
                )
                return
        if not await self.first_delivery(body):
            return
        actor = await self.actor(client, body)
        reply = await self.app.dispatcher.press(actor, custom_id)
        self.refresh_home(client, actor)
        if not body.get("response_url"):  # a button on the Home tab: answer in the app's DM
            payload = message(reply)
            payload.pop("response_type")
            await client.chat_postMessage(channel=actor.user_id, **payload)
            return
        await self._deliver(respond, client, actor.user_id, reply, replace_original=False)

    async def _deliver(
        self,
        respond: AsyncRespond,
        client: AsyncWebClient,
        user_id: str,
        reply: Reply,
        *,
        replace_original: bool | None = None,
    ) -> None:
        if reply.attachment is not None:
            reply = await self._send_file(client, user_id, reply)
        payload = message(reply)
        if replace_original is not None:
            payload["replace_original"] = replace_original
        await respond(**payload)

    async def _send_file(self, client: AsyncWebClient, user_id: str, reply: Reply) -> Reply:
        """Files go to the member's DM with the bot (private and downloadable); returns the
        reply that says so."""
        assert reply.attachment is not None
        opened = await client.conversations_open(users=user_id)
        channel = (opened.get("channel") or {}).get("id")
        await client.files_upload_v2(
            channel=channel,
            content=reply.attachment.data,
            filename=reply.attachment.filename,
            title=reply.attachment.filename,
            initial_comment=reply.text,
        )
        return Reply(f"{reply.text} I sent it to you as a direct message.", title=reply.title)

    async def on_error(self, error: Exception, body: dict[str, Any], respond: AsyncRespond) -> None:
        """Failures outside the dispatcher (rendering, Web API): log an id, tell the user."""
        error_id = new_error_id()
        log.error(
            "unexpected Slack failure [%s]",
            error_id,
            exc_info=error,
            extra={
                "platform": PLATFORM,
                "community": body.get("team_id", ""),
                "member": body.get("user_id", ""),
                "error_id": error_id,
            },
        )
        if isinstance(error, SlackApiError) or not body.get("response_url"):
            return
        try:
            await respond(**message(unexpected_reply(error_id)))
        except Exception:  # the reply path itself is broken; the log has it
            log.warning("could not tell the user about error %s", error_id)
