"""Reporting words in a small chat: who may, what moderators see, and who hears of it."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.lib.limits import RATES
from tearspace.rooms import actions, host_actions
from tearspace.rooms.actions import REPORT_THANKS, RoomError, do_report_message
from tearspace.rooms.mixer_actions import (
    do_join_tear_friend_chat,
    do_leave_tear_friend_chat,
    do_report_tear_friend_message,
    do_send_tear_friend_message,
)
from tearspace.rooms.models import Phase, Room
from tearspace.rooms.tests.test_consumers import close_all, open_socket, settle
from tearspace.safety.models import Report

Login = Callable[[User | None], Client]
Sent = list[tuple[str, int, dict[str, Any]]]
pytestmark = pytest.mark.django_db
HURTFUL = "Nobody cares about your crying"


def post(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(data), content_type="application/json")


def report_path(message: Message) -> str:
    return (
        f"/api/v1/rooms/{message.conversation.small_chat.room_id}/tear-friends/{message.conversation.small_chat.pk}"
        f"/messages/{message.pk}/report"
    )


def report(reporter: User, message: Message, **kwargs: Any) -> Report:
    filed, _ = do_report_tear_friend_message(
        reporter=reporter,
        room_id=message.conversation.small_chat.room_id,
        chat_id=message.conversation.small_chat.pk,
        message_id=message.pk,
        **{"reason": "unkind", **kwargs},
    )
    return filed


@pytest.fixture
def hurtful(room: Room, member: User, member2: User) -> Message:
    """Alice's unkind words to bob in the small chat they share, in the mixer."""
    host_actions.do_set_phase(actor=room.host, room_id=room.pk, phase=Phase.MIXER)
    chat = do_join_tear_friend_chat(room_id=room.pk, user=member).chat_id
    do_join_tear_friend_chat(room_id=room.pk, user=member2)
    message, _ = do_send_tear_friend_message(chat_id=chat, author=member, body=HURTFUL)
    return message


def test_it_files_the_words_bob_read_and_tells_nobody_in_the_room(
    hurtful: Message, member: User, member2: User, sent: Sent
) -> None:
    sent.clear()
    filed = report(member2, hurtful, reason="abuse", details="It hurt")
    assert (filed.reporter_id, filed.subject_id, filed.reason) == (member2.pk, member.pk, "abuse")
    assert (filed.snapshot, filed.details) == (HURTFUL, "It hurt")
    assert filed.content_type == ContentType.objects.get_for_model(Message)
    assert filed.object_id == str(hurtful.pk)
    assert sent == []  # not the writer, not the chat, not the room or its host


def test_only_someone_who_could_read_it_may_report_it(
    hurtful: Message, room: Room, member: User, member2: User, third: User, mod: User
) -> None:
    # Charlie sits down after it was written; the host and moderators never read small chats.
    do_join_tear_friend_chat(room_id=room.pk, user=third)
    for outsider in (third, room.host, mod):
        with pytest.raises(RoomError) as refused:
            report(outsider, hurtful)
        assert refused.value.status == 404
    with pytest.raises(RoomError, match="your own message"):
        report(member, hurtful)
    with pytest.raises(RoomError, match="reasons"):
        report(member2, hurtful, reason="boring")
    assert not Report.objects.exists()
    # Leaving the chat (to get away from it) does not take away the chance to tell someone.
    do_leave_tear_friend_chat(room_id=room.pk, user=member2)
    assert report(member2, hurtful).subject_id == member.pk


def test_words_written_after_someone_left_are_not_theirs_to_report(
    hurtful: Message, room: Room, member: User, member2: User
) -> None:
    do_leave_tear_friend_chat(room_id=room.pk, user=member2)
    later, _ = do_send_tear_friend_message(
        chat_id=hurtful.conversation.small_chat.pk, author=member, body="later"
    )
    with pytest.raises(RoomError) as refused:
        report(member2, later)
    assert refused.value.status == 404


