"""The bolt app: one slash command with the shared text grammar, buttons, retries de-duplicated."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.middleware.authorization.async_single_team_authorization import (
    AsyncSingleTeamAuthorization,
)
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.bootstrap import App
from bot.commands.runner import guarded, new_error_id, unexpected_reply
from bot.commands.spec import Command
from bot.domain.errors import BadInput
from bot.platforms.slack.forms import (
    CALLBACK_ID,
    FormRequest,
    form_request,
    form_view,
    read_submission,
    submission_channel,
)
from bot.platforms.slack.installations import handle_leaving, oauth_options, workspaces_of
from bot.platforms.slack.profiles import ProfileCache, command_of, needs_fresh_admin
from bot.platforms.slack.publisher import SlackPublisher
from bot.platforms.slack.render import blocks, messages, post_kwargs
from bot.replies import CUSTOM_ID_PREFIX, Reply, form_target
from bot.services.actor import Actor

log = logging.getLogger("mlpath.slack")
PLATFORM = "slack"


def make_client(app: App) -> AsyncWebClient:
    """The app's Web API client: with the bot token, or none in OAuth mode (each request
    and each post gets its workspace's own token)."""
    token = None if app.settings.slack_oauth else app.settings.secret("slack_bot_token")
    return AsyncWebClient(token=token, base_url=app.settings.slack_api_url)


def build_slack_app(app: App, client: AsyncWebClient | None = None) -> AsyncApp:
    """A bolt app bound to ``app``'s services; every Web API call goes to MLPATH_SLACK_API_URL."""
    settings = app.settings
    bolt = AsyncApp(
        client=client or make_client(app),
        signing_secret=settings.secret("slack_signing_secret"),
        raise_error_for_unhandled_request=False,
        **oauth_options(app),
    )
    door = SlackDoor(app)
    workspaces = workspaces_of(app)
    app.publishers.register(PLATFORM, SlackPublisher(bolt.client, tokens=workspaces))
    if workspaces is not None:
        handle_leaving(bolt, workspaces)
    bolt.command(settings.slack_command)(door.on_command)
    bolt.action(re.compile(f"^{CUSTOM_ID_PREFIX}[:@]"))(door.on_button)  # @: names a community
    bolt.view(CALLBACK_ID)(door.on_form)
    bolt.event("app_home_opened")(door.on_home)
    bolt.error(door.on_error)
    return bolt


def home_blocks(view_blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Home tab's blocks within its 100, saying so when some had to be left out."""
    if len(view_blocks) <= HOME_BLOCKS_MAX:
        return view_blocks
    more = Reply("There is more than the Home tab can show: type /mlpath today for the rest.")
    return [*view_blocks[: HOME_BLOCKS_MAX - 1], blocks(more)[0]]


async def warm_up(bolt: AsyncApp) -> None:
    """Call auth.test once before serving. bolt's single-workspace authorization makes that
    call on the first request and caches it; were the first traffic a burst (the daily post
    right after a restart), hundreds of requests would each make it at once."""
    for middleware in bolt._async_middleware_list:  # bolt offers no public hook for this
        if not isinstance(middleware, AsyncSingleTeamAuthorization):
            continue
        if middleware.auth_test_result is None:
            middleware.auth_test_result = await bolt.client.auth_test()


HOME_BLOCKS_MAX = 100  # a Home tab view holds 100 blocks
RESPONSE_URL_USES = 5  # Slack takes five messages through one response_url


class SlackDoor:
    def __init__(self, app: App) -> None:
        self.app = app
        self.profiles = ProfileCache()
        self.admins = set(app.settings.slack_admins)
        # Members who opened the Home tab while this process ran. Only their tab is kept fresh
        # after an action; anyone else's is drawn when they open it (app_home_opened), so a
        # burst of 500 check-ins does not also cost 500 dashboards and views.publish calls.
        self.home_viewers: set[tuple[str, str]] = set()

    async def actor(
        self, client: AsyncWebClient, body: dict[str, Any], *, fresh: bool = False
    ) -> Actor:
        """Who is acting; with ``fresh`` their admin status is read now, not from the cache
        (for destructive moderator actions: ``needs_fresh_admin``)."""
        team = body.get("team_id") or (body.get("team") or {}).get("id") or ""
        user = body.get("user_id") or (body.get("user") or {}).get("id") or ""
        fallback = body.get("user_name") or (body.get("user") or {}).get("username") or user
        channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
        profile = await self.profiles.get(client, team, user, fallback, fresh=fresh)
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
        fresh = needs_fresh_admin(command_of(self.app.dispatcher.commands, text))
        actor = await self.actor(client, body, fresh=fresh)
        reply = await self.app.dispatcher.text(actor, text)
        await self._deliver(respond, client, actor, reply)
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
                line = Reply(f"I could not open the form. Type {request.command.usage}")
                await respond(**messages(line)[0])

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
        submitted: tuple[Command, dict[str, Any]] | BadInput | None
        try:
            submitted = read_submission(self.app.dispatcher.commands, view)
        except BadInput as exc:
            submitted = exc
        fresh = isinstance(submitted, tuple) and needs_fresh_admin(submitted[0])
        who = {"team_id": team, "user_id": user, "channel_id": channel}
        actor = await self.actor(client, who, fresh=fresh)
        if isinstance(submitted, BadInput):
            reply = Reply(submitted.message)
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
        for part in messages(reply):
            await self._post_part(client, actor, channel, reply.private, post_kwargs(part))

    async def _post_part(
        self,
        client: AsyncWebClient,
        actor: Actor,
        channel: str | None,
        private: bool,
        kwargs: dict[str, Any],
    ) -> None:
        if channel:
            try:
                if private:
                    await client.chat_postEphemeral(channel=channel, user=actor.user_id, **kwargs)
                else:
                    await client.chat_postMessage(channel=channel, **kwargs)
                return
            except SlackApiError as exc:
                log.info(
                    "reply in %s failed (%s); sending a DM", channel, exc.response.get("error")
                )
        await client.chat_postMessage(channel=actor.user_id, **kwargs)

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
        view_blocks = home_blocks([*blocks(dashboard), {"type": "divider"}, *blocks(today)])
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
            await self._post_private(client, actor, None, reply)
            return
        await self._deliver(respond, client, actor, reply, replace_original=False)

    async def _deliver(
        self,
        respond: AsyncRespond,
        client: AsyncWebClient,
        actor: Actor,
        reply: Reply,
        *,
        replace_original: bool | None = None,
    ) -> None:
        """Through ``response_url``, a message at a time; a reply of more messages than it
        takes goes on with chat.postEphemeral / chat.postMessage, so none is dropped."""
        if reply.attachment is not None:
            reply = await self._send_file(client, actor.user_id, reply)
        parts = messages(reply)
        for part in parts[:RESPONSE_URL_USES]:
            if replace_original is not None:
                part["replace_original"] = replace_original
            response = await respond(**part)
            if response.status_code != 200:
                log.error(
                    "response_url refused a reply: %s %s", response.status_code, response.body
                )
        for part in parts[RESPONSE_URL_USES:]:
            await self._post_part(client, actor, actor.channel_id, reply.private, post_kwargs(part))

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
            await respond(**messages(unexpected_reply(error_id))[0])
        except Exception:  # the reply path itself is broken; the log has it
            log.warning("could not tell the user about error %s", error_id)
