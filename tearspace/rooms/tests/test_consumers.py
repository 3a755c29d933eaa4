"""The room socket: who receives each live event, flood and size limits, acks and resume."""

import asyncio
import json
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from config.routing import websocket_urlpatterns
from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.core.tests.clips import make_clip
from tearspace.lib.fanout import is_local_layer
from tearspace.rooms import consumers
from tearspace.rooms.actions import do_add_clip, do_send_message
from tearspace.rooms.models import Membership, Room, Status

pytestmark = pytest.mark.django_db(transaction=True)

QUIET = 0.15
# An action no socket knows: its answer marks the point up to which a socket has been read.
PROBE = "probe-no-such-action"
PROBE_ANSWER = {"type": "error", "reason": "That action is not known.", "key": None}
OPENED: list["Socket"] = []  # every socket open_socket made (settle probes the running test's)
FIRST = 1.0


class Socket:
    """A test client: a communicator plus everything it has received so far."""

    def __init__(self, comm: WebsocketCommunicator, name: str) -> None:
        self.comm = comm
        self.name = name
        self.hello: dict[str, Any] = {}
        self.history: dict[str, Any] = {}
        self.closed = False
        # Read while another socket was being settled, not yet handed to the test.
        self.unread: list[dict[str, Any]] = []

    async def send(self, **frame: Any) -> None:
        await self.comm.send_to(text_data=json.dumps(frame))

    async def drain(self, timeout: float = QUIET, first: float = 0.0) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        while True:
            # receive_output's own timeout would cancel the app, so wait for quiet instead.
            wait = max(first, timeout) if not events else timeout
            if await self._nothing(wait):
                return events
            output = await self._output(1)
            if output["type"] == "websocket.close":
                self.closed = True
                events.append({"type": "__closed__", "code": output.get("code")})
                return events
            events.append(json.loads(output["text"]))

    async def until_probe_answered(self) -> list[dict[str, Any]]:
        """Send a probe frame; return what comes before its answer (or before a close).

        The socket answers frames one at a time, so the answer comes after everything this
        socket's earlier frames (and its opening) made it send.
        """
        if self.closed:
            return []
        await self.send(action=PROBE)
        events: list[dict[str, Any]] = []
        while True:
            output = await self._output(10)
            if output["type"] == "websocket.close":
                self.closed = True
                events.append({"type": "__closed__", "code": output.get("code")})
                return events
            event = json.loads(output["text"])
            if event == PROBE_ANSWER:
                return events
            events.append(event)

    async def queued(self) -> list[dict[str, Any]]:
        """What this socket has been sent already and not yet read (no waiting)."""
        events: list[dict[str, Any]] = []
        while not self.closed and not await self._nothing(0):
            output = await self._output(1)
            if output["type"] == "websocket.close":
                self.closed = True
                events.append({"type": "__closed__", "code": output.get("code")})
            else:
                events.append(json.loads(output["text"]))
        return events

    async def _output(self, timeout: float) -> dict[str, Any]:
        if self.unread:
            return self.unread.pop(0)
        return dict(await self.comm.receive_output(timeout))

    async def _nothing(self, timeout: float) -> bool:
        return not self.unread and await self.comm.receive_nothing(timeout)

    def is_open_here(self) -> bool:
        """Whether this socket belongs to the running test (its event loop) and is not closed."""
        app = self.comm.future
        return not self.closed and not app.done() and app.get_loop() is asyncio.get_running_loop()

    async def wait_for(self, kind: str, timeout: float = 2.0) -> dict[str, Any]:
        while True:
            output = await self._output(timeout)
            if output["type"] == "websocket.close":
                raise AssertionError(
                    f"{self.name} closed ({output.get('code')}) waiting for {kind}"
                )
            event = json.loads(output["text"])
            if event["type"] == kind:
                return event


def app() -> URLRouter:
    return URLRouter(websocket_urlpatterns)


async def open_socket(user: User, room: Room, after: int | None = None) -> Socket:
    path = f"/ws/rooms/{room.pk}/" + ("" if after is None else f"?after={after}")
    comm = WebsocketCommunicator(app(), path)
    comm.scope["user"] = user
    connected, code = await comm.connect()
    assert connected, f"{user} was refused ({code})"
    socket = Socket(comm, user.username)
    OPENED.append(socket)
    # The socket subscribes before it sends its opening frames, so over a broker a live event
    # (someone's earlier socket going offline, say) may come first: it is kept unread.
    early: list[dict[str, Any]] = []
    while not (socket.hello and socket.history):
        # Generous: a room with a long history takes a while to open on a loaded machine.
        frame = await comm.receive_json_from(timeout=10)
        if frame["type"] == "hello" and not socket.hello:
            socket.hello = frame
        elif frame["type"] == "history" and not socket.history:
            socket.history = frame
        else:
            early.append(frame)
    socket.unread = [_as_output(e) for e in early]
    return socket


