"""Room frames reach sockets through the server's own send (lib/asgi.py), not Channels' session
wrapper, over the real websocket stack; everything else still goes through the wrapper."""

import json
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.sessions import InstanceSessionWrapper
from channels.testing import WebsocketCommunicator

from tearspace.accounts.models import User
from tearspace.accounts.tests.test_second_factor import _session_cookie
from tearspace.lib.asgi import SERVER_SEND, ServerSendMiddleware, server_send
from tearspace.rooms.actions import do_send_message
from tearspace.rooms.models import Room


async def test_the_middleware_hands_on_the_send_it_was_given() -> None:
    seen: dict[str, Any] = {}

    async def inner(scope: dict[str, Any], receive: Any, send: Any) -> None:
        seen.update(scope)

    async def server(message: dict[str, Any]) -> None: ...

    async def consumers_own(message: dict[str, Any]) -> None: ...

    await ServerSendMiddleware(inner)({"type": "websocket"}, None, server)
    assert seen[SERVER_SEND] is server
    assert server_send(seen, fallback=consumers_own) is server
    assert server_send({"type": "websocket"}, fallback=consumers_own) is consumers_own


@pytest.mark.django_db(transaction=True)
async def test_a_room_message_skips_the_session_wrapper_and_arrives(
    room: Room, member: User, member2: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from config.asgi import application

    wrapped: list[str] = []
    original = InstanceSessionWrapper.send

    async def counting(self: InstanceSessionWrapper, message: dict[str, Any]) -> None:
        wrapped.append(message.get("text") or message["type"])
        await original(self, message)

    monkeypatch.setattr(InstanceSessionWrapper, "send", counting)
    cookie = await sync_to_async(_session_cookie)(member)
    headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1"), cookie]
    socket = WebsocketCommunicator(application, f"/ws/rooms/{room.pk}/", headers=headers)
    connected, _ = await socket.connect()
    assert connected
    assert "websocket.accept" in wrapped  # the handshake still passes every middleware
    # The opening frames (hello, history) are the consumer's own; a message stored before they
    # are built would arrive in the history instead of live.
    frames: list[dict[str, Any]] = []
    while not any(f.get("type") == "history" for f in frames):
        frames.append(json.loads(await socket.receive_from(timeout=3)))
    await database_sync_to_async(do_send_message)(
        room_id=room.pk, author=member2, body="hello through the hub", client_key="k1"
    )
    while not any(f.get("type") == "room_message" for f in frames):
        frames.append(json.loads(await socket.receive_from(timeout=3)))
    [message] = [f for f in frames if f.get("type") == "room_message"]
    assert message["message"]["body"] == "hello through the hub"
    assert not any("hello through the hub" in text for text in wrapped)
    await socket.disconnect()
