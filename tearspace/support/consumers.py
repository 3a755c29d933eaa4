"""The sockets of listener chats and small groups: thin. Parse a frame, check the person may
act, call an action.

Events reach people through their personal groups (the outbox's `person` events); a socket
passes on those of its own chat or group. Opening frames: `hello` {me, match | group, active,
last_seq} and `history` {after, messages, changes, complete}.
"""

import json
import logging
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from tearspace.accounts.models import User
from tearspace.conversations.models import Conversation, Message
from tearspace.conversations.policy import ConversationError
from tearspace.conversations.selectors import ChatPage
from tearspace.core.validators import BadInput, id_or_none, key_of_refused_frame, parse_json
from tearspace.lib.fanout import closing_code, personal_group
from tearspace.support import actions
from tearspace.support.access import access_group_by_id, access_match_by_id
from tearspace.support.models import Match, SupportGroup
from tearspace.support.selectors import chat_page, group_page

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 8 * 1024
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CHAT_EVENTS = {
    "support_message",
    "support_typing",
    "support_match",
    "support_help",
    "support_alert",
    "support_break",
}
GROUP_EVENTS = {
    "support_group",
    "support_group_message",
    "support_group_typing",
    "support_group_help",
    "support_group_alert",
    "support_group_break",
}
DATABASE_AWAY = (OperationalError, InterfaceError)


class _SupportSocket(AsyncWebsocketConsumer):
    """What both sockets share: sign-in, history, the personal group, frames and errors.

    A subclass loads its chat (`load`, sync; False when the person may not open it), names the
    events it passes on (`events`, keyed by `key`) and runs the actions (sync methods)."""

    user: User
    key: str
    events: set[str]
    url_kwarg: str

    def load(self, user: User, target_id: int) -> bool:
        raise NotImplementedError

    def target_id(self) -> int:
        raise NotImplementedError

    def hello(self, after: int) -> tuple[dict[str, Any], ChatPage, Conversation]:
        """The `hello` frame, the history page after `after`, and the conversation."""
        raise NotImplementedError

    def send_words(self, body: str, key: str) -> Message:
        raise NotImplementedError

    def typing(self) -> None:
        raise NotImplementedError

    def report(self, message_id: int, reason: str) -> None:
        raise NotImplementedError

    def _opening_frames(self, after: int) -> list[dict[str, Any]]:
        hello, page, conversation = self.hello(after)
        conversation.refresh_from_db(fields=["last_seq"])
        hello["last_seq"] = last = conversation.last_seq
        return [
            hello,
            {
                "type": "history",
                "after": page.start,
                "messages": page.messages,
                "changes": page.changes,
                "complete": page.last is None or page.last >= last,
            },
        ]

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        target_id = int(self.scope["url_route"]["kwargs"][self.url_kwarg])
        if not await database_sync_to_async(self.load)(user, target_id):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.user = user
        await self.accept()
        # Subscribe before reading history, so nothing falls between the two (the client
        # de-duplicates by id).
        self.group = personal_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        query = parse_qs(self.scope.get("query_string", b"").decode())
        after = id_or_none(query.get("after", ["0"])[0]) or 0
        for frame in await database_sync_to_async(self._opening_frames)(after):
            await self.send(text_data=json.dumps(frame))

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def personal_event(self, message: dict[str, Any]) -> None:
        event = message["event"]
        if (code := closing_code(event)) is not None:
            await self.close(code=code)
            return
        if event.get("type") in self.events and event.get(self.key) == self.target_id():
            await self.send(text_data=json.dumps(event))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # Refusals on this socket are read by its person: in their language.
        with translation.override(self.user.language or settings.LANGUAGE_CODE):
            await self._receive(text_data, bytes_data)

    async def _receive(self, text_data: str | None, bytes_data: bytes | None) -> None:
        raw = text_data if text_data is not None else bytes_data or b""
        if len(raw) > MAX_FRAME_BYTES:
            await self._error(_("That message is too long."))
            return
        try:
            frame = parse_json(raw)
        except BadInput as bad:
            await self._error(str(bad), key=key_of_refused_frame(raw))
            return
        if not isinstance(frame, dict):
            await self._error(_("That frame was not understood."))
            return
        action = frame.get("action")
        # Who may use the chat changes while a socket is open (a hand-over, leaving a group):
        # every frame reads the chat again, as `connect` did, so a stale copy never decides.
        if not await database_sync_to_async(self.load)(self.user, self.target_id()):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        if action == "send":
            await self._send_message(frame)
        elif action == "typing":
            await database_sync_to_async(self.typing)()
        elif action == "report":
            await self._report(frame)
        else:
            await self._error(_("That frame was not understood."))

    async def _send_message(self, frame: dict[str, Any]) -> None:
        body, key = frame.get("body"), frame.get("key")
        if not isinstance(body, str) or not isinstance(key, str):
            await self._error(_("That frame was not understood."))
            return
        try:
            message = await database_sync_to_async(self.send_words)(body, key)
        except ConversationError as refused:
            await self._error(refused.reason, key=key, retry=refused.status == 429)
            return
        except DATABASE_AWAY:
            logger.warning(
                "support %s %s: database away; asking to retry", self.key, self.target_id()
            )
            await self._error(
                _("We couldn't save that just now. Trying again…"), key=key, retry=True
            )
            return
        ack = {"type": "ack", "key": key, "id": message.pk, "seq": message.seq}
        await self.send(text_data=json.dumps(ack))

    async def _report(self, frame: dict[str, Any]) -> None:
        message_id = id_or_none(frame.get("message"))
        reason = frame.get("reason")
        if message_id is None or not isinstance(reason, str):
            await self._error(_("That frame was not understood."))
            return
        try:
            await database_sync_to_async(self.report)(message_id, reason)
        except ConversationError as refused:
            await self._error(refused.reason)
            return
        await self.send(text_data=json.dumps({"type": "reported", "message": message_id}))

    async def _error(self, reason: str, *, key: str | None = None, retry: bool = False) -> None:
        frame: dict[str, Any] = {"type": "error", "reason": reason}
        if key is not None:
            frame["key"] = key
        if retry:
            frame["retry"] = True
        await self.send(text_data=json.dumps(frame))


