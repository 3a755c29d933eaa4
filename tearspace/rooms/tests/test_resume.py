"""Live views stay true: what changed while a socket was down, and what a newcomer may read.

Every way a message changes for everyone (a host's hide, a moderator's removal after a report)
takes a sequence number like a message, so a person resuming with `?after=` learns of it, in
the room chat and in the mixer's small chats alike, over the socket and the API.
"""

import json
from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.test import Client

from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.rooms import actions, host_actions
from tearspace.rooms.actions import RoomError, do_send_message
from tearspace.rooms.chat import RoomChat
from tearspace.rooms.mixer_actions import (
    do_join_tear_friend_chat,
    do_report_tear_friend_message,
    do_send_tear_friend_message,
)
from tearspace.rooms.models import Kind, Phase, Room
from tearspace.rooms.tests.conftest import with_mfa
from tearspace.rooms.tests.test_consumers import open_socket
from tearspace.safety.actions import do_remove_content

pytestmark = pytest.mark.django_db(transaction=True)

Login = Callable[[User | None], Client]
Sent = list[tuple[str, int, dict[str, Any]]]
SECRET = "words that were hidden"


def post(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(data), content_type="application/json")


# --- Ways a message changes for everyone ----------------------------------------------------


def host_hides_by_socket(room: Room, message: Any, **_: Any) -> None:
    async def hide() -> None:
        socket = await open_socket(room.host, room)
        await socket.send(action="hide", message=message.pk)
        await socket.wait_for("room_message")
        await socket.comm.disconnect()

    async_to_sync(hide)()


def host_hides_by_api(room: Room, message: Any, login: Login, **_: Any) -> None:
    path = f"/api/v1/rooms/{room.pk}/controls"
    assert (
        post(login(room.host), path, {"action": "hide", "message": message.pk}).status_code == 200
    )


def moderator_removes_room_words(
    room: Room, message: Any, mod: User, reader: User, **unused: Any
) -> None:
    filed, _ = actions.do_report_message(
        reporter=reader, room_id=room.pk, message_id=message.pk, reason="unkind"
    )
    do_remove_content(moderator=mod, report=filed, reason="Please be kind here.")


def moderator_removes_small_chat_words(
    room: Room, message: Any, mod: User, reader: User, **unused: Any
) -> None:
    filed, _ = do_report_tear_friend_message(
        reporter=reader,
        room_id=room.pk,
        chat_id=message.conversation.small_chat.pk,
        message_id=message.pk,
        reason="unkind",
    )
    do_remove_content(moderator=mod, report=filed, reason="Please be kind here.")


# --- Ways a client resumes ------------------------------------------------------------------


def resume_room_by_socket(room: Room, reader: User, after: int, **_: Any) -> dict[str, Any]:
    async def resume() -> dict[str, Any]:
        socket = await open_socket(reader, room, after=after)
        await socket.comm.disconnect()
        return socket.history

    return async_to_sync(resume)()


def resume_room_by_api(room: Room, reader: User, after: int, login: Login) -> dict[str, Any]:
    got = login(reader).get(f"/api/v1/rooms/{room.pk}/messages?after={after}")
    assert got.status_code == 200
    return dict(got.json())


def resume_small_chat_by_api(
    room: Room, reader: User, after: int, login: Login, chat: int
) -> dict[str, Any]:
    path = f"/api/v1/rooms/{room.pk}/tear-friends/{chat}/messages?after={after}"
    got = login(reader).get(path)
    assert got.status_code == 200
    return dict(got.json())


def apply(shown: dict[int, str], page: dict[str, Any]) -> dict[int, str]:
    """What a client shows after applying a page of history, as room.js does."""
    for m in page["messages"]:
        shown.setdefault(m["id"], m["body"])
    for change in page["changes"]:
        assert change["op"] in ("hide", "remove")
        shown[change["id"]] = ""
    return shown


ROOM_CHANGES = [host_hides_by_socket, host_hides_by_api, moderator_removes_room_words]
ROOM_RESUMES = [resume_room_by_socket, resume_room_by_api]


