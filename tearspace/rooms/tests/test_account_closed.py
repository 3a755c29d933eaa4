"""A deleted or banned account's open sockets close at once, every kind of socket there is.

The doorbell is `account_closed` on the person's group, rung after the delete or ban commits;
every consumer closes on it, and nobody else's socket hears of it.
"""

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from config.routing import websocket_urlpatterns
from tearspace.accounts.actions import do_delete_account
from tearspace.accounts.models import Role, User
from tearspace.rooms import actions, host_actions
from tearspace.rooms.check_in_actions import do_send_check_in_message
from tearspace.rooms.common import RoomError
from tearspace.rooms.mixer_actions import do_join_tear_friend_chat, do_send_tear_friend_message
from tearspace.rooms.models import CheckIn, Phase, Room
from tearspace.rooms.tests.test_consumers import app, open_socket
from tearspace.safety.actions import do_ban

pytestmark = pytest.mark.django_db(transaction=True)

Opened = tuple[WebsocketCommunicator, Callable[[], Awaitable[None]]]


async def connect(user: User, path: str) -> WebsocketCommunicator:
    comm = WebsocketCommunicator(app(), path)
    comm.scope["user"] = user
    connected, code = await comm.connect()
    assert connected, f"{user} was refused on {path} ({code})"
    return comm


async def drain(comm: WebsocketCommunicator) -> None:
    """Read what the socket has been sent until it is quiet; it must still be open."""
    while not await comm.receive_nothing(0.3):
        assert (await comm.receive_output(1))["type"] == "websocket.send"


# What someone else does next, which the closed account's socket would otherwise receive.
async def personal_socket(person: User, room: Room, other: User) -> Opened:
    comm = await connect(person, "/ws/me/")
    return comm, sync_to_async(lambda: None)


async def moderation_socket(person: User, room: Room, other: User) -> Opened:
    comm = await connect(person, "/ws/moderation/")
    return comm, sync_to_async(lambda: None)


async def room_socket(person: User, room: Room, other: User) -> Opened:
    socket = await open_socket(person, room)

    async def next_word() -> None:
        await sync_to_async(actions.do_send_message)(room_id=room.pk, author=other, body="hi")

    return socket.comm, next_word


async def small_chat_socket(person: User, room: Room, other: User) -> Opened:
    """The room socket of someone seated in a small chat, which carries that chat too."""

    def seat() -> int:
        host_actions.do_set_phase(actor=room.host, room_id=room.pk, phase=Phase.MIXER)
        chat = do_join_tear_friend_chat(room_id=room.pk, user=person).chat_id
        do_join_tear_friend_chat(room_id=room.pk, user=other)
        return chat

    chat = await sync_to_async(seat)()
    socket = await open_socket(person, room)

    async def next_word() -> None:
        await sync_to_async(do_send_tear_friend_message)(chat_id=chat, author=other, body="hi")

    return socket.comm, next_word


async def check_in_socket(person: User, room: Room, other: User) -> Opened:
    """The room socket of someone the host checked in with privately, which carries it too."""
    await sync_to_async(do_send_check_in_message)(
        room_id=room.pk, author=room.host, person_id=person.pk, body="How are you doing?"
    )
    socket = await open_socket(person, room)

    def host_writes_again() -> None:
        try:
            do_send_check_in_message(
                room_id=room.pk, author=room.host, person_id=person.pk, body="I'm here."
            )
        except RoomError:
            # A deleted person's check-in went with their account; a banned one can still read.
            assert not CheckIn.objects.filter(room=room, person_id=person.pk).exists()

    async def next_word() -> None:
        await sync_to_async(host_writes_again)()

    return socket.comm, next_word


