"""The hub survives a broker outage: sockets stay open, groups come back, clients resync."""

import asyncio
import json
from typing import Any

import pytest

from tearspace.lib import fanout, outbox
from tearspace.lib.fanout import RESYNC_TEXT, RoomHub, room_group


class FlakyLayer:
    """A cross-process layer whose broker can go away; while away, it drops what is published
    and forgets subscriptions, as Redis pub/sub does across a restart."""

    def __init__(self) -> None:
        self.up = True
        self.queues: dict[str, asyncio.Queue[dict[str, Any]]] = {}
        self.groups: dict[str, set[str]] = {}

    def _check(self) -> None:
        if not self.up:
            raise ConnectionError("broker away")

    def stop(self) -> None:
        self.up = False
        self.groups.clear()

    async def new_channel(self, prefix: str = "specific.") -> str:
        self._check()
        name = f"{prefix}!{len(self.queues)}"
        self.queues[name] = asyncio.Queue()
        return name

    async def receive(self, channel: str) -> dict[str, Any]:
        return await self.queues[channel].get()

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        self._check()
        self.queues[channel].put_nowait(message)

    async def group_add(self, group: str, channel: str) -> None:
        self._check()
        self.groups.setdefault(group, set()).add(channel)

    async def group_discard(self, group: str, channel: str) -> None:
        self.groups.get(group, set()).discard(channel)

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        self._check()
        for channel in self.groups.get(group, ()):
            self.queues[channel].put_nowait(message)


class Socket:
    def __init__(self, room_id: int) -> None:
        self.room_id = room_id
        self.frames: list[str] = []
        self.closed = False

    async def deliver_frame(self, frame: dict[str, Any]) -> None:
        self.frames.append(frame["text"])

    async def deliver_personal(self, event: dict[str, Any]) -> None:
        self.frames.append(json.dumps(event))


async def _until(condition: Any, seconds: float = 3) -> None:
    async with asyncio.timeout(seconds):
        while not condition():
            await asyncio.sleep(0.01)


@pytest.fixture(autouse=True)
def _fast_heartbeat(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fanout, "HEARTBEAT_EVERY", 0.02)
    monkeypatch.setattr(fanout, "HEARTBEAT_TIMEOUT", 0.1)


async def test_it_resubscribes_and_tells_sockets_to_resync_after_an_outage() -> None:
    layer = FlakyLayer()
    hub = RoomHub(layer)
    socket = Socket(room_id=7)
    await hub.join(7, 1, socket)
    await layer.group_send(room_group(7), {"type": "room.fanout", "room": 7, "text": "one"})
    await _until(lambda: socket.frames == ["one"])

    layer.stop()
    await asyncio.sleep(0.2)  # heartbeats fail meanwhile; nothing is closed
    assert socket.frames == ["one"]
    layer.up = True

    await _until(lambda: RESYNC_TEXT in socket.frames)
    assert hub.recoveries == 1
    await layer.group_send(room_group(7), {"type": "room.fanout", "room": 7, "text": "two"})
    await _until(lambda: socket.frames[-1] == "two")
    assert socket.frames == ["one", RESYNC_TEXT, "two"]
    await hub.leave(7, 1, socket)
    assert hub.heartbeat is None
    assert hub.task is None


async def test_it_keeps_a_socket_that_joins_while_the_broker_is_away() -> None:
    layer = FlakyLayer()
    hub = RoomHub(layer)
    layer.up = False
    socket = Socket(room_id=3)
    await hub.join(3, 1, socket)
    assert socket.frames == [RESYNC_TEXT]  # fetch from the database meanwhile

    layer.up = True
    await _until(lambda: hub.recoveries == 1)
    assert socket.frames == [RESYNC_TEXT, RESYNC_TEXT]
    await layer.group_send(room_group(3), {"type": "room.fanout", "room": 3, "text": "hello"})
    await _until(lambda: socket.frames[-1] == "hello")
    await hub.leave(3, 1, socket)


async def test_a_personal_event_lost_to_the_broker_makes_its_room_resync(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Small-chat messages travel as personal events: if one cannot be published, the room's
    sockets catch up from the database instead of missing it."""
    layer = FlakyLayer()
    hub = RoomHub(layer)
    socket = Socket(room_id=5)
    await hub.join(5, 1, socket)
    monkeypatch.setattr(outbox, "get_channel_layer", lambda: layer)
    monkeypatch.setattr(outbox, "current_hub", lambda: hub)
    layer.stop()
    lost = {"type": "tear_friend_message", "op": "add", "room": 5, "for_user": 2}
    await outbox.publish([], [(2, lost)])
    assert socket.frames == [RESYNC_TEXT]
    assert 5 in hub.stale
    layer.up = True
    if hub.retry is not None:
        hub.retry.cancel()
    await hub.leave(5, 1, socket)