@pytest.mark.parametrize("resume", ROOM_RESUMES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("change", ROOM_CHANGES, ids=lambda f: f.__name__)
def test_a_room_change_made_while_away_reaches_a_resuming_client(
    change: Callable[..., None],
    resume: Callable[..., dict[str, Any]],
    room: Room,
    member: User,
    member2: User,
    mod: User,
    login: Login,
) -> None:
    said = [
        do_send_message(room_id=room.pk, author=member, body=body)[0]
        for body in ("hello", SECRET, "thank you")
    ]
    # Bob's client has everything up to seq 3 on the page; then his socket goes down.
    shown = {m.pk: m.body for m in said}
    change(room=room, message=said[1], mod=mod, reader=member2, login=login)
    later, _ = do_send_message(room_id=room.pk, author=member, body="still here")
    page = resume(room=room, reader=member2, after=3, login=login)
    hidden = Message.objects.get(pk=said[1].pk)
    assert page["changes"] == [
        {
            "type": "room_message",
            "op": "hide",
            "room": room.pk,
            "id": said[1].pk,
            "seq": hidden.changed_seq,
            "message_seq": 2,
        }
    ]
    assert hidden.changed_seq == 4
    assert [m["seq"] for m in page["messages"]] == [later.seq] == [5]
    assert apply(shown, page)[said[1].pk] == ""
    assert SECRET not in json.dumps(page)


def test_a_hide_is_sent_to_the_room_once_with_its_own_sequence_number(
    room: Room, member: User, member2: User, sent: Sent
) -> None:
    message, _ = do_send_message(room_id=room.pk, author=member, body=SECRET)
    sent.clear()
    host_actions.do_hide_message(actor=room.host, room_id=room.pk, message_id=message.pk)
    host_actions.do_hide_message(actor=room.host, room_id=room.pk, message_id=message.pk)
    assert sent == [
        (
            "room",
            room.pk,
            {
                "type": "room_message",
                "op": "hide",
                "room": room.pk,
                "id": message.pk,
                "seq": 2,
                "message_seq": 1,
            },
        )
    ]
    # Hiding again changed nothing, so it took no number: the next message is 3.
    assert do_send_message(room_id=room.pk, author=member, body="next")[0].seq == 3


def test_a_newly_fetched_hidden_message_comes_hidden(
    room: Room, member: User, member2: User, login: Login
) -> None:
    message, _ = do_send_message(room_id=room.pk, author=member, body=SECRET)
    host_actions.do_hide_message(actor=room.host, room_id=room.pk, message_id=message.pk)
    page = resume_room_by_api(room=room, reader=member2, after=0, login=login)
    assert page["messages"] == [
        {**RoomChat(room.pk).message_dict(message), "hidden": True, "body": ""}
    ]
    assert page["changes"] == []  # the client never had it, so there is nothing to change


def test_a_page_of_history_is_a_prefix_of_everything_that_happened(
    room: Room, member: User, member2: User, login: Login
) -> None:
    for n in range(1, 4):
        do_send_message(room_id=room.pk, author=member, body=f"m{n}")
    first = Message.objects.get(conversation__room=room, seq=1)
    host_actions.do_hide_message(actor=room.host, room_id=room.pk, message_id=first.pk)  # seq 4
    do_send_message(room_id=room.pk, author=member, body="m5")
    client = login(member2)
    page = client.get(f"/api/v1/rooms/{room.pk}/messages?after=2&limit=2").json()
    # Items 3 (a message) and 4 (the hide of message 1), not 5: a client takes up to 4.
    assert [m["seq"] for m in page["messages"]] == [3]
    assert [c["seq"] for c in page["changes"]] == [4]


# --- The mixer's small chats ----------------------------------------------------------------


@pytest.fixture
def small_chat(room: Room, member: User, member2: User) -> int:
    host_actions.do_set_phase(actor=room.host, room_id=room.pk, phase=Phase.MIXER)
    chat = do_join_tear_friend_chat(room_id=room.pk, user=member).chat_id
    do_join_tear_friend_chat(room_id=room.pk, user=member2)
    return chat


SMALL_CHAT_CHANGES = [moderator_removes_small_chat_words]


@pytest.mark.parametrize("change", SMALL_CHAT_CHANGES, ids=lambda f: f.__name__)
def test_a_small_chat_change_made_while_away_reaches_a_resuming_client(
    change: Callable[..., None],
    room: Room,
    small_chat: int,
    member: User,
    member2: User,
    mod: User,
    login: Login,
) -> None:
    said = [
        do_send_tear_friend_message(chat_id=small_chat, author=member, body=body)[0]
        for body in ("hello", SECRET, "thank you")
    ]
    shown = {m.pk: m.body for m in said}
    change(room=room, message=said[1], mod=mod, reader=member2)
    later, _ = do_send_tear_friend_message(chat_id=small_chat, author=member, body="still here")
    page = resume_small_chat_by_api(
        room=room, reader=member2, after=3, login=login, chat=small_chat
    )
    assert page["changes"] == [
        {
            "type": "tear_friend_message",
            "op": "remove",
            "room": room.pk,
            "chat": small_chat,
            "id": said[1].pk,
            "seq": 4,
            "message_seq": 2,
        }
    ]
    assert [m["seq"] for m in page["messages"]] == [later.seq] == [5]
    assert apply(shown, page)[said[1].pk] == ""
    assert SECRET not in json.dumps(page)
    assert Message.objects.get(pk=said[1].pk).body == ""


# --- What a newcomer reads ------------------------------------------------------------------


def reads(room: Room, reader: User, login: Login, after: int = 0) -> dict[str, list[str]]:
    """What `reader` gets of the chat over each interface, from `after`."""

    async def by_socket() -> tuple[list[str], list[str]]:
        recent = await open_socket(reader, room)
        await recent.comm.disconnect()
        resumed = await open_socket(reader, room, after=after)
        await resumed.comm.disconnect()
        return (
            [m["body"] for m in recent.history["messages"]],
            [m["body"] for m in resumed.history["messages"]],
        )

    recent, resumed = async_to_sync(by_socket)()
    page = login(reader).get(f"/api/v1/rooms/{room.pk}/messages?after={after}").json()
    return {"socket": recent, "socket_after": resumed, "api": [m["body"] for m in page["messages"]]}


def everywhere(bodies: list[str]) -> dict[str, list[str]]:
    return {"socket": bodies, "socket_after": bodies, "api": bodies}


def test_a_newcomer_reads_from_when_they_came_in(
    room: Room, member: User, bob: User, mod: User, login: Login
) -> None:
    do_send_message(room_id=room.pk, author=member, body="before bob")
    actions.do_join_room(room=room, user=bob)
    do_send_message(room_id=room.pk, author=member, body="after bob")
    assert reads(room, bob, login) == everywhere(["after bob"])
    # Those who steer the room read all of it.
    assert reads(room, room.host, login) == everywhere(["before bob", "after bob"])
    assert reads(room, mod, login) == everywhere(["before bob", "after bob"])
    # Nor can the earlier words be reached by id.
    earlier = Message.objects.get(conversation__room=room, seq=1)
    with pytest.raises(RoomError) as refused:
        actions.do_report_message(
            reporter=bob, room_id=room.pk, message_id=earlier.pk, reason="unkind"
        )
    assert refused.value.status == 404


def test_someone_who_comes_back_reads_from_their_return(
    room: Room, member: User, member2: User, login: Login
) -> None:
    do_send_message(room_id=room.pk, author=member, body="with bob")
    actions.do_leave_room(room=room, user=member2)
    do_send_message(room_id=room.pk, author=member, body="while bob was away")
    actions.do_join_room(room=room, user=member2)
    do_send_message(room_id=room.pk, author=member, body="bob is back")
    assert reads(room, member2, login) == everywhere(["bob is back"])


def test_someone_let_in_from_the_waiting_list_reads_from_then(
    host: User, alice: User, bob: User, charlie: User, login: Login
) -> None:
    with_mfa(host)
    room = actions.do_create_room(host=host, title="Small", kind=Kind.OPEN, capacity=2)
    actions.do_join_room(room=room, user=alice)
    actions.do_join_room(room=room, user=bob)  # waiting
    do_send_message(room_id=room.pk, author=alice, body="while bob waited")
    actions.do_leave_room(room=room, user=alice)  # bob comes in
    do_send_message(room_id=room.pk, author=host, body="welcome bob")
    assert reads(room, bob, login) == everywhere(["welcome bob"])


def test_a_host_may_let_newcomers_read_earlier_chat(
    host: User, alice: User, bob: User, login: Login
) -> None:
    with_mfa(host)
    created = post(
        login(host),
        "/api/v1/rooms",
        {"title": "Open book", "kind": Kind.OPEN, "newcomers_read_earlier": True},
    )
    assert created.status_code == 201
    assert created.json()["room"]["newcomers_read_earlier"] is True
    room = Room.objects.get(pk=created.json()["room"]["id"])
    actions.do_join_room(room=room, user=alice)
    do_send_message(room_id=room.pk, author=alice, body="before bob")
    actions.do_join_room(room=room, user=bob)
    assert reads(room, bob, login) == everywhere(["before bob"])


def test_the_room_form_offers_the_setting_off_by_default(host: User, login: Login) -> None:
    client = login(with_mfa(host))
    page = client.get("/rooms/new/").content.decode()
    assert 'name="newcomers_read_earlier"' in page
    assert 'name="newcomers_read_earlier" checked' not in page
    made = client.post(
        "/rooms/new/",
        {
            "title": "Quiet",
            "kind": Kind.OPEN,
            "length_minutes": 60,
            "capacity": 10,
            "language": "en",
        },
    )
    assert made.status_code == 302
    assert Room.objects.get(title="Quiet").newcomers_read_earlier is False
