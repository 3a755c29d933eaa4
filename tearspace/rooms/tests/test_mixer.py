"""The mixer: optional small "tear friends" chats, and forming a circle together by consent."""

import contextlib
import json
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from django.test import Client
from django.utils import timezone

from tearspace.accounts.actions import do_block, do_delete_account
from tearspace.accounts.data import export_data
from tearspace.accounts.models import User
from tearspace.circles.models import Circle, CircleMembership
from tearspace.conversations.models import Message
from tearspace.lib.limits import RATES
from tearspace.notifications.models import Notification
from tearspace.rooms import actions, host_actions, mixer_actions
from tearspace.rooms.actions import RoomError
from tearspace.rooms.chat import tear_friend_chat_page
from tearspace.rooms.mixer_actions import (
    do_answer_tear_friend_invitation,
    do_invite_tear_friend,
    do_join_tear_friend_chat,
    do_leave_tear_friend_chat,
    do_send_tear_friend_message,
)
from tearspace.rooms.models import (
    InvitationStatus,
    Kind,
    Membership,
    Phase,
    Room,
    Status,
    TearFriendChat,
    TearFriendInvitation,
    TearFriendSeat,
)
from tearspace.rooms.selectors import tear_friend_invitation_list
from tearspace.rooms.tests.test_consumers import close_all, open_socket, settle, types
from tearspace.safety.actions import do_mute
from tearspace.safety.models import Escalation, ScreeningRecord

Login = Callable[[User | None], Client]
Sent = list[tuple[str, int, dict[str, Any]]]
pytestmark = pytest.mark.django_db
BASE = "/api/v1/rooms"


