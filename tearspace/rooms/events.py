"""Live room events: shapes, and the one way they leave the server (after commit).

The database is the source of truth and the channel layer is only a doorbell (DESIGN.md, "Live
events without loss"): every event is serialised to JSON text once, sent as one channel-layer
message per process subscribed to the room (see `fanout.RoomHub`), and each process hands the
same text to its local sockets. Events for one person (help, alerts) go through that person's
own group, never through the room broadcast.
"""

import json
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from tearspace.core.events import send_personal_event_on_commit

logger = logging.getLogger(__name__)

FANOUT_TYPE = "room.fanout"
RESYNC_TEXT = json.dumps({"type": "resync"})


def room_group(room_id: int) -> str:
    return f"room.{room_id}"


def dumps(event: dict[str, Any]) -> str:
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False)


async def publish_room_text(room_id: int, text: str) -> None:
    """Ring the doorbell for every process with sockets in the room; never raise.

    When the broker fails, the event is not lost (it is in the database or was ephemeral): this
    process's own sockets in the room are told to resync, and the error is logged.
    """
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        await layer.group_send(
            room_group(room_id), {"type": FANOUT_TYPE, "room": room_id, "text": text}
        )
    except Exception:
        logger.exception("room %s: channel layer send failed; asking clients to resync", room_id)
        from tearspace.rooms.fanout import current_hub

        hub = current_hub()
        if hub is not None:
            await hub.deliver(room_id, RESYNC_TEXT)


def publish_room_event(room_id: int, event: dict[str, Any]) -> None:
    """Publish now, from synchronous code. Prefer `send_room_event_on_commit` in actions."""
    async_to_sync(publish_room_text)(room_id, dumps(event))


def send_room_event_on_commit(room_id: int, event: dict[str, Any]) -> None:
    """Queue `event` for everyone in the room once the current transaction commits."""
    text = dumps(event)
    transaction.on_commit(lambda: async_to_sync(publish_room_text)(room_id, text))


def send_user_event_on_commit(user_id: int, event: dict[str, Any]) -> None:
    """Queue `event` for one person's open tabs (room sockets and /ws/me/) after commit."""
    send_personal_event_on_commit(user_id, event)
