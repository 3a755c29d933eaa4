"""Per-process fan-out: one channel-layer subscription per room per process, not per socket.

Stock Channels gives every socket its own channel and group membership, so one room message
costs one layer message and one JSON encoding per recipient (and the in-memory layer scans every
channel on each operation). Here each process has one hub channel: it subscribes once per room
and once per person with a local room socket, receives the already-encoded room text once, and
writes it straight to each local socket. Personal events (help, alerts, removal) reach only the
sockets of the person they name. Hubs are per event loop, so tests with fresh loops stay apart.

This module also names what travels on the channel layer (groups and message types), so that
the outbox (which sends) and the consumers (which receive) agree without importing each other.
"""

import asyncio
import json
import logging
import weakref
from typing import Any, Final, Literal, Protocol, TypedDict

from channels.layers import BaseChannelLayer, InMemoryChannelLayer, get_channel_layer

logger = logging.getLogger(__name__)

# Channel-layer message types: a room's encoded event for each process's hub, and one person's
# event for their /ws/me/ and moderation sockets and every process's hub.
FANOUT_TYPE = "room.fanout"
PERSONAL_TYPE = "personal.event"


class ResyncEvent(TypedDict):
    """Catch up from the database (`?after=<last seq>`): something may have been missed.

    To a room's sockets after a broker error, when the hub's subscription comes back, and in
    every process a few times once the broker takes messages again.
    """

    type: Literal["resync"]


RESYNC: ResyncEvent = {"type": "resync"}
RESYNC_TEXT = json.dumps(RESYNC)

# Layers that only reach this process: the hub delivers directly instead of through them.
LOCAL_LAYERS: tuple[type, ...] = (InMemoryChannelLayer,)

# Personal events that end a person's sockets. Every consumer closes on these (`closing_code`),
# and the hub hands them to all of the person's room sockets, whatever room they are in.
# Deleted or banned: closed for good (4401; the pages say "not in this room any more").
ACCOUNT_CLOSED: Final = "account_closed"
# Password, second factor or staff role changed: closed with CLOSE_CHECK_AGAIN, on which the
# pages connect again, so the checks every socket passes at connect (tearspace.accounts.access,
# the session's password hash) decide afresh what that browser may still see.
SESSIONS_ENDED: Final = "sessions_ended"
CLOSE_CHECK_AGAIN = 4000
_CLOSE_CODES = {ACCOUNT_CLOSED: 4401, SESSIONS_ENDED: CLOSE_CHECK_AGAIN}


def room_group(room_id: int) -> str:
    """The channel group every process with a socket in the room subscribes its hub to."""
    return f"room.{room_id}"


def personal_group(user_id: int) -> str:
    """The channel group that reaches every open tab of one person."""
    return f"user.{user_id}"


def is_local_layer(layer: object) -> bool:
    return isinstance(layer, LOCAL_LAYERS)


def closing_code(event: dict[str, Any]) -> int | None:
    """The close code a socket answers a personal `event` with, or None to deliver it."""
    return _CLOSE_CODES.get(event.get("type"))  # type: ignore[arg-type]


RESYNC_ANNOUNCEMENTS = 4
HEARTBEAT_TYPE = "roomhub.heartbeat"
# The hub pings itself through the broker this often; a ping that cannot be sent or does not come
# back in time means the broker (or this process's subscription to it) was lost for a while.
HEARTBEAT_EVERY = 0.5
HEARTBEAT_TIMEOUT = 1.5


class LocalSocket(Protocol):
    room_id: int

    async def deliver_frame(self, frame: dict[str, Any]) -> None: ...

    async def deliver_personal(self, event: dict[str, Any]) -> None: ...