def post(client: Client, path: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(path, json.dumps(data or {}), content_type="application/json")


def to_mixer(room: Room) -> Room:
    return host_actions.do_set_phase(actor=room.host, room_id=room.pk, phase=Phase.MIXER)


@pytest.fixture
def mixer(room: Room, member: User, member2: User) -> Room:
    """The room in its mixer, with alice and bob in it."""
    return to_mixer(room)


@pytest.fixture
def chat(mixer: Room, member: User, member2: User) -> int:
    """Alice and bob, seated together in a small chat; its id."""
    chat_id = do_join_tear_friend_chat(room_id=mixer.pk, user=member).chat_id
    do_join_tear_friend_chat(room_id=mixer.pk, user=member2)
    return chat_id


@pytest.fixture
def pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small chats of two, so a few personas fill more than one chat."""
    monkeypatch.setattr(mixer_actions, "MAX_TEAR_FRIENDS", 2)


def formed_circles() -> dict[frozenset[int], str]:
    """Each circle's members, with its name."""
    return {
        frozenset(c.memberships.values_list("member_id", flat=True)): c.name
        for c in Circle.objects.all()
    }


def recipients(sent: Sent, kind: str) -> list[int]:
    return sorted(uid for where, uid, e in sent if where == "user" and e["type"] == kind)


def in_room(sent: Sent) -> list[dict[str, Any]]:
    return [e for where, _, e in sent if where == "room"]


# --- Small chats: placement, leaving, phases --------------------------------------------------


def test_it_seats_people_who_choose_in_chats_of_at_most_four(
    mixer: Room, member: User, member2: User, third: User, listener: User, therapist: User
) -> None:
    for person in (listener, therapist):
        actions.do_join_room(room=mixer, user=person)
    seats = [
        do_join_tear_friend_chat(room_id=mixer.pk, user=person)
        for person in (member, member2, third, listener, therapist)
    ]
    assert len({seat.chat_id for seat in seats[:4]}) == 1
    assert seats[4].chat_id != seats[0].chat_id
    assert TearFriendChat.objects.filter(room=mixer).count() == 2
    # Nobody is put in a chat without choosing: the host is in the room but has no seat.
    assert not TearFriendSeat.objects.filter(user=mixer.host).exists()


def test_it_keeps_the_seat_when_asked_twice_and_fills_a_chat_before_starting_one(
    mixer: Room, member: User, member2: User, third: User, pairs: None
) -> None:
    first = do_join_tear_friend_chat(room_id=mixer.pk, user=member)
    assert do_join_tear_friend_chat(room_id=mixer.pk, user=member).pk == first.pk
    assert do_join_tear_friend_chat(room_id=mixer.pk, user=member2).chat_id == first.chat_id
    assert do_join_tear_friend_chat(room_id=mixer.pk, user=third).chat_id != first.chat_id


def test_it_opens_small_chats_only_in_the_mixer_and_only_to_people_in_the_room(
    room: Room, member: User, charlie: User
) -> None:
    with pytest.raises(RoomError, match="during the mixer"):
        do_join_tear_friend_chat(room_id=room.pk, user=member)
    to_mixer(room)
    with pytest.raises(RoomError, match="Join the room") as stranger:
        do_join_tear_friend_chat(room_id=room.pk, user=charlie)
    assert stranger.value.status == 403
    with pytest.raises(RoomError, match="host keeps the room"):
        do_join_tear_friend_chat(room_id=room.pk, user=room.host)
    host_actions.do_end_room(actor=room.host, room_id=room.pk)
    with pytest.raises(RoomError, match="ended"):
        do_join_tear_friend_chat(room_id=room.pk, user=member)
    assert not TearFriendSeat.objects.exists()


def test_it_tells_only_the_people_seated_each_event(
    mixer: Room, member: User, member2: User, third: User, listener: User, pairs: None, sent: Sent
) -> None:
    actions.do_join_room(room=mixer, user=listener)
    do_join_tear_friend_chat(room_id=mixer.pk, user=member)
    assert recipients(sent, "tear_friend_seat") == [member.pk]
    sent.clear()
    seat = do_join_tear_friend_chat(room_id=mixer.pk, user=member2)
    joined = [e for _, _, e in sent if e["type"] == "tear_friend_seat"]
    assert recipients(sent, "tear_friend_seat") == sorted([member.pk, member2.pk])
    assert joined[0] == {
        "type": "tear_friend_seat",
        "op": "join",
        "room": mixer.pk,
        "chat": seat.chat_id,
        "user": {"id": member2.pk, "handle": "bob"},
        "people": [{"id": member.pk, "handle": "alice"}, {"id": member2.pk, "handle": "bob"}],
    }
    do_join_tear_friend_chat(room_id=mixer.pk, user=third)
    do_join_tear_friend_chat(room_id=mixer.pk, user=listener)
    sent.clear()
    message, _ = do_send_tear_friend_message(chat_id=seat.chat_id, author=member, body="hi bob")
    assert recipients(sent, "tear_friend_message") == sorted([member.pk, member2.pk])
    event = next(e for _, _, e in sent if e["type"] == "tear_friend_message")
    assert event["message"] == {
        "id": message.pk,
        "chat": seat.chat_id,
        "seq": 1,
        "author": "alice",
        "body": "hi bob",
        "created_at": message.created_at.isoformat(),
    }
    assert event["room"] == mixer.pk
    assert in_room(sent) == []  # the room, the host and the other chat hear nothing
    sent.clear()
    do_leave_tear_friend_chat(room_id=mixer.pk, user=member2)
    assert recipients(sent, "tear_friend_seat") == sorted([member.pk, member2.pk])
    left = next(e for _, _, e in sent if e["type"] == "tear_friend_seat")
    assert (left["op"], left["people"]) == ("leave", [{"id": member.pk, "handle": "alice"}])
    sent.clear()
    do_send_tear_friend_message(chat_id=seat.chat_id, author=member, body="still here")
    assert recipients(sent, "tear_friend_message") == [member.pk]


def test_it_refuses_a_stranger_and_someone_from_another_chat(
    mixer: Room, member: User, member2: User, third: User, charlie: User, pairs: None
) -> None:
    mine = do_join_tear_friend_chat(room_id=mixer.pk, user=member)
    do_join_tear_friend_chat(room_id=mixer.pk, user=member2)
    do_join_tear_friend_chat(room_id=mixer.pk, user=third)
    for outsider in (third, mixer.host):
        with pytest.raises(RoomError, match="Join the small chat") as refused:
            do_send_tear_friend_message(chat_id=mine.chat_id, author=outsider, body="hello")
        assert refused.value.status == 403
    assert not Message.objects.filter(conversation__small_chat__isnull=False).exists()


def test_it_numbers_messages_per_chat_and_a_retry_stores_one(
    mixer: Room, member: User, member2: User, third: User, pairs: None, sent: Sent
) -> None:
    chat = do_join_tear_friend_chat(room_id=mixer.pk, user=member).chat_id
    do_join_tear_friend_chat(room_id=mixer.pk, user=member2)
    other = do_join_tear_friend_chat(room_id=mixer.pk, user=third).chat_id
    first, _ = do_send_tear_friend_message(chat_id=chat, author=member, body="a", client_key="k")
    sent.clear()
    again, screening = do_send_tear_friend_message(
        chat_id=chat, author=member, body="a", client_key="k"
    )
    assert (again.pk, again.seq, screening) == (first.pk, 1, None)
    assert sent == []  # a retry tells nobody twice
    second, _ = do_send_tear_friend_message(chat_id=chat, author=member2, body="b")
    elsewhere, _ = do_send_tear_friend_message(chat_id=other, author=third, body="c")
    assert (second.seq, elsewhere.seq) == (2, 1)
    assert Message.objects.filter(conversation__small_chat=chat).count() == 2
    # The room's own numbering is untouched.
    assert Room.objects.get(pk=mixer.pk).last_seq == 0


def test_it_resumes_after_a_seq_and_a_newcomer_reads_only_from_when_they_sat_down(
    mixer: Room, member: User, member2: User
) -> None:
    chat = do_join_tear_friend_chat(room_id=mixer.pk, user=member).chat_id
    for n in range(1, 4):
        do_send_tear_friend_message(chat_id=chat, author=member, body=f"m{n}")
    late = do_join_tear_friend_chat(room_id=mixer.pk, user=member2)
    assert late.chat_id == chat
    do_send_tear_friend_message(chat_id=chat, author=member2, body="m4")
    seat = TearFriendSeat.objects.get(chat_id=chat, user=member)
    assert [m["body"] for m in tear_friend_chat_page(seat=seat, after=2).messages] == ["m3", "m4"]
    assert [m["body"] for m in tear_friend_chat_page(seat=late, after=0).messages] == ["m4"]


def test_it_helps_the_writer_privately_and_alerts_only_host_and_moderators(
    mixer: Room, chat: int, member: User, member2: User, mod: User, sent: Sent
) -> None:
    sent.clear()
    message, screening = do_send_tear_friend_message(
        chat_id=chat, author=member, body="CRISIS I cannot go on"
    )
    assert screening is not None
    assert screening.show_help
    assert recipients(sent, "room_help") == [member.pk]
    assert recipients(sent, "room_alert") == sorted([mixer.host_id, mod.pk])
    alert = next(e for _, _, e in sent if e["type"] == "room_alert")
    assert (alert["author"], alert["small_chat"]) == ("alice", chat)
    assert "body" not in alert
    # Screening adds help; the words still reach the small chat, unchanged.
    assert recipients(sent, "tear_friend_message") == sorted([member.pk, member2.pk])
    assert screening.record_id is not None
    record = ScreeningRecord.objects.get(pk=screening.record_id)
    assert (record.kind, record.object_id) == ("tear_friend_message", str(message.pk))
    assert in_room(sent) == []


def test_room_pauses_and_moderation_sanctions_apply(
    mixer: Room, chat: int, member: User, member2: User, mod: User
) -> None:
    host_actions.do_set_member_muted(
        actor=mixer.host, room_id=mixer.pk, user_id=member.pk, muted=True
    )
    with pytest.raises(RoomError, match="paused your messages"):
        do_send_tear_friend_message(chat_id=chat, author=member, body="hello")
    do_mute(
        moderator=mod,
        person=member2,
        reason="A short pause.",
        until=timezone.now() + timedelta(days=1),
    )
    with pytest.raises(RoomError, match="Posting is paused") as paused:
        do_send_tear_friend_message(chat_id=chat, author=member2, body="hello")
    assert paused.value.status == 403
    assert not Message.objects.filter(conversation__small_chat__isnull=False).exists()


def test_chats_close_when_the_session_ends_and_stay_readable(
    mixer: Room, chat: int, member: User, member2: User
) -> None:
    do_send_tear_friend_message(chat_id=chat, author=member, body="thank you")
    host_actions.do_set_phase(actor=mixer.host, room_id=mixer.pk, phase=Phase.AFTERCARE)
    with pytest.raises(RoomError, match="during the mixer"):
        do_send_tear_friend_message(chat_id=chat, author=member, body="still open?")
    host_actions.do_end_room(actor=mixer.host, room_id=mixer.pk)
    assert TearFriendChat.objects.get(pk=chat).closed is True
    with pytest.raises(RoomError, match="closed"):
        do_send_tear_friend_message(chat_id=chat, author=member2, body="bye")
    seat = TearFriendSeat.objects.get(chat_id=chat, user=member2)
    assert [m["body"] for m in tear_friend_chat_page(seat=seat).messages] == ["thank you"]


def test_setting_the_phase_to_ended_tidies_up_like_ending_the_session(
    mixer: Room, chat: int, member: User, member2: User, listener: User
) -> None:
    Room.objects.filter(pk=mixer.pk).update(capacity=2)
    assert actions.do_join_room(room=mixer, user=listener).status == Status.WAITING
    invitation = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    TearFriendInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + timedelta(days=30)
    )
    ended = host_actions.do_set_phase(actor=mixer.host, room_id=mixer.pk, phase=Phase.ENDED)
    assert ended.phase == Phase.ENDED
    assert TearFriendChat.objects.get(pk=chat).closed is True
    assert Membership.objects.get(room=mixer, user=listener).status == Status.LEFT
    invitation.refresh_from_db()
    week = timezone.now() + timedelta(days=7)
    assert abs((invitation.expires_at - week).total_seconds()) < 60