def _message_in(conversation_id: int, message_id: int) -> Message:
    message = Message.objects.filter(pk=message_id, conversation_id=conversation_id).first()
    if message is None:
        raise ConversationError(_("That message is not in this chat."))
    return message


class SupportChatConsumer(_SupportSocket):
    """`/ws/support/<match_id>/`: a one-to-one listener chat (its seeker and listener)."""

    match: Match
    key = "match"
    events = CHAT_EVENTS
    url_kwarg = "match_id"

    def load(self, user: User, target_id: int) -> bool:
        try:
            self.match = access_match_by_id(user, target_id)
        except Http404:
            return False
        return True

    def target_id(self) -> int:
        return self.match.pk

    def hello(self, after: int) -> tuple[dict[str, Any], ChatPage, Conversation]:
        match = self.match
        me = match.seeker_pseudonym if self.user.pk == match.seeker_id else self.user.username
        hello = {"type": "hello", "me": me, "match": match.pk, "active": match.active}
        return hello, chat_page(match=match, reader=self.user, after=after), match.conversation

    def send_words(self, body: str, key: str) -> Message:
        message, _screening = actions.do_send_support_message(
            match=self.match, author=self.user, body=body, client_key=key
        )
        return message

    def typing(self) -> None:
        actions.do_support_typing(match=self.match, user=self.user)

    def report(self, message_id: int, reason: str) -> None:
        message = _message_in(self.match.conversation_id, message_id)
        actions.do_report_in_chat(
            reporter=self.user, match=self.match, message=message, reason=reason
        )


class SupportGroupConsumer(_SupportSocket):
    """`/ws/support/groups/<group_id>/`: a small group (its listener and the seekers who have
    not left it)."""

    support_group: SupportGroup
    seat: Match | None
    key = "group"
    events = GROUP_EVENTS
    url_kwarg = "group_id"

    def load(self, user: User, target_id: int) -> bool:
        try:
            self.support_group, self.seat = access_group_by_id(user, target_id)
        except Http404:
            return False
        return True

    def target_id(self) -> int:
        return self.support_group.pk

    def hello(self, after: int) -> tuple[dict[str, Any], ChatPage, Conversation]:
        group = self.support_group
        me = self.seat.seeker_pseudonym if self.seat else self.user.username
        hello = {"type": "hello", "me": me, "group": group.pk, "active": group.active}
        page = group_page(group=group, reader=self.user, after=after)
        return hello, page, group.conversation

    def send_words(self, body: str, key: str) -> Message:
        message, _screening = actions.do_send_group_message(
            group=self.support_group, author=self.user, body=body, client_key=key
        )
        return message

    def typing(self) -> None:
        actions.do_group_typing(group=self.support_group, user=self.user)

    def report(self, message_id: int, reason: str) -> None:
        message = _message_in(self.support_group.conversation_id, message_id)
        actions.do_report_in_group(
            reporter=self.user, group=self.support_group, message=message, reason=reason
        )