async def refused_code(user: User, room: Room) -> int | None:
    comm = WebsocketCommunicator(app(), f"/ws/rooms/{room.pk}/")
    comm.scope["user"] = user
    connected, code = await comm.connect()
    assert not connected
    return code


async def settle(*sockets: Socket) -> dict[str, list[dict[str, Any]]]:
    """Everything each socket receives until the room goes quiet.

    With the in-process channel layer an action's live events reach every socket before the
    action returns: once each socket has answered a probe, whatever any of them was doing is
    done and all it caused is queued on every socket, so the rest is read without waiting.
    Over a broker events travel on their own, and the sockets are drained until quiet.
    """
    if not is_local_layer(get_channel_layer()):
        got = {sockets[0].name: await sockets[0].drain(first=FIRST)}
        for s in sockets[1:]:
            got[s.name] = await s.drain()
        return got
    OPENED[:] = [s for s in OPENED if s.is_open_here()]
    got = {s.name: await s.until_probe_answered() for s in sockets}
    # The one who acted may not be among `sockets`: every other open socket answers too, and
    # what it was sent meanwhile stays unread for the test.
    for other in [s for s in OPENED if s.is_open_here() and s not in sockets]:
        events = await other.until_probe_answered()
        other.unread += [_as_output(e) for e in events]
    for s in sockets:
        got[s.name] += await s.queued()
    return got


def _as_output(event: dict[str, Any]) -> dict[str, Any]:
    if event["type"] == "__closed__":
        return {"type": "websocket.close", "code": event["code"]}
    return {"type": "websocket.send", "text": json.dumps(event)}