def test_leaving_or_being_removed_from_the_room_gives_up_the_seat(
    mixer: Room, chat: int, member: User, member2: User, third: User, sent: Sent
) -> None:
    do_join_tear_friend_chat(room_id=mixer.pk, user=third)
    sent.clear()
    actions.do_leave_room(room=mixer, user=member2)
    assert recipients(sent, "tear_friend_seat") == sorted([member.pk, member2.pk, third.pk])
    host_actions.do_remove_member(actor=mixer.host, room_id=mixer.pk, user_id=third.pk)
    open_seats = TearFriendSeat.objects.filter(chat_id=chat, left_at__isnull=True)
    assert list(open_seats.values_list("user_id", flat=True)) == [member.pk]
    do_leave_tear_friend_chat(room_id=mixer.pk, user=member)
    # The last one out closes it; nobody new is seated among old words.
    assert TearFriendChat.objects.get(pk=chat).closed is True
    actions.do_join_room(room=mixer, user=member2)
    assert do_join_tear_friend_chat(room_id=mixer.pk, user=member2).chat_id != chat


def test_it_does_not_seat_people_with_a_block_between_them_together(
    mixer: Room, member: User, member2: User, third: User
) -> None:
    do_block(blocker=member2, blocked=member)
    first = do_join_tear_friend_chat(room_id=mixer.pk, user=member)
    assert do_join_tear_friend_chat(room_id=mixer.pk, user=member2).chat_id != first.chat_id
    assert do_join_tear_friend_chat(room_id=mixer.pk, user=third).chat_id == first.chat_id


