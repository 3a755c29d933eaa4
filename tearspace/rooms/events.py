"""Live room events: shapes, and the one way they leave the server (after commit).

The database is the source of truth and the channel layer is only a doorbell (DESIGN.md, "Live
events without loss"): every event is serialised to JSON text once, then

- with a cross-process layer (Redis), sent as one channel-layer message per process subscribed
  to the room (see `fanout.RoomHub`), and each process hands the same text to its local sockets;
- with the in-memory layer (embedded mode: one process by definition), handed straight to this
  process's hub, skipping the layer.

Events for one person (help, alerts, removal) go to that person's own group and sockets, never
through the room broadcast. All events of one action leave in one hop after commit.
"""

import asyncio
import json
import logging
import os
from typing import TYPE_CHECKING, Any

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import transaction

from tearspace.core.events import personal_group
from tearspace.rooms.models import Message, TearFriendMessage

if TYPE_CHECKING:
    from tearspace.rooms.fanout import RoomHub

logger = logging.getLogger(__name__)

FANOUT_TYPE = "room.fanout"
PERSONAL_TYPE = "personal.event"
RESYNC_TEXT = json.dumps({"type": "resync"})

# Layers that only reach this process: the hub delivers directly instead of through them.
LOCAL_LAYERS: tuple[type, ...] = (InMemoryChannelLayer,)


def room_group(room_id: int) -> str:
    return f"room.{room_id}"


def dumps(event: dict[str, Any]) -> str:
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False)


def is_local_layer(layer: object) -> bool:
    return isinstance(layer, LOCAL_LAYERS)


# A room event: the room, its encoded text, and whose sockets must not get it (a typist's own).
RoomText = tuple[int, str, int | None]


async def publish(rooms: list[RoomText], people: list[tuple[int, dict[str, Any]]]) -> None:
    """Deliver encoded room events and personal events; never raise.

    When the broker fails, nothing acknowledged is lost (messages are in the database; the rest
    is ephemeral): this process's sockets in the room are told to resync, and it is logged.
    """
    from tearspace.rooms.fanout import current_hub

    layer = get_channel_layer()
    hub = current_hub()
    local = layer is None or is_local_layer(layer)
    for room_id, text, skip_user in rooms:
        if local:
            if hub is not None:
                await hub.deliver(room_id, text, skip_user=skip_user)
            continue
        message: dict[str, Any] = {"type": FANOUT_TYPE, "room": room_id, "text": text}
        if skip_user is not None:
            message["skip_user"] = skip_user
        try:
            await layer.group_send(room_group(room_id), message)
        except Exception:
            logger.exception(
                "room %s: channel layer send failed; asking clients to resync", room_id
            )
            if hub is not None:
                await _resync(hub, room_id)
    for user_id, event in people:
        if local and hub is not None:
            await hub.deliver_personal(event)
        if layer is None:
            continue
        try:
            # Reaches /ws/me/ tabs everywhere, and (cross-process) other processes' room hubs.
            await layer.group_send(personal_group(user_id), {"type": PERSONAL_TYPE, "event": event})
        except Exception:
            logger.exception("user %s: personal event not sent", user_id)
            about = event.get("room")
            if hub is not None and isinstance(about, int):
                # A small-chat message may be among them: the room's sockets catch up too.
                await _resync(hub, about)


async def _resync(hub: "RoomHub", room_id: int) -> None:
    """Have the room's sockets catch up from the database: here now, and in every process once
    the broker is back."""
    await hub.deliver(room_id, RESYNC_TEXT)
    hub.mark_stale(room_id)


class Outbox:
    """Collect one action's events; send them together once the transaction commits."""

    def __init__(self) -> None:
        self.rooms: list[RoomText] = []
        self.people: list[tuple[int, dict[str, Any]]] = []
        self.queued = False

    def room(self, room_id: int, event: dict[str, Any], *, skip_user: int | None = None) -> None:
        self.rooms.append((room_id, dumps(event), skip_user))
        self._queue()

    def person(self, user_id: int, event: dict[str, Any]) -> None:
        # `for_user` lets each process's room hub hand it to that person's room sockets only.
        self.people.append((user_id, {**event, "for_user": user_id}))
        self._queue()

    def _queue(self) -> None:
        if not self.queued:
            self.queued = True
            transaction.on_commit(self._send)

    def _send(self) -> None:
        loop = _main_loop()
        if loop is None:
            async_to_sync(publish)(self.rooms, self.people)
            return
        # In a worker thread of a running server: hand the events to the event loop and go on,
        # instead of blocking this thread until they are out. Tasks start in the order queued,
        # so one process publishes a room's events in commit order.
        rooms, people = self.rooms, self.people
        loop.call_soon_threadsafe(_spawn, loop, rooms, people)


_running: set["asyncio.Task[None]"] = set()  # keeps fire-and-forget tasks alive until done


def _spawn(
    loop: asyncio.AbstractEventLoop,
    rooms: list[RoomText],
    people: list[tuple[int, dict[str, Any]]],
) -> None:
    task = loop.create_task(publish(rooms, people))
    _running.add(task)
    task.add_done_callback(_running.discard)


def _main_loop() -> asyncio.AbstractEventLoop | None:
    """The server's running event loop, when called from one of its sync worker threads."""
    if getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) != os.getpid():
        return None
    loop: asyncio.AbstractEventLoop | None = getattr(
        SyncToAsync.threadlocal, "main_event_loop", None
    )
    return loop if loop is not None and loop.is_running() else None


def message_change_event(message: Message) -> dict[str, Any]:
    """A change to a room chat message (`hide`), as sent live and replayed on resume.

    `seq` is the change's own place in the room's sequence; `message_seq` the message's.
    """
    return {
        "type": "room_message",
        "op": "hide",
        "room": message.room_id,
        "id": message.pk,
        "seq": message.changed_seq,
        "message_seq": message.seq,
    }


def small_chat_change_event(message: TearFriendMessage) -> dict[str, Any]:
    """A change to a small-chat message (`remove`), as sent live and replayed on resume.

    `seq` is the change's own place in the chat's sequence; `message_seq` the message's.
    """
    return {
        "type": "tear_friend_message",
        "op": "remove",
        "room": message.chat.room_id,
        "chat": message.chat_id,
        "id": message.pk,
        "seq": message.changed_seq,
        "message_seq": message.seq,
    }


def send_room_event_on_commit(
    room_id: int, event: dict[str, Any], *, skip_user: int | None = None
) -> None:
    """Queue `event` for everyone in the room (but `skip_user`'s own sockets) once the current
    transaction commits."""
    outbox = Outbox()
    outbox.room(room_id, event, skip_user=skip_user)


def send_user_event_on_commit(user_id: int, event: dict[str, Any]) -> None:
    """Queue `event` for one person's open tabs (room sockets and /ws/me/) after commit."""
    outbox = Outbox()
    outbox.person(user_id, event)