def test_reporting_twice_files_one_report_within_the_sites_budget(
    hurtful: Message,
    room: Room,
    member: User,
    member2: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(RATES, "report", "2/h")
    assert report(member2, hurtful).pk == report(member2, hurtful, reason="abuse").pk
    assert Report.objects.count() == 1
    said, _ = actions.do_send_message(room_id=room.pk, author=member, body="in the room")
    do_report_message(reporter=member2, room_id=room.pk, message_id=said.pk, reason="spam")
    more, _ = do_send_tear_friend_message(
        chat_id=hurtful.conversation.small_chat.pk, author=member, body="more"
    )
    with pytest.raises(RoomError) as limited:
        report(member2, more)
    assert limited.value.status == 429
    assert Report.objects.count() == 2


def test_the_api_takes_a_report_from_someone_in_the_chat_only(
    login: Login, hurtful: Message, member: User, member2: User, third: User
) -> None:
    path = report_path(hurtful)
    assert post(login(None), path, {"reason": "unkind"}).status_code == 401
    assert post(login(third), path, {"reason": "unkind"}).status_code == 404
    assert post(login(member), path, {"reason": "unkind"}).status_code == 400
    wrong_chat = path.replace(
        f"/{hurtful.conversation.small_chat.pk}/messages",
        f"/{hurtful.conversation.small_chat.pk + 1}/messages",
    )
    assert post(login(member2), wrong_chat, {"reason": "unkind"}).status_code == 404
    assert not Report.objects.exists()
    answer = post(login(member2), path, {"reason": "unkind", "details": "CRISIS me too"})
    assert answer.status_code == 201
    assert answer.json() == {"status": "received", "text": REPORT_THANKS, "show_help": True}


@pytest.mark.django_db(transaction=True)
async def test_over_the_socket_only_the_reporter_hears_back(
    hurtful: Message, room: Room, member: User, member2: User, third: User
) -> None:
    message = hurtful
    a, b, c, h = [await open_socket(u, room) for u in (member, member2, third, room.host)]
    await settle(a, b, c, h)
    frame = {"chat": message.conversation.small_chat.pk, "message": message.pk, "reason": "unkind"}
    await b.send(action="tear_friends_report", **frame)
    await c.send(action="tear_friends_report", **frame)
    got = await settle(b, a, c, h)
    assert got["bob"] == [
        {
            "type": "reported",
            "message": message.pk,
            "small_chat": message.conversation.small_chat.pk,
            "text": REPORT_THANKS,
            "show_help": False,
        }
    ]
    assert [(e["type"], e["about"]) for e in got["charlie"]] == [("error", "mixer")]
    assert got["alice"] == got["hugo"] == []
    assert await sync_to_async(Report.objects.count)() == 1
    await close_all(a, b, c, h)


def test_the_console_says_where_it_was_and_removal_reaches_the_people_seated(
    login: Login,
    hurtful: Message,
    room: Room,
    member: User,
    member2: User,
    third: User,
    mod: User,
    sent: Sent,
) -> None:
    filed = report(member2, hurtful, details="Cruel")
    console = login(mod)
    page = console.get(f"/moderation/report/{filed.pk}/").text
    assert f'href="/rooms/{room.pk}/live/"' in page
    assert "Message #1 in a small chat" in page
    assert "Goodbye films" in page
    assert HURTFUL in page
    do_leave_tear_friend_chat(room_id=room.pk, user=member2)
    do_join_tear_friend_chat(room_id=room.pk, user=third)
    sent.clear()
    removed = console.post(
        f"/moderation/report/{filed.pk}/sanction/",
        {"action": "remove", "reason": "Please be kind to people crying here."},
    )
    assert removed.status_code == 302
    # The words are gone from the chat; only the report keeps them, for moderators.
    left = Message.objects.filter(conversation__small_chat__isnull=False).get()
    assert (left.hidden, left.body, left.changed_seq) == (True, "", 2)
    gone = [(uid, e) for where, uid, e in sent if e["type"] == "tear_friend_message"]
    assert sorted(uid for uid, _ in gone) == sorted([member.pk, third.pk])
    assert gone[0][1] == {
        "type": "tear_friend_message",
        "op": "remove",
        "room": room.pk,
        "chat": hurtful.conversation.small_chat.pk,
        "id": hurtful.pk,
        "seq": 2,
        "message_seq": 1,
    }
    assert Report.objects.get().snapshot == HURTFUL