def test_joining_again_never_seats_someone_back_in_the_chat_they_left(
    mixer: Room, member: User, member2: User, third: User
) -> None:
    first = do_join_tear_friend_chat(room_id=mixer.pk, user=member).chat_id
    do_join_tear_friend_chat(room_id=mixer.pk, user=member2)
    do_leave_tear_friend_chat(room_id=mixer.pk, user=member2)
    again = do_join_tear_friend_chat(room_id=mixer.pk, user=member2)
    assert again.chat_id != first
    # Others are still seated where bob left.
    assert do_join_tear_friend_chat(room_id=mixer.pk, user=third).chat_id == first


def test_blocking_someone_in_your_small_chat_takes_you_out_of_it(
    mixer: Room, chat: int, member: User, member2: User, third: User, sent: Sent
) -> None:
    do_join_tear_friend_chat(room_id=mixer.pk, user=third)
    sent.clear()
    do_block(blocker=member2, blocked=member)
    seated = TearFriendSeat.objects.filter(chat_id=chat, left_at__isnull=True)
    assert sorted(seated.values_list("user_id", flat=True)) == sorted([member.pk, third.pk])
    # The others see an ordinary leave; bob's own tabs close the chat.
    assert recipients(sent, "tear_friend_seat") == sorted([member.pk, member2.pk, third.pk])
    left = next(e for _, _, e in sent if e["type"] == "tear_friend_seat")
    assert (left["op"], left["user"]["id"]) == ("leave", member2.pk)
    assert [e["type"] for _, _, e in sent] == ["tear_friend_seat"] * 3
    assert TearFriendChat.objects.get(pk=chat).closed is False
    # Blocking someone you do not sit with moves nobody.
    sent.clear()
    do_block(blocker=third, blocked=member2)
    assert seated.count() == 2
    assert sent == []


# --- Forming a circle together ----------------------------------------------------------------


def test_an_accepted_invitation_forms_a_circle_and_warmly_tells_the_inviter(
    mixer: Room, member: User, member2: User, sent: Sent
) -> None:
    invitation = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    assert recipients(sent, "tear_friend_invitation") == [member2.pk]
    # The invitee's notification now leaves through the same outbox: pick the invitation.
    [new] = [e for _, _, e in sent if e["type"] == "tear_friend_invitation"]
    assert (new["op"], new["room"], new["invitation"]["inviter"]["handle"]) == (
        "new",
        mixer.pk,
        "alice",
    )
    assert not Circle.objects.exists()  # nothing is formed before both agree
    waiting = Notification.objects.get(recipient=member2)
    assert waiting.url == f"/rooms/{mixer.pk}/after/"
    assert "alice would like to form a circle with you" in waiting.text
    sent.clear()
    do_answer_tear_friend_invitation(invitation_id=invitation.pk, person=member2, accept=True)
    circle = Circle.objects.get()
    assert (circle.owner_id, circle.name) == (member.pk, "Tear friends from Goodbye films")
    members = set(CircleMembership.objects.filter(circle=circle).values_list("member", flat=True))
    assert members == {member.pk, member2.pk}
    told = {uid: e for _, uid, e in sent if e["type"] == "tear_friend_invitation"}
    assert sorted(told) == sorted([member.pk, member2.pk])
    assert (told[member.pk]["op"], told[member.pk]["circle"]["id"]) == ("accepted", circle.pk)
    assert told[member2.pk]["op"] == "answered"
    assert in_room(sent) == []


def test_a_second_yes_joins_the_same_circle_from_this_room(
    mixer: Room, member: User, member2: User, third: User
) -> None:
    for person in (member2, third):
        invitation = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=person.pk)
        do_answer_tear_friend_invitation(invitation_id=invitation.pk, person=person, accept=True)
    circle = Circle.objects.get()
    assert circle.memberships.count() == 3


def test_not_now_is_never_announced_to_the_inviter(
    mixer: Room, member: User, member2: User, sent: Sent
) -> None:
    invitation = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    sent.clear()
    do_answer_tear_friend_invitation(invitation_id=invitation.pk, person=member2, accept=False)
    assert recipients(sent, "tear_friend_invitation") == [member2.pk]
    assert TearFriendInvitation.objects.get().status == InvitationStatus.NOT_NOW
    assert invitation.to_dict(viewer_id=member.pk)["status"] == "pending"
    sent.clear()
    # Asking again in this room changes nothing and tells nobody.
    again = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    assert (again.pk, sent) == (invitation.pk, [])
    with pytest.raises(RoomError, match="already answered"):
        do_answer_tear_friend_invitation(invitation_id=invitation.pk, person=member2, accept=True)
    assert not Circle.objects.exists()


def test_one_open_invitation_per_pair_and_asking_back_is_a_yes(
    mixer: Room, member: User, member2: User, sent: Sent
) -> None:
    first = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    sent.clear()
    assert do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk) == first
    assert sent == []
    back = do_invite_tear_friend(room_id=mixer.pk, inviter=member2, invitee_id=member.pk)
    assert (back.pk, back.status) == (first.pk, InvitationStatus.ACCEPTED)
    assert TearFriendInvitation.objects.count() == 1
    assert Circle.objects.get().memberships.count() == 2


