"""The room socket: thin. Parse a frame, check the person may act, call an action, reply.

Room-wide events arrive already encoded through the per-process hub (fanout.py); events for
this person alone (help, alerts, removal) arrive on their personal group.
"""

import json
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tearspace.accounts.models import User
from tearspace.conversations import actions as engine
from tearspace.core.validators import (
    BadInput,
    id_or_none,
    key_of_refused_frame,
    number_or_none,
    parse_json,
)
from tearspace.lib.asgi import server_send
from tearspace.lib.fanout import RoomHub, closing_code, get_hub
from tearspace.rooms import actions, check_in_actions, host_actions, mixer_actions
from tearspace.rooms.access import can_moderate_room, may_enter_kind
from tearspace.rooms.actions import RoomError
from tearspace.rooms.chat import room_chat_page
from tearspace.rooms.models import Membership, Room, Status, TearFriendInvitation
from tearspace.rooms.selectors import room_snapshot

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 8 * 1024
BUCKET_CAPACITY = 20.0
BUCKET_REFILL_PER_SECOND = 4.0
RECENT_HISTORY = 100
# Clients say "typing" at most every ~3 s; the server passes on at most one per this interval.

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_FLOOD = 4429
CLOSE_TOO_BIG = 1009

# The database is briefly unreachable (a restart, a failover). Every call through
# database_sync_to_async closes a broken connection afterwards, so the next one reconnects.
DATABASE_AWAY = (OperationalError, InterfaceError)
DATABASE_AWAY_REASON = gettext_lazy("We couldn't save that just now. Trying again in a moment…")


class TokenBucket:
    """Allow short bursts and a steady trickle; a flood empties it."""

    def __init__(self, capacity: float, rate: float) -> None:
        self.capacity = capacity
        self.rate = rate
        self.tokens = capacity
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


def _may_enter(user: User, room_id: int) -> Room | None:
    room = Room.objects.select_related("host").filter(pk=room_id).first()
    if room is None or not may_enter_kind(user, room):
        return None
    if can_moderate_room(user, room):
        return room
    if Membership.objects.filter(room=room, user=user, status=Status.JOINED).exists():
        return room
    return None


def _opening_frames(room_id: int, user: User, after: int | None) -> list[str]:
    """The snapshot and the chat history (from `after`, else the recent part) for a socket."""
    room = Room.objects.select_related(
        "host", "conversation", "current_clip", "pinned_message__author"
    ).get(pk=room_id)
    if after is None:
        after = max(0, room.last_seq - RECENT_HISTORY)
    page = room_chat_page(room=room, reader=user, after=after)
    history = {
        "type": "history",
        "after": page.start,
        "messages": page.messages,
        "changes": page.changes,
        "complete": page.last is None or page.last >= room.last_seq,
    }
    return [json.dumps(room_snapshot(room=room, user=user)), json.dumps(history)]