def types(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


async def close_all(*sockets: Socket) -> None:
    for s in sockets:
        await s.comm.disconnect()


async def test_it_refuses_anonymous_and_non_members(
    room: Room, member: User, charlie: User
) -> None:
    from django.contrib.auth.models import AnonymousUser

    comm = WebsocketCommunicator(app(), f"/ws/rooms/{room.pk}/")
    comm.scope["user"] = AnonymousUser()
    connected, code = await comm.connect()
    assert (connected, code) == (False, consumers.CLOSE_UNAUTHENTICATED)
    assert await refused_code(charlie, room) == consumers.CLOSE_FORBIDDEN


async def test_it_authenticates_by_session_and_checks_origin(room: Room, member: User) -> None:
    from config.asgi import application

    def make_session() -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(member.pk)
        store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
        store[HASH_SESSION_KEY] = member.get_session_auth_hash()
        store.create()
        return str(store.session_key)

    key = await sync_to_async(make_session)()
    cookie = (b"cookie", f"sessionid={key}".encode())
    good = WebsocketCommunicator(
        application,
        f"/ws/rooms/{room.pk}/",
        headers=[(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1"), cookie],
    )
    connected, _ = await good.connect()
    assert connected
    hello = await good.receive_json_from()
    assert hello["me"]["handle"] == "alice"
    await good.receive_json_from()  # history
    # Room broadcasts skip the session wrapper on the way out; they must still arrive.
    await good.send_json_to({"action": "send", "body": "through the full stack", "key": "s1"})
    seen = [await good.receive_json_from(timeout=2) for _ in range(3)]
    assert "through the full stack" in [e.get("message", {}).get("body") for e in seen]
    await good.disconnect()
    evil = WebsocketCommunicator(
        application, f"/ws/rooms/{room.pk}/", headers=[(b"origin", b"https://evil.example"), cookie]
    )
    connected, _ = await evil.connect()
    assert not connected


async def test_it_sends_a_message_to_members_host_and_moderators_only(
    room: Room, member: User, member2: User, host: User, mod: User, charlie: User
) -> None:
    a, b, h, m = [await open_socket(u, room) for u in (member, member2, host, mod)]
    await settle(a, b, h, m)
    await a.send(action="send", body="The last scene got me", key="k1")
    got = await settle(a, b, h, m)
    for name in ("alice", "bob", "hugo", "mona"):
        adds = [e for e in got[name] if e["type"] == "room_message"]
        assert len(adds) == 1, name
        assert adds[0]["message"]["body"] == "The last scene got me"
        assert adds[0]["message"]["seq"] == 1
    acks = [e for e in got["alice"] if e["type"] == "ack"]
    assert acks == [{"type": "ack", "key": "k1", "id": acks[0]["id"], "seq": 1}]
    assert "ack" not in types(got["bob"])
    assert await refused_code(charlie, room) == consumers.CLOSE_FORBIDDEN
    await close_all(a, b, h, m)


async def test_it_shows_help_only_to_the_sender_and_alerts_only_host_and_moderators(
    room: Room, member: User, member2: User, host: User, mod: User
) -> None:
    a, b, h, m = [await open_socket(u, room) for u in (member, member2, host, mod)]
    await settle(a, b, h, m)
    await a.send(action="send", body="CRISIS I cannot go on", key="k2")
    got = await settle(a, b, h, m)
    assert types(got["alice"]).count("room_help") == 1
    assert "room_alert" not in types(got["alice"])
    for name in ("hugo", "mona"):
        assert "room_help" not in types(got[name])
        alerts = [e for e in got[name] if e["type"] == "room_alert"]
        assert len(alerts) == 1
        assert alerts[0]["author"] == "alice"
    assert "room_help" not in types(got["bob"])
    assert "room_alert" not in types(got["bob"])
    # The room still sees the words, unchanged: screening adds help, it never silences.
    assert [e["message"]["body"] for e in got["bob"] if e["type"] == "room_message"] == [
        "CRISIS I cannot go on"
    ]
    await close_all(a, b, h, m)


async def test_it_acks_a_resend_with_the_same_seq_and_stores_one_message(
    room: Room, member: User, member2: User
) -> None:
    a, b = await open_socket(member, room), await open_socket(member2, room)
    await settle(a, b)
    await a.send(action="send", body="hello", key="same")
    first = await a.wait_for("ack")
    await a.send(action="send", body="hello", key="same")
    second = await a.wait_for("ack")
    assert (first["id"], first["seq"]) == (second["id"], second["seq"])
    got = await settle(b)
    assert types(got["bob"]).count("room_message") == 1
    assert await sync_to_async(Message.objects.filter(conversation__room=room).count)() == 1
    await close_all(a, b)


async def test_it_asks_for_a_retry_and_keeps_the_socket_while_the_database_is_away(
    room: Room, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import OperationalError

    from tearspace.rooms import actions

    def away(**kwargs: Any) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    socket = await open_socket(member, room)
    await settle(socket)
    with monkeypatch.context() as patch:
        patch.setattr(actions, "do_send_message", away)
        await socket.send(action="send", body="are you there?", key="k1")
        error = await socket.wait_for("error")
    assert error == {
        "type": "error",
        "reason": consumers.DATABASE_AWAY_REASON,
        "key": "k1",
        "retry": True,
    }
    await socket.send(action="send", body="are you there?", key="k1")
    ack = await socket.wait_for("ack")
    assert ack["seq"] == 1
    assert await sync_to_async(Message.objects.filter(conversation__room=room).count)() == 1
    await socket.comm.disconnect()


async def test_it_resumes_after_a_sequence_number(room: Room, member: User) -> None:
    for n in range(1, 6):
        await sync_to_async(do_send_message)(
            room_id=room.pk, author=member, body=f"m{n}", client_key=f"r{n}"
        )
    socket = await open_socket(member, room, after=3)
    assert [m["seq"] for m in socket.history["messages"]] == [4, 5]
    assert socket.history["complete"] is True
    assert socket.hello["last_seq"] == 5
    await socket.comm.disconnect()


async def test_it_closes_a_flooding_socket(room: Room, member: User) -> None:
    socket = await open_socket(member, room)
    for _ in range(int(consumers.BUCKET_CAPACITY) + 5):
        await socket.send(action="react", emoji="💧")
    events = await socket.drain(1.0)
    while events and events[-1]["type"] != "__closed__":
        events = await socket.drain(1.0)
    assert events[-1] == {"type": "__closed__", "code": consumers.CLOSE_FLOOD}


async def test_it_closes_on_an_oversized_frame(room: Room, member: User) -> None:
    socket = await open_socket(member, room)
    await socket.send(action="send", body="x" * (consumers.MAX_FRAME_BYTES + 1), key="big")
    events = await socket.drain(1.0)
    assert events[-1] == {"type": "__closed__", "code": consumers.CLOSE_TOO_BIG}
    assert await sync_to_async(Message.objects.count)() == 0


async def test_it_floats_reactions_to_everyone_in_the_room(
    room: Room, member: User, member2: User, host: User
) -> None:
    a, b, h = [await open_socket(u, room) for u in (member, member2, host)]
    await settle(a, b, h)
    await b.send(action="react", emoji="🫂")
    got = await settle(a, b, h)
    for name in ("alice", "bob", "hugo"):
        assert [e for e in got[name] if e["type"] == "room_reaction"] == [
            {"type": "room_reaction", "emoji": "🫂"}
        ]
    await b.send(action="react", emoji="😡")
    got = await settle(a, b)
    assert "room_reaction" not in types(got["alice"])
    assert "error" in types(got["bob"])
    await close_all(a, b, h)


async def test_it_announces_presence_and_raised_hands(
    room: Room, member: User, member2: User
) -> None:
    a = await open_socket(member, room)
    b = await open_socket(member2, room)
    got = await settle(a, b)
    online = [e for e in got["alice"] if e["type"] == "room_presence"]
    assert {
        "type": "room_presence",
        "op": "online",
        "user": {"id": member2.pk, "handle": "bob"},
    } in online
    await b.send(action="hand", raised=True)
    got = await settle(a, b)
    for name in ("alice", "bob"):
        assert [e["raised"] for e in got[name] if e["type"] == "room_hand"] == [True]
    await b.comm.disconnect()
    got = await settle(a)
    assert any(e["type"] == "room_presence" and e["op"] == "offline" for e in got["alice"])
    await a.comm.disconnect()


async def test_it_lets_only_the_host_steer_the_phases(room: Room, member: User, host: User) -> None:
    a, h = await open_socket(member, room), await open_socket(host, room)
    await settle(a, h)
    await a.send(action="phase", phase="watching")
    got = await settle(a, h)
    assert "room_state" not in types(got["hugo"])
    assert "error" in types(got["alice"])
    for phase in ("watching", "sharing", "aftercare", "mixer"):
        await h.send(action="phase", phase=phase)
        got = await settle(a, h)
        for name in ("alice", "hugo"):
            states = [e for e in got[name] if e["type"] == "room_state"]
            assert [s["phase"] for s in states] == [phase], name
    await close_all(a, h)


async def test_it_keeps_chat_quiet_while_watching_but_the_host_may_speak(
    room: Room, member: User, host: User
) -> None:
    a, h = await open_socket(member, room), await open_socket(host, room)
    await h.send(action="phase", phase="watching")
    await settle(a, h)
    await a.send(action="send", body="so sad", key="q1")
    got = await settle(a, h)
    assert "room_message" not in types(got["hugo"])
    assert "Chat is quiet" in next(e for e in got["alice"] if e["type"] == "error")["reason"]
    await h.send(action="send", body="Take your time", key="q2")
    got = await settle(a, h)
    assert "room_message" in types(got["alice"])
    await close_all(a, h)


async def test_it_broadcasts_playback_and_latecomers_join_in_step(
    room: Room, member: User, host: User
) -> None:
    clip = await sync_to_async(do_add_clip)(
        actor=host,
        room=room,
        title="Scene",
        media=SimpleUploadedFile("scene.mp4", make_clip(), content_type="video/mp4"),
    )
    a, h = await open_socket(member, room), await open_socket(host, room)
    await settle(a, h)
    await a.send(action="playback", op="play")
    assert "room_playback" not in types((await settle(h))["hugo"])
    await h.send(action="playback", op="play")
    got = await settle(a, h)
    plays = [e for e in got["alice"] if e["type"] == "room_playback"]
    assert len(plays) == 1
    assert plays[0]["playing"] is True
    assert plays[0]["clip"] == clip.pk
    await h.send(action="playback", op="seek", position=42.0)
    got = await settle(a)
    assert [e["position"] for e in got["alice"] if e["type"] == "room_playback"] == [42.0]
    late = await open_socket(member, room)
    playback = late.hello["playback"]
    assert playback["playing"] is True
    assert playback["position"] == 42.0
    assert playback["src"].endswith(f"/clips/{clip.pk}/media")
    await close_all(a, h, late)


async def test_it_pins_mutes_and_removes_with_the_room_told_and_the_removed_person_closed(
    room: Room, member: User, member2: User, host: User
) -> None:
    a, b, h = [await open_socket(u, room) for u in (member, member2, host)]
    await settle(a, b, h)
    await a.send(action="send", body="Thank you all", key="p1")
    message_id = (await a.wait_for("ack"))["id"]
    await h.send(action="pin", message=message_id)
    got = await settle(a, b, h)
    for name in ("alice", "bob", "hugo"):
        assert [e["message"]["id"] for e in got[name] if e["type"] == "room_pin"] == [message_id]
    await h.send(action="mute", user=member2.pk, muted=True)
    got = await settle(a, b, h)
    assert any(e["type"] == "room_member" and e["op"] == "muted" for e in got["alice"])
    await b.send(action="send", body="hey", key="m1")
    got = await settle(a, b)
    assert "room_message" not in types(got["alice"])
    await h.send(action="remove", user=member2.pk)
    got = await settle(a, b, h)
    assert [e["type"] for e in got["bob"]][-2:] == ["room_removed", "__closed__"]
    assert "room_removed" not in types(got["alice"])
    assert any(e["type"] == "room_member" and e["op"] == "leave" for e in got["alice"])
    status = await sync_to_async(lambda: Membership.objects.get(room=room, user=member2).status)()
    assert status == Status.REMOVED
    await close_all(a, h)


async def test_it_gives_the_floor_locks_and_ends_the_session(
    room: Room, member: User, host: User
) -> None:
    a, h = await open_socket(member, room), await open_socket(host, room)
    await settle(a, h)
    await h.send(action="floor", user=member.pk)
    got = await settle(a)
    assert [e["user"]["handle"] for e in got["alice"] if e["type"] == "room_floor"] == ["alice"]
    await h.send(action="lock", locked=True)
    got = await settle(a)
    assert [e["locked"] for e in got["alice"] if e["type"] == "room_state"] == [True]
    await h.send(action="end")
    got = await settle(a)
    assert [e["phase"] for e in got["alice"] if e["type"] == "room_state"] == ["ended"]
    await close_all(a, h)


async def test_it_tells_local_sockets_to_resync_when_the_broker_fails(
    room: Room, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from channels.layers import get_channel_layer

    from tearspace.lib import fanout

    # Take the cross-process path (as with Redis) so there is a broker send that can fail.
    monkeypatch.setattr(fanout, "LOCAL_LAYERS", ())
    socket = await open_socket(member, room)
    await settle(socket)
    layer = get_channel_layer()

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("broker down")

    monkeypatch.setattr(layer, "group_send", broken)
    await socket.send(action="send", body="still here", key="r1")
    got = await settle(socket)
    assert "resync" in types(got["alice"])
    assert "ack" in types(got["alice"])
    bodies = await sync_to_async(lambda: [m.body for m in Message.objects.all()])()
    assert bodies.count("still here") == 1
    await socket.comm.disconnect()


async def test_it_answers_odd_numbers_in_frames_without_closing(room: Room, member: User) -> None:
    """Digits that are not plain 0-9 ("²"), or ids too large for the database, are refused
    with a reason; the socket stays open."""
    socket = await open_socket(member, room)
    for odd in ("²", "٣", str(2**64), 2**64, -1):
        await socket.send(action="report", message=odd, reason="unkind")
        await socket.send(action="floor", user=odd)
    # The probe's answer comes after every earlier frame's (no quiet window to time out).
    events = await socket.until_probe_answered()
    refused = [e for e in events if e["type"] in ("error", "__closed__")]
    assert types(refused) == ["error"] * 10  # every one refused, none closed the socket
    await socket.send(action="send", body="still here", key="k1")
    assert (await socket.wait_for("ack"))["key"] == "k1"
    await socket.comm.disconnect()


async def test_it_words_its_refusals_in_the_persons_language(
    room: Room, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    member.language = "de"
    await sync_to_async(member.save)(update_fields=["language"])
    socket = await open_socket(member, room)
    with monkeypatch.context() as patched:
        # Each refusal says which language was active when it was worded.
        patched.setattr(consumers, "_", lambda message: f"{translation.get_language()}: {message}")
        await socket.send(action="no-such-action")
        refused = await socket.wait_for("error")
    assert refused["reason"] == "de: That action is not known."
    await socket.comm.disconnect()