def test_a_block_quietly_withholds_an_invitation(
    mixer: Room, member: User, member2: User, sent: Sent
) -> None:
    do_block(blocker=member2, blocked=member)
    invitation = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    # The inviter sees what any sent invitation looks like; nobody is told anything.
    assert invitation.to_dict(viewer_id=member.pk)["status"] == "pending"
    assert sent == []
    assert not Notification.objects.filter(recipient=member2).exists()
    assert tear_friend_invitation_list(room=mixer, user=member2)["received"] == []
    with pytest.raises(RoomError) as hidden:
        do_answer_tear_friend_invitation(invitation_id=invitation.pk, person=member2, accept=True)
    assert hidden.value.status == 404
    assert "withheld" not in json.dumps(export_data(member2)["rooms"])


def test_a_block_after_the_invitation_closes_it(mixer: Room, member: User, member2: User) -> None:
    invitation = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    do_block(blocker=member, blocked=member2)
    assert tear_friend_invitation_list(room=mixer, user=member2)["received"] == []
    with pytest.raises(RoomError, match="no longer open"):
        do_answer_tear_friend_invitation(invitation_id=invitation.pk, person=member2, accept=True)
    assert not Circle.objects.exists()


def test_a_yes_never_puts_people_with_a_block_between_them_in_one_circle(
    mixer: Room, member: User, member2: User, third: User, listener: User, sent: Sent
) -> None:
    actions.do_join_room(room=mixer, user=listener)
    do_block(blocker=member2, blocked=third)
    for person in (member2, third, listener):
        invitation = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=person.pk)
        do_answer_tear_friend_invitation(invitation_id=invitation.pk, person=person, accept=True)
    circles = formed_circles()
    # Charlie quietly gets a circle of his own with alice, named like any other.
    assert set(circles) == {
        frozenset({member.pk, member2.pk, listener.pk}),
        frozenset({member.pk, third.pk}),
    }
    assert set(circles.values()) == {"Tear friends from Goodbye films"}
    told = [e for _, uid, e in sent if uid == third.pk and e["op"] == "answered"]
    assert told[0]["circle"]["id"] == Circle.objects.get(memberships__member=third).pk


@pytest.mark.parametrize("first_band", ["adult", "minor"])
def test_a_yes_never_puts_an_adult_and_someone_under_18_in_one_circle(
    mixer: Room, member: User, member2: User, third: User, first_band: str
) -> None:
    # The inviter has not given a band (they may meet both); the two they invite differ.
    other_band = "minor" if first_band == "adult" else "adult"
    User.objects.filter(pk=member2.pk).update(age_band=first_band)
    User.objects.filter(pk=third.pk).update(age_band=other_band)
    for person in (member2, third):
        person.refresh_from_db()
        invitation = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=person.pk)
        do_answer_tear_friend_invitation(invitation_id=invitation.pk, person=person, accept=True)
    circles = formed_circles()
    # The second quietly gets a circle of their own with the inviter, named like any other.
    assert set(circles) == {
        frozenset({member.pk, member2.pk}),
        frozenset({member.pk, third.pk}),
    }
    assert set(circles.values()) == {"Tear friends from Goodbye films"}


def test_the_circles_name_is_not_screened_as_the_inviters_words(
    mixer: Room, member: User, member2: User, sent: Sent
) -> None:
    Room.objects.filter(pk=mixer.pk).update(title="CRISIS night")
    invitation = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    do_answer_tear_friend_invitation(invitation_id=invitation.pk, person=member2, accept=True)
    assert Circle.objects.get().name == "Tear friends from CRISIS night"
    # The host's title is not alice's writing: no help, no record, no escalation about her.
    assert not ScreeningRecord.objects.filter(author=member).exists()
    assert not Escalation.objects.filter(person=member).exists()
    assert recipients(sent, "room_help") == []


@pytest.fixture
def later_room(host: User, member: User, member2: User, third: User, listener: User) -> Room:
    """A second session in its mixer, with alice, bob, charlie and lena in it."""
    later = actions.do_create_room(host=host, title="Another evening", kind=Kind.OPEN)
    for person in (member, member2, third, listener):
        actions.do_join_room(room=later, user=person)
    return to_mixer(later)


def test_the_inviter_cannot_tell_pending_from_not_now_or_withheld_in_a_later_room(
    mixer: Room, later_room: Room, member: User, member2: User, third: User, listener: User
) -> None:
    actions.do_join_room(room=mixer, user=listener)
    do_block(blocker=listener, blocked=member)
    first = {
        person: do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=person.pk)
        for person in (member2, third, listener)
    }
    # Bob leaves his open; charlie says not now; lena's was withheld by her block.
    do_answer_tear_friend_invitation(invitation_id=first[third].pk, person=third, accept=False)

    def seen_by_alice(invitation: TearFriendInvitation) -> dict[str, object]:
        shown = invitation.to_dict(viewer_id=member.pk)
        return {k: v for k, v in shown.items() if k not in ("id", "invitee", "expires_at")}

    later = [
        seen_by_alice(
            do_invite_tear_friend(room_id=later_room.pk, inviter=member, invitee_id=person.pk)
        )
        for person in (member2, third, listener)
    ]
    assert later[0] == later[1] == later[2]
    assert (later[0]["room"], later[0]["status"]) == (later_room.pk, "pending")
    again = do_invite_tear_friend(room_id=later_room.pk, inviter=member, invitee_id=member2.pk)
    assert seen_by_alice(again) == later[0]
    sent_earlier = tear_friend_invitation_list(room=mixer, user=member)["sent"]
    assert [i["status"] for i in sent_earlier] == ["pending"] * 3
    # Bob still has the first invitation to answer, and is not asked twice.
    assert Notification.objects.filter(recipient=member2).count() == 1
    assert tear_friend_invitation_list(room=later_room, user=member2)["received"] == []
    assert tear_friend_invitation_list(room=mixer, user=member2)["received"] != []


