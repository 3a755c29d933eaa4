"""A moderator's pause on someone's posting also quiets them in rooms, until it ends."""

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.rooms.actions import RoomError, do_send_message
from tearspace.rooms.models import Room
from tearspace.safety.actions import do_mute
from tearspace.safety.models import Sanction

Login = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db


def test_a_paused_member_cannot_message_until_the_pause_ends(
    login: Login, room: Room, member: User, mod: User
) -> None:
    mute = do_mute(
        moderator=mod,
        person=member,
        reason="A short pause.",
        until=timezone.now() + timedelta(days=1),
    )
    response = login(member).post(
        f"/api/v1/rooms/{room.pk}/messages",
        json.dumps({"body": "hello all", "key": "k1"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "Posting is paused" in response.json()["detail"]
    assert "/help/standing/" in response.json()["detail"]
    with pytest.raises(RoomError) as refused:
        do_send_message(room_id=room.pk, author=member, body="hello all")
    assert refused.value.status == 403
    assert not Message.objects.filter(conversation__room=room).exists()
    Sanction.objects.filter(pk=mute.pk).update(until=timezone.now() - timedelta(seconds=1))
    message, _ = do_send_message(room_id=room.pk, author=member, body="hello all")
    assert message.seq == 1
