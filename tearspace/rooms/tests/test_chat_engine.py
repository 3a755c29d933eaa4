"""Room chat and small chats as conversations: the room's words go with the room."""

import pytest

from tearspace.accounts.models import User
from tearspace.conversations.models import Conversation, Message, Participant
from tearspace.rooms import actions
from tearspace.rooms.models import Room

pytestmark = pytest.mark.django_db


def test_deleting_the_hosts_account_takes_the_rooms_chat_and_everyones_words_with_it(
    room: Room, member: User, host: User
) -> None:
    actions.do_send_message(room_id=room.pk, author=member, body="words in the room")
    conversation_id = room.conversation_id
    host.delete()
    assert not Room.objects.filter(pk=room.pk).exists()
    assert not Conversation.objects.filter(pk=conversation_id).exists()
    assert not Message.objects.filter(author=member).exists()


def test_joining_the_room_makes_a_participant_who_reads_from_then(
    room: Room, member: User, bob: User
) -> None:
    actions.do_send_message(room_id=room.pk, author=member, body="before bob")
    actions.do_join_room(room=room, user=bob)
    place = Participant.objects.get(conversation_id=room.conversation_id, user=bob)
    assert (place.role, place.from_seq) == ("member", 1)
    host_place = Participant.objects.get(conversation_id=room.conversation_id, user=room.host)
    assert host_place.role == "host"