def test_asking_back_after_they_blocked_you_looks_like_any_invitation(
    mixer: Room, member: User, member2: User
) -> None:
    do_invite_tear_friend(room_id=mixer.pk, inviter=member2, invitee_id=member.pk)
    do_block(blocker=member2, blocked=member)
    back = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    assert (back.inviter_id, back.to_dict(viewer_id=member.pk)["status"]) == (member.pk, "pending")
    assert not Circle.objects.exists()


# In-memory SQLite (the default test database) raises "table is locked" for concurrent writers
# instead of waiting, so this runs against PostgreSQL with the other service tests.
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_yeses_at_once_form_one_circle(
    mixer: Room, member: User, member2: User, third: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    invitations = [
        do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=person.pk)
        for person in (member2, third)
    ]
    # Each yes that gets as far as making a circle waits (a little) for the other, so two
    # answers that both found no circle yet would both make one.
    both = threading.Barrier(2, timeout=2)
    make = mixer_actions.do_create_named_circle

    def make_together(**kwargs: Any) -> Circle:
        with contextlib.suppress(threading.BrokenBarrierError):
            both.wait()
        return make(**kwargs)

    monkeypatch.setattr(mixer_actions, "do_create_named_circle", make_together)
    errors: list[BaseException] = []

    def answer(invitation: TearFriendInvitation) -> None:
        try:
            do_answer_tear_friend_invitation(
                invitation_id=invitation.pk, person=invitation.invitee, accept=True
            )
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(i,)) for i in invitations]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    circle = Circle.objects.get()
    assert circle.memberships.count() == 3


def test_invitations_expire_a_week_after_the_session_ends(
    mixer: Room, member: User, member2: User
) -> None:
    invitation = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    host_actions.do_end_room(actor=mixer.host, room_id=mixer.pk)
    invitation.refresh_from_db()
    week = timezone.now() + timedelta(days=7)
    assert abs((invitation.expires_at - week).total_seconds()) < 60
    # Still answerable after the session, within the week.
    TearFriendInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(RoomError, match="expired"):
        do_answer_tear_friend_invitation(invitation_id=invitation.pk, person=member2, accept=True)
    assert invitation.to_dict(viewer_id=member.pk)["status"] == "pending"
    invitation.refresh_from_db()
    assert invitation.to_dict(viewer_id=member2.pk)["status"] == "expired"
    assert not Circle.objects.exists()


def test_invitations_are_made_only_in_the_mixer_to_someone_in_the_room(
    room: Room, member: User, member2: User, charlie: User
) -> None:
    with pytest.raises(RoomError, match="during the mixer"):
        do_invite_tear_friend(room_id=room.pk, inviter=member, invitee_id=member2.pk)
    to_mixer(room)
    with pytest.raises(RoomError, match="not in the room"):
        do_invite_tear_friend(room_id=room.pk, inviter=member, invitee_id=charlie.pk)
    with pytest.raises(RoomError, match="Join the room"):
        do_invite_tear_friend(room_id=room.pk, inviter=charlie, invitee_id=member.pk)
    with pytest.raises(RoomError, match="someone else"):
        do_invite_tear_friend(room_id=room.pk, inviter=member, invitee_id=member.pk)
    assert not TearFriendInvitation.objects.exists()


def test_only_the_invited_person_may_answer(
    mixer: Room, member: User, member2: User, third: User
) -> None:
    invitation = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    for someone in (third, member):
        with pytest.raises(RoomError) as refused:
            do_answer_tear_friend_invitation(
                invitation_id=invitation.pk, person=someone, accept=True
            )
        assert refused.value.status == 404
    assert not Circle.objects.exists()


# --- Account data -------------------------------------------------------------------------------


def test_export_holds_and_delete_removes_a_persons_mixer_data(
    mixer: Room, chat: int, member: User, member2: User
) -> None:
    do_send_tear_friend_message(chat_id=chat, author=member, body="mine")
    do_send_tear_friend_message(chat_id=chat, author=member2, body="bob's words")
    do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    data = export_data(member)["rooms"]
    assert isinstance(data, dict)
    assert [m["body"] for m in data["tear_friend_messages"]] == ["mine"]
    assert [s["chat"] for s in data["tear_friend_seats"]] == [chat]
    assert [i["invitee"]["handle"] for i in data["tear_friend_invitations"]] == ["bob"]
    received = export_data(member2)["rooms"]
    assert isinstance(received, dict)
    assert [i["inviter"]["handle"] for i in received["tear_friend_invitations"]] == ["alice"]
    do_delete_account(user=member)
    assert list(
        Message.objects.filter(conversation__small_chat__isnull=False).values_list(
            "body", flat=True
        )
    ) == ["bob's words"]
    assert not TearFriendSeat.objects.filter(user_id=member.pk).exists()
    assert not TearFriendInvitation.objects.exists()