class RoomConsumer(AsyncWebsocketConsumer):
    # No channel per socket: everything reaches this socket through the process's hub, which
    # keeps one subscription per room and per person (see fanout.py). An alias that is not
    # configured makes Channels skip creating the per-socket channel.
    channel_layer_alias = "rooms.no-per-socket-channel"
    room_id: int
    user: User
    hub: RoomHub | None = None
    typing_at = float("-inf")

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user = user
        self.room_id = int(self.scope["url_route"]["kwargs"]["room_id"])
        after = self._after()
        room = await database_sync_to_async(_may_enter)(user, self.room_id)
        if room is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.bucket = TokenBucket(BUCKET_CAPACITY, BUCKET_REFILL_PER_SECOND)
        await self.accept()
        # Room frames skip the session middleware, which only acts on HTTP (lib/asgi.py).
        self.frame_send = server_send(self.scope, self.base_send)
        # Subscribe before reading history, so nothing falls between the two; the client
        # de-duplicates by id anything that arrives both ways.
        self.hub = get_hub()
        await self.hub.join(self.room_id, user.pk, self)
        for frame in await database_sync_to_async(_opening_frames)(self.room_id, user, after):
            await self.send(text_data=frame)
        await self._act(actions.do_announce_presence, room=room, user=user, online=True)

    def _after(self) -> int | None:
        query = parse_qs(self.scope.get("query_string", b"").decode())
        return id_or_none(query.get("after", [""])[0])

    async def disconnect(self, code: int) -> None:
        if self.hub is None:
            return
        await self.hub.leave(self.room_id, self.user.pk, self)
        self.hub = None
        room = await database_sync_to_async(Room.objects.filter(pk=self.room_id).first)()
        if room is not None:
            await self._act(actions.do_announce_presence, room=room, user=self.user, online=False)

    async def deliver_frame(self, frame: dict[str, Any]) -> None:
        """Write an already-encoded room event to this socket (called by the hub)."""
        await self.frame_send(frame)

    async def deliver_personal(self, event: dict[str, Any]) -> None:
        """Send one of this person's own events (the hub checked person and room)."""
        if (code := closing_code(event)) is not None:
            await self.close(code=code)
            return
        await self.send(text_data=json.dumps(event))
        if event.get("type") == "room_removed":
            await self.close(code=CLOSE_FORBIDDEN)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # Refusals on this socket are read by its person: in their language.
        with translation.override(self.user.language or settings.LANGUAGE_CODE):
            await self._receive(text_data, bytes_data)

    async def _receive(self, text_data: str | None, bytes_data: bytes | None) -> None:
        size = len(text_data.encode()) if text_data is not None else len(bytes_data or b"")
        if size > MAX_FRAME_BYTES:
            await self.close(code=CLOSE_TOO_BIG)
            return
        if not self.bucket.take():
            logger.info("room %s: closing a flooding socket of %s", self.room_id, self.user.pk)
            await self.close(code=CLOSE_FLOOD)
            return
        try:
            frame = parse_json(text_data or "")
        except BadInput as error:
            # Name the frame's key when there is one, so the client stops re-sending it.
            await self._error(str(error), key_of_refused_frame(text_data or ""))
            return
        if not isinstance(frame, dict):
            await self._error(_("That message could not be read."))
            return
        handler = self.HANDLERS.get(str(frame.get("action")))
        if handler is None:
            await self._error(_("That action is not known."))
            return
        try:
            await handler(self, frame)
        except DATABASE_AWAY as error:
            # Keep the socket: the client re-sends with the same key, which is never stored twice.
            logger.warning("room %s: database unavailable: %s", self.room_id, error)
            await self._error(DATABASE_AWAY_REASON, frame.get("key"), retry=True)

    async def _error(
        self,
        reason: str | Promise,
        key: object = None,
        about: str | None = None,
        *,
        retry: bool = False,
    ) -> None:
        frame: dict[str, object] = {"type": "error", "reason": str(reason), "key": key}
        if about is not None:
            frame["about"] = about  # which part of the page should show it
        if retry:
            frame["retry"] = True
        await self.send(text_data=json.dumps(frame))

    async def _act(
        self, action: Callable[..., Any], /, *, about: str | None = None, **kwargs: Any
    ) -> Any:
        try:
            return await database_sync_to_async(action)(**kwargs)
        except RoomError as error:
            key = kwargs.get("client_key")
            # Over the rate limit, a message waits and goes again with its key: nothing lost.
            await self._error(error.reason, key, about, retry=bool(key) and error.status == 429)
            if error.status == 403:
                still_in = await database_sync_to_async(_may_enter)(self.user, self.room_id)
                if still_in is None:
                    await self.close(code=CLOSE_FORBIDDEN)
            return None

    async def _room(self) -> Room | None:
        room = await database_sync_to_async(_may_enter)(self.user, self.room_id)
        if room is None:
            await self.close(code=CLOSE_FORBIDDEN)
        return room

    # --- handlers: each one action ----------------------------------------------------------

    async def on_send(self, frame: dict[str, Any]) -> None:
        result = await self._act(
            actions.do_send_message,
            room_id=self.room_id,
            author=self.user,
            body=str(frame.get("body", "")),
            client_key=str(frame.get("key", ""))[:100],
        )
        if result is not None:
            message, _screening = result
            await self.send(
                text_data=json.dumps(
                    {"type": "ack", "key": frame.get("key"), "id": message.pk, "seq": message.seq}
                )
            )

    async def on_react(self, frame: dict[str, Any]) -> None:
        room = await self._room()
        if room is not None:
            await self._act(
                actions.do_react, room=room, user=self.user, emoji=str(frame.get("emoji", ""))
            )

    async def on_hand(self, frame: dict[str, Any]) -> None:
        room = await self._room()
        if room is not None:
            await self._act(
                actions.do_set_hand, room=room, user=self.user, raised=bool(frame.get("raised"))
            )

    async def on_relief(self, frame: dict[str, Any]) -> None:
        room = await self._room()
        if room is not None:
            await self._act(
                actions.do_check_relief,
                room=room,
                user=self.user,
                relief=str(frame.get("relief", "")),
            )

    async def on_phase(self, frame: dict[str, Any]) -> None:
        await self._act(
            host_actions.do_set_phase,
            actor=self.user,
            room_id=self.room_id,
            phase=str(frame.get("phase", "")),
        )

    async def on_chat(self, frame: dict[str, Any]) -> None:
        await self._act(
            host_actions.do_set_chat_muted,
            actor=self.user,
            room_id=self.room_id,
            muted=bool(frame.get("muted")),
        )

    async def on_lock(self, frame: dict[str, Any]) -> None:
        await self._act(
            host_actions.do_set_locked,
            actor=self.user,
            room_id=self.room_id,
            locked=bool(frame.get("locked")),
        )

    async def on_floor(self, frame: dict[str, Any]) -> None:
        await self._act(
            host_actions.do_give_floor,
            actor=self.user,
            room_id=self.room_id,
            user_id=id_or_none(frame.get("user")),
        )

    async def on_pin(self, frame: dict[str, Any]) -> None:
        await self._act(
            host_actions.do_pin_message,
            actor=self.user,
            room_id=self.room_id,
            message_id=id_or_none(frame.get("message")),
        )

    async def on_hide(self, frame: dict[str, Any]) -> None:
        message_id = id_or_none(frame.get("message"))
        if message_id is None:
            await self._error(_("Choose a message."))
            return
        await self._act(
            host_actions.do_hide_message,
            actor=self.user,
            room_id=self.room_id,
            message_id=message_id,
        )

    async def on_mute(self, frame: dict[str, Any]) -> None:
        user_id = id_or_none(frame.get("user"))
        if user_id is None:
            await self._error(_("Choose a person."))
            return
        await self._act(
            host_actions.do_set_member_muted,
            actor=self.user,
            room_id=self.room_id,
            user_id=user_id,
            muted=bool(frame.get("muted", True)),
        )

    async def on_remove(self, frame: dict[str, Any]) -> None:
        user_id = id_or_none(frame.get("user"))
        if user_id is None:
            await self._error(_("Choose a person."))
            return
        await self._act(
            host_actions.do_remove_member, actor=self.user, room_id=self.room_id, user_id=user_id
        )

    async def on_playback(self, frame: dict[str, Any]) -> None:
        await self._act(
            host_actions.do_control_playback,
            actor=self.user,
            room_id=self.room_id,
            op=str(frame.get("op", "")),
            position=number_or_none(frame.get("position")),
            clip_id=id_or_none(frame.get("clip")),
        )

    async def on_end(self, frame: dict[str, Any]) -> None:
        await self._act(host_actions.do_end_room, actor=self.user, room_id=self.room_id)

    async def on_typing(self, frame: dict[str, Any]) -> None:
        now = time.monotonic()
        if now - self.typing_at < engine.TYPING_EVERY_SECONDS:
            return  # a chatty client costs nothing: no query, no event
        self.typing_at = now
        await self._act(actions.do_send_typing, room_id=self.room_id, user=self.user)

    async def on_report(self, frame: dict[str, Any]) -> None:
        await self._report(frame, actions.do_report_message)

    async def _report(
        self,
        frame: dict[str, Any],
        action: Callable[..., Any],
        *,
        about: str | None = None,
        small_chat: int | None = None,
    ) -> None:
        """Report a message of the room's chat, or (`small_chat`) of one of its small chats."""
        message_id = id_or_none(frame.get("message"))
        if message_id is None:
            await self._error(_("Choose a message."), about=about)
            return
        where = {} if small_chat is None else {"chat_id": small_chat}
        result = await self._act(
            action,
            about=about,
            reporter=self.user,
            room_id=self.room_id,
            message_id=message_id,
            reason=str(frame.get("reason", "")),
            details=str(frame.get("details", "")),
            **where,
        )
        if result is not None:
            _message, screening = result
            reply: dict[str, Any] = {
                "type": "reported",
                "message": message_id,
                "text": str(actions.REPORT_THANKS),
                "show_help": bool(screening and screening.show_help),
            }
            if small_chat is not None:
                reply["small_chat"] = small_chat
            if about == "check_in":
                reply["check_in"] = True
            await self.send(text_data=json.dumps(reply))

    # --- the mixer: small chats and forming a circle together --------------------------------

    async def on_tear_friends_join(self, frame: dict[str, Any]) -> None:
        await self._act(
            mixer_actions.do_join_tear_friend_chat,
            about="mixer",
            room_id=self.room_id,
            user=self.user,
        )

    async def on_tear_friends_leave(self, frame: dict[str, Any]) -> None:
        await self._act(
            mixer_actions.do_leave_tear_friend_chat,
            about="mixer",
            room_id=self.room_id,
            user=self.user,
        )

    async def on_tear_friends_send(self, frame: dict[str, Any]) -> None:
        chat_id = id_or_none(frame.get("chat"))
        if chat_id is None:
            await self._error(_("Choose a small chat."), frame.get("key"), "mixer")
            return
        result = await self._act(
            mixer_actions.do_send_tear_friend_message,
            about="mixer",
            chat_id=chat_id,
            author=self.user,
            body=str(frame.get("body", "")),
            client_key=str(frame.get("key", ""))[:100],
        )
        if result is not None:
            message, _screening = result
            ack = {"type": "tear_friend_ack", "key": frame.get("key"), "chat": chat_id}
            await self.send(text_data=json.dumps({**ack, "id": message.pk, "seq": message.seq}))

    async def on_tear_friends_report(self, frame: dict[str, Any]) -> None:
        chat_id = id_or_none(frame.get("chat"))
        if chat_id is None:
            await self._error(_("Choose a small chat."), about="mixer")
            return
        await self._report(
            frame, mixer_actions.do_report_tear_friend_message, about="mixer", small_chat=chat_id
        )

    async def on_circle_invite(self, frame: dict[str, Any]) -> None:
        user_id = id_or_none(frame.get("user"))
        if user_id is None:
            await self._error(_("Choose a person."), about="mixer")
            return
        invitation = await self._act(
            mixer_actions.do_invite_tear_friend,
            about="mixer",
            room_id=self.room_id,
            inviter=self.user,
            invitee_id=user_id,
        )
        if invitation is not None:
            await self._reply_invitation(invitation)

    async def on_circle_answer(self, frame: dict[str, Any]) -> None:
        invitation_id = id_or_none(frame.get("invitation"))
        if invitation_id is None:
            await self._error(_("Choose an invitation."), about="mixer")
            return
        await self._act(
            mixer_actions.do_answer_tear_friend_invitation,
            about="mixer",
            invitation_id=invitation_id,
            person=self.user,
            accept=frame.get("accept") is True,
        )

    # --- the host's private check-ins: the person and the host alone -------------------------

    async def on_check_in_send(self, frame: dict[str, Any]) -> None:
        """Write privately: the host to `person`, anyone else to the host (no `person`)."""
        result = await self._act(
            check_in_actions.do_send_check_in_message,
            about="check_in",
            room_id=self.room_id,
            author=self.user,
            person_id=id_or_none(frame.get("person")),
            body=str(frame.get("body", "")),
            client_key=str(frame.get("key", ""))[:100],
        )
        if result is not None:
            message, _screening = result
            check_in = message.conversation.check_in
            ack = {"type": "check_in_ack", "key": frame.get("key"), "check_in": check_in.pk}
            ack |= {"person": check_in.person_id, "id": message.pk, "seq": message.seq}
            await self.send(text_data=json.dumps(ack))

    async def on_check_in_report(self, frame: dict[str, Any]) -> None:
        await self._report(frame, check_in_actions.do_report_check_in_message, about="check_in")

    async def _reply_invitation(self, invitation: TearFriendInvitation) -> None:
        shown = await database_sync_to_async(invitation.to_dict)(viewer_id=self.user.pk)
        await self.send(text_data=json.dumps({"type": "tear_friend_invited", "invitation": shown}))

    HANDLERS: dict[str, Callable[["RoomConsumer", dict[str, Any]], Any]] = {
        "send": on_send,
        "react": on_react,
        "hand": on_hand,
        "relief": on_relief,
        "phase": on_phase,
        "chat": on_chat,
        "lock": on_lock,
        "floor": on_floor,
        "pin": on_pin,
        "hide": on_hide,
        "mute": on_mute,
        "remove": on_remove,
        "playback": on_playback,
        "end": on_end,
        "typing": on_typing,
        "report": on_report,
        "tear_friends_join": on_tear_friends_join,
        "tear_friends_leave": on_tear_friends_leave,
        "tear_friends_send": on_tear_friends_send,
        "tear_friends_report": on_tear_friends_report,
        "circle_invite": on_circle_invite,
        "circle_answer": on_circle_answer,
        "check_in_send": on_check_in_send,
        "check_in_report": on_check_in_report,
    }