class RoomHub:
    """The local sockets of each room in this process, and the loop that feeds them."""

    def __init__(self, layer: BaseChannelLayer) -> None:
        self.layer = layer
        # In embedded mode (in-memory layer, one process) events are handed to the hub directly;
        # subscribing through the layer would only add work (it scans every group per send).
        self.local = is_local_layer(layer)
        self.rooms: dict[int, set[LocalSocket]] = {}
        self.users: dict[int, set[LocalSocket]] = {}
        self.channel: str | None = None
        self.task: asyncio.Task[None] | None = None
        # Rooms whose event could not be published: once the broker is back, every process's
        # sockets in them are told to resync (they may have missed a message meanwhile).
        self.stale: dict[int, int] = {}  # room id -> resync announcements still to make
        self.retry: asyncio.Task[None] | None = None
        self.heartbeat: asyncio.Task[None] | None = None
        self.pong: asyncio.Event = asyncio.Event()
        self.beat = 0
        # Set when the broker failed us (a ping lost, a send or subscribe refused): once pings
        # come back, every group is added again and every local socket is told to resync.
        self.broken = False
        self.recoveries = 0

    async def join(self, room_id: int, user_id: int, socket: LocalSocket) -> None:
        """Start delivering the room's events and `user_id`'s personal events to `socket`."""
        if self.local:
            self.users.setdefault(user_id, set()).add(socket)
            self.rooms.setdefault(room_id, set()).add(socket)
            return
        if self.heartbeat is None:
            self.heartbeat = asyncio.create_task(self._keep_alive())
        channel = await self._channel()
        mine = self.users.get(user_id)
        if mine is None:
            mine = self.users[user_id] = {socket}
            if not await self._add(personal_group(user_id), channel):
                logger.warning("user %s: could not subscribe to personal events", user_id)
        else:
            mine.add(socket)
        sockets = self.rooms.get(room_id)
        if sockets is None:
            sockets = self.rooms[room_id] = set()
            sockets.add(socket)
            if not await self._add(room_group(room_id), channel):
                logger.warning("room %s: could not subscribe; clients will resync", room_id)
                await socket.deliver_frame(_frame(RESYNC_TEXT))
        else:
            sockets.add(socket)

    async def _channel(self) -> str | None:
        """This process's hub channel, created (and its reader started) on first success."""
        if self.channel is None:
            try:
                self.channel = await self.layer.new_channel(prefix="roomhub")
            except Exception:
                logger.exception("room hub: no channel yet (broker unavailable); will retry")
                self.broken = True
                return None
            self.task = asyncio.create_task(self._run(self.channel))
        return self.channel

    async def _add(self, group: str, channel: str | None) -> bool:
        """Subscribe the hub to `group`; on failure remember to redo it once the broker is back."""
        if channel is None:
            return False
        try:
            await self.layer.group_add(group, channel)
        except Exception:
            logger.exception("%s: could not subscribe", group)
            self.broken = True
            return False
        return True

    async def leave(self, room_id: int, user_id: int, socket: LocalSocket) -> None:
        mine = self.users.get(user_id)
        if mine is not None:
            mine.discard(socket)
            if not mine:
                del self.users[user_id]
                if not self.local:
                    await self._discard(personal_group(user_id))
        sockets = self.rooms.get(room_id)
        if sockets is None:
            return
        sockets.discard(socket)
        if sockets:
            return
        del self.rooms[room_id]
        if self.local:
            return
        await self._discard(room_group(room_id))
        if not self.rooms and not self.users:
            for task in (self.task, self.heartbeat, self.retry):
                if task is not None:
                    task.cancel()
            self.task = self.heartbeat = self.retry = None
            self.channel = None
            self.broken = False
            self.stale.clear()

    async def _discard(self, group: str) -> None:
        if self.channel is None:
            return
        try:
            await self.layer.group_discard(group, self.channel)
        except Exception:
            logger.exception("%s: could not unsubscribe", group)

    async def deliver(self, room_id: int, text: str, skip_user: int | None = None) -> None:
        """Write `text` to every local socket in the room (but `skip_user`'s); one bad socket
        never stops the rest."""
        frame = _frame(text)  # one ASGI message, shared by every socket (servers only read it)
        sockets = tuple(self.rooms.get(room_id, ()))
        if skip_user is not None:
            theirs = self.users.get(skip_user, set())
            sockets = tuple(socket for socket in sockets if socket not in theirs)
        for socket in sockets:
            try:
                await socket.deliver_frame(frame)
            except Exception:
                logger.debug("room %s: a socket went away mid-send", room_id, exc_info=True)

    def mark_stale(self, room_id: int) -> None:
        self.stale[room_id] = RESYNC_ANNOUNCEMENTS
        if self.retry is None or self.retry.done():
            self.retry = asyncio.create_task(self._announce_resync())

    async def _announce_resync(self) -> None:
        """Once the broker takes messages again, tell every process's sockets to resync.

        Announced a few times, a second apart: other processes re-subscribe on their own
        schedule after a broker restart, and an announcement before that would miss them.
        """
        delay = 0.2
        while self.stale:
            await asyncio.sleep(delay)
            for room_id, left in tuple(self.stale.items()):
                try:
                    await self.layer.group_send(
                        room_group(room_id),
                        {"type": FANOUT_TYPE, "room": room_id, "text": RESYNC_TEXT},
                    )
                except Exception:
                    logger.info("room %s: broker still unavailable; will retry", room_id)
                    delay = min(delay * 2, 5.0)
                    break
                delay = 1.0
                if left <= 1:
                    del self.stale[room_id]
                else:
                    self.stale[room_id] = left - 1

    async def deliver_personal(self, user_id: int, event: dict[str, Any]) -> None:
        """Hand a personal event to `user_id`'s sockets in the room it concerns (to all of
        them for the events that close sockets)."""
        everywhere = closing_code(event) is not None
        for socket in tuple(self.users.get(user_id, ())):
            if not everywhere and socket.room_id != event.get("room"):
                continue
            try:
                await socket.deliver_personal(event)
            except Exception:
                logger.debug("user %s: a socket went away mid-send", user_id, exc_info=True)

    async def _run(self, channel: str) -> None:
        delay = 0.1
        while True:
            try:
                message: dict[str, Any] = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                # A broker outage must not kill sockets: wait; the heartbeat notices when the
                # broker is back, re-subscribes and tells clients to fetch what they missed.
                logger.exception("room hub: channel layer receive failed; will resync clients")
                self.broken = True
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            delay = 0.1
            kind = message.get("type")
            if kind == HEARTBEAT_TYPE:
                if message.get("beat") == self.beat:
                    self.pong.set()
                continue
            if kind == PERSONAL_TYPE:
                user_id = message.get("user")
                if isinstance(user_id, int):
                    await self.deliver_personal(user_id, message.get("event") or {})
                continue
            room_id = message.get("room")
            text = message.get("text")
            if isinstance(room_id, int) and isinstance(text, str):
                skip = message.get("skip_user")
                await self.deliver(room_id, text, skip if isinstance(skip, int) else None)

    async def _keep_alive(self) -> None:
        """Ping this hub through the broker; after any failure, recover once pings return.

        Pub/sub drops whatever is published while a subscriber is disconnected, and the Redis
        client re-subscribes on its own schedule after the server comes back, so neither an
        error nor its absence says whether something was missed. A ping that comes back says
        the subscription works again; everything published from then on arrives, and what was
        published before is in the database, so the local sockets are told to resync.
        """
        while True:
            await asyncio.sleep(HEARTBEAT_EVERY)
            try:
                await self._ping()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("room hub: broker heartbeat failed; will resync clients")
                self.broken = True
                continue
            if self.broken:
                await self._recover()

    async def _ping(self) -> None:
        channel = await self._channel()
        if channel is None:
            raise ConnectionError("no hub channel")
        self.beat += 1
        self.pong.clear()
        await self.layer.send(channel, {"type": HEARTBEAT_TYPE, "beat": self.beat})
        await asyncio.wait_for(self.pong.wait(), HEARTBEAT_TIMEOUT)

    async def _recover(self) -> None:
        """Subscribe to every group again, then tell every local socket to fetch what it missed."""
        channel = self.channel
        if channel is None:
            return
        ok = True
        for user_id in tuple(self.users):
            ok = await self._add(personal_group(user_id), channel) and ok
        for room_id in tuple(self.rooms):
            ok = await self._add(room_group(room_id), channel) and ok
        if not ok:
            return  # still broken; the next heartbeat tries again
        self.broken = False
        self.recoveries += 1
        logger.warning("room hub: broker back; %s rooms told to resync", len(self.rooms))
        for room_id in tuple(self.rooms):
            await self.deliver(room_id, RESYNC_TEXT)


def _frame(text: str) -> dict[str, Any]:
    return {"type": "websocket.send", "text": text}


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, RoomHub]" = weakref.WeakKeyDictionary()


def current_hub() -> RoomHub | None:
    """Return this event loop's hub, if one has been started."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return _hubs.get(loop)


def get_hub() -> RoomHub:
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        layer = get_channel_layer()
        assert layer is not None, "rooms need a channel layer"
        hub = _hubs[loop] = RoomHub(layer)
    return hub