# --- The JSON API -------------------------------------------------------------------------------


def test_the_api_refuses_anonymous_callers(login: Login, mixer: Room) -> None:
    client = login(None)
    assert post(client, f"{BASE}/{mixer.pk}/tear-friends/join").status_code == 401
    assert client.get(f"{BASE}/{mixer.pk}/tear-friends/1/messages").status_code == 401
    assert post(client, f"{BASE}/{mixer.pk}/invitations", {"user": 1}).status_code == 401


def test_the_api_joins_sends_idempotently_resumes_and_leaves(
    login: Login, mixer: Room, member: User, member2: User
) -> None:
    alice, bob = login(member), login(member2)
    joined = post(alice, f"{BASE}/{mixer.pk}/tear-friends/join").json()
    assert joined["people"] == [{"id": member.pk, "handle": "alice"}]
    chat = joined["id"]
    assert post(bob, f"{BASE}/{mixer.pk}/tear-friends/join").json()["id"] == chat
    path = f"{BASE}/{mixer.pk}/tear-friends/{chat}/messages"
    first = post(alice, path, {"body": "hello", "key": "a"}).json()
    again = post(alice, path, {"body": "hello", "key": "a"}).json()
    assert (first["id"], first["seq"]) == (again["id"], again["seq"])
    assert post(bob, path, {"body": "CRISIS", "key": "b"}).json()["show_help"] is True
    history = bob.get(f"{path}?after=1").json()
    assert [m["body"] for m in history["messages"]] == ["CRISIS"]
    assert (history["last_seq"], history["closed"]) == (2, False)
    assert post(bob, f"{BASE}/{mixer.pk}/tear-friends/leave").status_code == 204
    assert bob.get(path).status_code == 404
    assert post(bob, path, {"body": "back?"}).status_code == 404


def test_the_api_keeps_small_chats_from_strangers_host_moderators_and_other_chats(
    login: Login, mixer: Room, member: User, member2: User, third: User, mod: User, pairs: None
) -> None:
    chat = post(login(member), f"{BASE}/{mixer.pk}/tear-friends/join").json()["id"]
    post(login(member2), f"{BASE}/{mixer.pk}/tear-friends/join")
    other = post(login(third), f"{BASE}/{mixer.pk}/tear-friends/join").json()["id"]
    assert other != chat
    path = f"{BASE}/{mixer.pk}/tear-friends/{chat}/messages"
    for outsider in (third, mixer.host, mod):
        assert login(outsider).get(path).status_code == 404
        assert post(login(outsider), path, {"body": "hi"}).status_code == 404
    assert post(login(mixer.host), f"{BASE}/{mixer.pk}/tear-friends/join").status_code == 403
    wrong_room = f"{BASE}/{mixer.pk + 1}/tear-friends/{chat}/messages"
    assert login(member).get(wrong_room).status_code == 404
    assert not Message.objects.filter(conversation__small_chat__isnull=False).exists()


def test_the_api_invites_answers_and_lists_invitations(
    login: Login, mixer: Room, member: User, member2: User, third: User
) -> None:
    made = post(login(member), f"{BASE}/{mixer.pk}/invitations", {"user": member2.pk})
    assert made.status_code == 200
    invitation = made.json()
    assert (invitation["status"], invitation["invitee"]["handle"]) == ("pending", "bob")
    listed = login(member2).get(f"{BASE}/{mixer.pk}/invitations").json()
    assert [i["id"] for i in listed["received"]] == [invitation["id"]]
    answer = f"{BASE}/{mixer.pk}/invitations/{invitation['id']}/answer"
    assert post(login(third), answer, {"accept": True}).status_code == 404
    assert post(login(member), answer, {"accept": True}).status_code == 404
    answered = post(login(member2), answer, {"accept": True}).json()
    assert answered["status"] == "accepted"
    assert answered["circle"] == Circle.objects.get().pk
    sent = login(member).get(f"{BASE}/{mixer.pk}/invitations").json()["sent"]
    assert [i["status"] for i in sent] == ["accepted"]
    refused = post(login(third), f"{BASE}/{mixer.pk}/invitations", {"user": 999999})
    assert refused.status_code == 400