async def listener_chat_socket(person: User, room: Room, other: User) -> Opened:
    """A seeker's socket on a listener chat, `other` being the listener they were matched with."""
    from tearspace.support.actions import do_request_support, do_send_support_message
    from tearspace.support.chat import SupportError
    from tearspace.support.tests.conftest import adult, make_ready_listener

    def matched() -> Any:
        make_ready_listener(other)
        asked, _ = do_request_support(seeker=adult(person), first_line="a heavy evening")
        return asked.match

    match = await sync_to_async(matched)()
    comm = await connect(person, f"/ws/support/{match.pk}/")

    def say_hi() -> None:
        try:
            do_send_support_message(match=match, author=other, body="hi")
        except SupportError:
            assert closing_deleted_the_chat(match)  # a deleted seeker's chat goes with them

    async def next_word() -> None:
        await sync_to_async(say_hi)()

    return comm, next_word


async def support_group_socket(person: User, room: Room, other: User) -> Opened:
    from tearspace.support.actions import do_request_support, do_send_group_message
    from tearspace.support.chat import SupportError
    from tearspace.support.tests.conftest import adult, make_ready_listener

    def seated() -> Any:
        make_ready_listener(other)
        line = "my grandpa passed away"
        asked, _ = do_request_support(seeker=adult(person), first_line=line, format="group")
        return asked.match.group

    group = await sync_to_async(seated)()
    comm = await connect(person, f"/ws/support/groups/{group.pk}/")

    def say_hi() -> None:
        try:
            do_send_group_message(group=group, author=other, body="hi")
        except SupportError:
            # The last seeker's account deleted: they left, so the group ended.
            assert not type(group).objects.filter(pk=group.pk, active=True).exists()

    async def next_word() -> None:
        await sync_to_async(say_hi)()

    return comm, next_word


def closing_deleted_the_chat(match: Any) -> bool:
    return not type(match).objects.filter(pk=match.pk).exists()


# Every route of config/routing.py, and how to open a socket of each kind on it.
SOCKETS: dict[str, list[Callable[[User, Room, User], Awaitable[Opened]]]] = {
    "ws/me/": [personal_socket],
    "ws/moderation/": [moderation_socket],
    "ws/rooms/<id:room_id>/": [room_socket, small_chat_socket, check_in_socket],
    "ws/support/<id:match_id>/": [listener_chat_socket],
    "ws/support/groups/<id:group_id>/": [support_group_socket],
}
KINDS = [opener for openers in SOCKETS.values() for opener in openers]


def test_every_socket_route_is_covered() -> None:
    # The catch-all route only closes unknown paths (4404); it never delivers anything.
    routes = {str(route.pattern) for route in websocket_urlpatterns}
    assert routes - {""} == set(SOCKETS)


def delete(person: User, by: User) -> None:
    do_delete_account(user=person)


def ban(person: User, by: User) -> None:
    do_ban(moderator=by, person=person, reason="Repeated cruelty in rooms.")


@pytest.mark.parametrize("closing", [delete, ban], ids=lambda f: f.__name__)
@pytest.mark.parametrize("kind", KINDS, ids=lambda f: f.__name__)
async def test_a_closed_accounts_sockets_close_at_once_and_nobody_elses(
    kind: Callable[[User, Room, User], Awaitable[Opened]],
    closing: Callable[[User, User], None],
    room: Room,
    member: User,
    member2: User,
    mod: User,
) -> None:
    person = mod if kind is moderation_socket else member
    judge = await sync_to_async(User.objects.create_user)(
        username="olga", password="a-long-test-password", role=Role.OPERATOR
    )
    comm, next_word = await kind(person, room, member2)
    bystanders = [await connect(member2, "/ws/me/"), (await open_socket(member2, room)).comm]
    for socket in [comm, *bystanders]:
        await drain(socket)
    await sync_to_async(closing)(person, judge)
    closed: dict[str, Any] = await comm.receive_output(2)
    # Closed straight away, with nothing sent first, before they send anything themselves.
    assert closed["type"] == "websocket.close"
    assert closed["code"] in (4401, 4403)
    await next_word()
    for other in bystanders:
        await drain(other)  # still open: nothing but ordinary frames
        await other.disconnect()
