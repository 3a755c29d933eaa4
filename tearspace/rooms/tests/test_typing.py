"""Who is typing: ephemeral, to everyone in the room but the typist, never while chat is quiet."""

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from tearspace.accounts.models import User
from tearspace.conversations import actions as engine
from tearspace.lib.fanout import FANOUT_TYPE, RoomHub, room_group
from tearspace.rooms import consumers
from tearspace.rooms.actions import RoomError, do_send_typing
from tearspace.rooms.models import Room
from tearspace.rooms.tests.test_consumers import close_all, open_socket, refused_code, settle
from tearspace.rooms.tests.test_fanout import FlakyLayer, Socket, _until

Login = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db(transaction=True)


def typing_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == "room_typing"]


@pytest.fixture
def no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "TYPING_EVERY_SECONDS", 0.0)


async def test_it_tells_everyone_in_the_room_but_the_typist(
    room: Room, member: User, member2: User, host: User, mod: User, charlie: User
) -> None:
    a, b, h, m = [await open_socket(u, room) for u in (member, member2, host, mod)]
    await settle(a, b, h, m)
    await a.send(action="typing")
    got = await settle(a, b, h, m)
    expected = [{"type": "room_typing", "user": {"id": member.pk, "handle": "alice"}}]
    for name in ("bob", "hugo", "mona"):
        assert typing_events(got[name]) == expected, name
    assert got["alice"] == []  # not even an ack: nothing comes back to the typist
    assert await refused_code(charlie, room) == consumers.CLOSE_FORBIDDEN
    await close_all(a, b, h, m)


async def test_it_passes_on_one_typing_event_every_few_seconds_at_most(
    room: Room, member: User, member2: User
) -> None:
    a, b = [await open_socket(u, room) for u in (member, member2)]
    await settle(a, b)
    for _ in range(5):
        await a.send(action="typing")
    got = await settle(b, a)
    assert len(typing_events(got["bob"])) == 1
    await close_all(a, b)


async def test_it_sends_nothing_while_chat_is_quiet_even_from_the_host(
    room: Room, member: User, member2: User, host: User, no_throttle: None
) -> None:
    a, b, h = [await open_socket(u, room) for u in (member, member2, host)]
    await settle(a, b, h)
    await h.send(action="phase", phase="watching")
    await settle(a, b, h)
    await a.send(action="typing")
    await h.send(action="typing")
    got = await settle(a, b, h)
    assert all(typing_events(events) == [] for events in got.values())

    await h.send(action="phase", phase="sharing")
    await settle(a, b, h)
    await a.send(action="typing")
    got = await settle(b, a, h)
    assert len(typing_events(got["bob"])) == 1
    await close_all(a, b, h)


async def test_it_sends_nothing_for_a_member_whose_messages_are_paused(
    room: Room, member: User, member2: User, host: User, no_throttle: None
) -> None:
    a, b, h = [await open_socket(u, room) for u in (member, member2, host)]
    await settle(a, b, h)
    await h.send(action="mute", user=member.pk, muted=True)
    await settle(a, b, h)
    await a.send(action="typing")
    got = await settle(b, a, h)
    assert typing_events(got["bob"]) == typing_events(got["hugo"]) == []
    assert got["alice"] == []
    await close_all(a, b, h)


def test_it_refuses_typing_from_someone_not_in_the_room(room: Room, charlie: User) -> None:
    with pytest.raises(RoomError) as refused:
        do_send_typing(room_id=room.pk, user=charlie)
    assert refused.value.status == 403


def test_the_api_takes_typing_from_members_only(
    login: Login, room: Room, member: User, charlie: User
) -> None:
    path = f"/api/v1/rooms/{room.pk}/typing"
    assert login(member).post(path).status_code == 204
    assert login(charlie).post(path).status_code == 404
    assert login(None).post(path).status_code == 401


def test_the_api_passes_typing_on_at_most_every_few_seconds(
    login: Login, room: Room, member: User, sent: list[tuple[str, int, dict[str, Any]]]
) -> None:
    client = login(member)
    for _ in range(5):
        assert client.post(f"/api/v1/rooms/{room.pk}/typing").status_code == 204
    # The limit is the action's: typing said through the socket a moment later counts too.
    assert do_send_typing(room_id=room.pk, user=member) is False
    assert [e["type"] for _, _, e in sent] == ["room_typing"]


async def test_the_hub_skips_the_typists_sockets_across_processes() -> None:
    layer = FlakyLayer()
    hub = RoomHub(layer)
    typist, other, typist_elsewhere = Socket(room_id=5), Socket(room_id=5), Socket(room_id=6)
    await hub.join(5, 1, typist)
    await hub.join(5, 2, other)
    await hub.join(6, 1, typist_elsewhere)
    text = json.dumps({"type": "room_typing", "user": {"id": 1, "handle": "alice"}})
    message = {"type": FANOUT_TYPE, "room": 5, "text": text, "skip_user": 1}
    await layer.group_send(room_group(5), message)
    await layer.group_send(room_group(5), {"type": FANOUT_TYPE, "room": 5, "text": "next"})
    await _until(lambda: other.frames == [text, "next"])
    await asyncio.sleep(0.05)
    assert typist.frames == ["next"]
    assert typist_elsewhere.frames == []
    for room_id, user_id, socket in ((5, 1, typist), (5, 2, other), (6, 1, typist_elsewhere)):
        await hub.leave(room_id, user_id, socket)


async def test_the_typing_action_checks_membership_with_few_queries(
    room: Room, member: User, django_assert_max_num_queries: Any
) -> None:
    def count() -> None:
        with django_assert_max_num_queries(3):
            assert do_send_typing(room_id=room.pk, user=member) is True

    await database_sync_to_async(count)()
