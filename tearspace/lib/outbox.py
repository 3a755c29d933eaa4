"""The one way a live event leaves the server: on the transaction's outbox, after commit.

The database is the source of truth and the channel layer is only a doorbell (DESIGN.md, "Live
events without loss"). An action adds its events to `outbox()` inside its transaction; they leave
together, in one hop, once the transaction commits, and never if it rolls back:

- room events are serialised to JSON text once; with a cross-process layer (Redis) they go as
  one channel-layer message per process subscribed to the room (`fanout.RoomHub`), with the
  in-memory layer (embedded mode: one process) straight to this process's hub;
- personal events go to the person's group (their /ws/me/ and moderation sockets, and every
  process's hub, which hands them to that person's sockets in the room they name);
- group events (the moderation console) go to their channel group as they are.

Sending never raises into the action: a broker error is logged, and the room sockets it concerns
are told to resync (here now, in every process once the broker is back).

Savepoints follow Django's `on_commit`: events added inside a savepoint that rolls back are
dropped with it. All the events an action adds at one savepoint level share one on_commit
callback, so one transaction sends one batch. An action that calls another inside a nested
atomic block gets one callback per level it adds events at: no public hook says when a
savepoint rolls back, so the callback Django drops with it is how its events are dropped too.
"""

import asyncio
import json
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from tearspace.lib.fanout import (
    FANOUT_TYPE,
    PERSONAL_TYPE,
    RESYNC_TEXT,
    RoomHub,
    current_hub,
    is_local_layer,
    personal_group,
    room_group,
)

logger = logging.getLogger(__name__)

# A room event: the room, its encoded text, and whose sockets must not get it (a typist's own).
RoomText = tuple[int, str, int | None]
# A person's event: whose, and the event as their sockets receive it.
PersonEvent = tuple[int, dict[str, Any]]
# A group event: the channel group, and the channel-layer message its consumers handle.
GroupMessage = tuple[str, dict[str, Any]]


def dumps(event: Mapping[str, Any]) -> str:
    """Encode an event the way every socket receives it (compact, UTF-8 kept)."""
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False)


@dataclass
class _Batch:
    """Events that share a fate: added at one savepoint level of one transaction."""

    savepoints: tuple[str, ...] = ()
    rooms: list[RoomText] = field(default_factory=list)
    people: list[PersonEvent] = field(default_factory=list)
    groups: list[GroupMessage] = field(default_factory=list)
    immediate: bool = False  # added outside any transaction: sent at once
    sent: bool = False

    def send(self) -> None:
        """Publish every event of the batch; log, never raise (the write has committed)."""
        self.sent = True
        if getattr(_state, "batch", None) is self:
            _state.batch = None
        try:
            # From a server's worker thread this runs on the server's event loop (where the hub
            # lives); elsewhere (a task worker, a shell, a test) on a loop of its own.
            async_to_sync(publish)(self.rooms, self.people, self.groups)
        except (Exception, asyncio.CancelledError):
            # A socket that goes away mid-send cancels it (asgiref hands the cancellation to
            # this call); raising it would skip the transaction's remaining commit hooks.
            logger.exception("live events not sent; clients catch up when they reconnect")


_state = threading.local()  # database connections are per thread, and so are their outboxes


class Outbox:
    """The current transaction's live events. Get it with `outbox()`; add events in the action."""

    def room(self, room_id: int, event: Mapping[str, Any], *, skip_user: int | None = None) -> None:
        """Queue `event` for everyone in the room (but `skip_user`'s own sockets)."""
        batch = _batch()
        batch.rooms.append((room_id, dumps(event), skip_user))
        if batch.immediate:
            batch.send()

    def person(self, user_id: int, event: Mapping[str, Any]) -> None:
        """Queue `event` for one person's open sockets: /ws/me/, the moderation console, and
        their room sockets in the room the event names (all of them for closing events)."""
        batch = _batch()
        batch.people.append((user_id, dict(event)))
        if batch.immediate:
            batch.send()

    def group(self, group: str, message: dict[str, Any]) -> None:
        """Queue a channel-layer `message` for a group whose consumers handle its `type`."""
        batch = _batch()
        batch.groups.append((group, message))
        if batch.immediate:
            batch.send()


_OUTBOX = Outbox()


def outbox() -> Outbox:
    """Return the outbox of this thread's current transaction (outside one, events leave at once,
    as `transaction.on_commit` does)."""
    return _OUTBOX


def _batch() -> _Batch:
    """The batch that the next event joins: the open one if it shares the event's fate, else a
    new one, registered with `transaction.on_commit` at the current savepoint level."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return _Batch(immediate=True)
    savepoints = tuple(connection.savepoint_ids)
    current: _Batch | None = getattr(_state, "batch", None)
    if current is not None and _open(current, savepoints, connection):
        return current
    current = _state.batch = _Batch(savepoints=savepoints)
    transaction.on_commit(current.send)
    return current


def _open(batch: _Batch, savepoints: tuple[str, ...], connection: Any) -> bool:
    """Whether `batch` is still waiting for this transaction's commit at this savepoint level.

    Django's own commit-hook list is the only record of an earlier rollback (of this
    transaction, or of the savepoint the batch was registered in) that dropped its callback;
    the outbox tests fail if that changes.
    """
    if batch.sent or batch.savepoints != savepoints:
        return False
    return any(getattr(hook, "__self__", None) is batch for _, hook, _ in connection.run_on_commit)


async def publish(
    rooms: Sequence[RoomText], people: Sequence[PersonEvent], groups: Sequence[GroupMessage] = ()
) -> None:
    """Deliver encoded room events, personal events and group messages; never raise.

    When the broker fails, nothing acknowledged is lost (messages are in the database; the rest
    is ephemeral): this process's sockets in the room are told to resync, and it is logged.
    """
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
            await hub.deliver_personal(user_id, event)
        if layer is None:
            continue
        try:
            # Reaches /ws/me/ tabs everywhere, and (cross-process) other processes' room hubs.
            await layer.group_send(
                personal_group(user_id), {"type": PERSONAL_TYPE, "user": user_id, "event": event}
            )
        except Exception:
            logger.exception("user %s: personal event not sent", user_id)
            about = event.get("room")
            if hub is not None and isinstance(about, int):
                # A small-chat message may be among them: the room's sockets catch up too.
                await _resync(hub, about)
    for group, message in groups if layer is not None else ():
        try:
            await layer.group_send(group, message)
        except Exception:
            # The moderation console re-reads its queue when it reconnects.
            logger.exception("%s: group event not sent", group)


async def _resync(hub: RoomHub, room_id: int) -> None:
    """Have the room's sockets catch up from the database: here now, and in every process once
    the broker is back."""
    await hub.deliver(room_id, RESYNC_TEXT)
    hub.mark_stale(room_id)