def test_the_api_limits_invitations_like_circles_do(
    login: Login, mixer: Room, member: User, member2: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(RATES, "invite", "1/h")
    client = login(member)
    assert post(client, f"{BASE}/{mixer.pk}/invitations", {"user": member2.pk}).status_code == 200
    limited = post(client, f"{BASE}/{mixer.pk}/invitations", {"user": member2.pk})
    assert limited.status_code == 429


# --- The after page -----------------------------------------------------------------------------


def test_the_after_page_offers_open_invitations_and_takes_an_answer(
    login: Login, mixer: Room, member: User, member2: User, third: User
) -> None:
    invitation = do_invite_tear_friend(room_id=mixer.pk, inviter=member, invitee_id=member2.pk)
    host_actions.do_end_room(actor=mixer.host, room_id=mixer.pk)
    after = f"/rooms/{mixer.pk}/after/"
    assert "alice would like to stay in touch" in login(member2).get(after).content.decode()
    assert "would like to stay in touch" not in login(member).get(after).content.decode()
    answer = f"/rooms/{mixer.pk}/invitations/{invitation.pk}/answer/"
    assert login(third).post(answer, {"answer": "yes"}).status_code == 404
    assert login(None).post(answer, {"answer": "yes"}).status_code == 302
    response = login(member2).post(answer, {"answer": "yes"}, follow=True)
    assert "in a circle together now" in response.content.decode()
    assert Circle.objects.get().memberships.count() == 2
    assert "would like to stay in touch" not in login(member2).get(after).content.decode()


# --- Over the room socket -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_small_chat_events_reach_only_the_people_seated(
    room: Room, member: User, member2: User, third: User, mod: User
) -> None:
    await sync_to_async(to_mixer)(room)
    a, b, c, h, m = [await open_socket(u, room) for u in (member, member2, third, room.host, mod)]
    assert a.hello["mixer"] == {"chat": None, "invitations": {"received": [], "sent": []}}
    await settle(a, b, c, h, m)
    await a.send(action="tear_friends_join")
    got = await settle(a, b, c, h, m)
    assert [e["people"] for e in got["alice"]] == [[{"id": member.pk, "handle": "alice"}]]
    await b.send(action="tear_friends_join")
    got = await settle(a, b, c, h, m)
    assert types(got["alice"]) == types(got["bob"]) == ["tear_friend_seat"]
    for name in ("charlie", "hugo", "mona"):
        assert got[name] == [], name
    chat = got["bob"][0]["chat"]
    await a.send(action="tear_friends_send", chat=chat, body="just us", key="s1")
    got = await settle(a, b, c, h, m)
    for name in ("alice", "bob"):
        bodies = [e["message"]["body"] for e in got[name] if e["type"] == "tear_friend_message"]
        assert bodies == ["just us"], name
    ack = next(e for e in got["alice"] if e["type"] == "tear_friend_ack")
    assert (ack["key"], ack["seq"], ack["chat"]) == ("s1", 1, chat)
    for name in ("charlie", "hugo", "mona"):
        assert got[name] == [], name
    # Someone not seated is refused, told why, and stays in the room.
    await c.send(action="tear_friends_send", chat=chat, body="let me in", key="x")
    got = await settle(a, b, c)
    error = next(e for e in got["charlie"] if e["type"] == "error")
    assert (error["about"], error["key"]) == ("mixer", "x")
    assert "__closed__" not in types(got["charlie"])
    assert got["alice"] == got["bob"] == []
    # A reconnecting socket learns its chat and resumes from there.
    again = await open_socket(member2, room)
    assert again.hello["mixer"]["chat"]["id"] == chat
    assert again.hello["mixer"]["chat"]["last_seq"] == 1
    await close_all(a, b, c, h, m, again)


@pytest.mark.django_db(transaction=True)
async def test_a_crisis_in_a_small_chat_helps_the_writer_and_alerts_host_and_moderators(
    room: Room, member: User, member2: User, third: User, mod: User
) -> None:
    await sync_to_async(to_mixer)(room)
    a, b, c, h, m = [await open_socket(u, room) for u in (member, member2, third, room.host, mod)]
    await a.send(action="tear_friends_join")
    await settle(a, b, c, h, m)
    await b.send(action="tear_friends_join")
    got = await settle(a, b, c, h, m)
    chat = got["bob"][-1]["chat"]
    await a.send(action="tear_friends_send", chat=chat, body="CRISIS it is too much", key="c1")
    got = await settle(a, b, c, h, m)
    assert types(got["alice"]).count("room_help") == 1
    for name in ("hugo", "mona"):
        alerts = [e for e in got[name] if e["type"] == "room_alert"]
        assert [(e["author"], e["small_chat"]) for e in alerts] == [("alice", chat)], name
        assert "tear_friend_message" not in types(got[name])
    for name in ("bob", "charlie"):
        assert "room_help" not in types(got[name])
        assert "room_alert" not in types(got[name])
    assert got["charlie"] == []
    await close_all(a, b, c, h, m)


@pytest.mark.django_db(transaction=True)
async def test_forming_a_circle_over_the_socket(
    room: Room, member: User, member2: User, third: User
) -> None:
    await sync_to_async(to_mixer)(room)
    a, b, c = [await open_socket(u, room) for u in (member, member2, third)]
    await settle(a, b, c)
    await a.send(action="circle_invite", user=member2.pk)
    got = await settle(a, b, c)
    invited = next(e for e in got["alice"] if e["type"] == "tear_friend_invited")
    assert invited["invitation"]["status"] == "pending"
    offer = next(e for e in got["bob"] if e["type"] == "tear_friend_invitation")
    assert offer["op"] == "new"
    assert got["charlie"] == []
    await c.send(action="circle_answer", invitation=offer["invitation"]["id"], accept=True)
    got = await settle(a, b, c)
    assert [e.get("about") for e in got["charlie"]] == ["mixer"]
    await b.send(action="circle_answer", invitation=offer["invitation"]["id"], accept=True)
    got = await settle(a, b, c)
    told = next(e for e in got["alice"] if e["type"] == "tear_friend_invitation")
    assert (told["op"], told["invitation"]["invitee"]["handle"]) == ("accepted", "bob")
    assert told["circle"]["name"] == "Tear friends from Goodbye films"
    assert [e["op"] for e in got["bob"] if e["type"] == "tear_friend_invitation"] == ["answered"]
    assert got["charlie"] == []
    await close_all(a, b, c)
