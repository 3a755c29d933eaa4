"""Rooms API: the same rules as the pages, for anonymous, stranger, member, host and moderator."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tearspace.accounts.models import User
from tearspace.conversations.models import Message
from tearspace.rooms.actions import do_send_message
from tearspace.rooms.models import Membership, Room, Status
from tearspace.rooms.tests.conftest import with_mfa

Login = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db
BASE = "/api/v1/rooms"


def post(client: Client, path: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(path, json.dumps(data or {}), content_type="application/json")


def test_it_refuses_anonymous_callers(login: Login, room: Room) -> None:
    client = login(None)
    assert client.get(BASE).status_code == 401
    assert client.get(f"{BASE}/{room.pk}").status_code == 401
    assert client.get(f"{BASE}/{room.pk}/messages").status_code == 401
    assert post(client, f"{BASE}/{room.pk}/join").status_code == 401


def test_it_lists_rooms_and_the_schedule(login: Login, room: Room, alice: User) -> None:
    client = login(alice)
    assert [r["title"] for r in client.get(BASE).json()] == ["Goodbye films"]
    assert client.get(f"{BASE}/schedule").json() == []
    detail = client.get(f"{BASE}/{room.pk}").json()
    assert detail["room"]["host"] == "hugo"
    assert detail["membership"] is None
    assert client.get(f"{BASE}/999").status_code == 404


def test_it_lets_only_hosts_create_rooms(login: Login, alice: User, host: User) -> None:
    data = {"title": "Evening readings", "kind": "open", "capacity": 8}
    with_mfa(host)
    refused = post(login(alice), BASE, data)
    assert refused.status_code == 403
    created = post(login(host), BASE, data)
    assert created.status_code == 201
    assert created.json()["can_moderate"] is True
    assert post(login(host), BASE, {**data, "capacity": 51}).status_code == 422  # names the field


def test_it_joins_and_leaves(login: Login, room: Room, alice: User) -> None:
    client = login(alice)
    assert post(client, f"{BASE}/{room.pk}/join").json()["status"] == "joined"
    assert post(client, f"{BASE}/{room.pk}/leave").status_code == 204
    assert Membership.objects.get(room=room, user=alice).status == Status.LEFT


def test_it_gives_history_after_a_seq_to_members_only(
    login: Login, room: Room, member: User, charlie: User, mod: User
) -> None:
    for n in range(1, 5):
        do_send_message(room_id=room.pk, author=member, body=f"m{n}", client_key=f"k{n}")
    assert login(charlie).get(f"{BASE}/{room.pk}/messages").status_code == 404
    data = login(member).get(f"{BASE}/{room.pk}/messages?after=2").json()
    assert [m["seq"] for m in data["messages"]] == [3, 4]
    assert data["last_seq"] == 4
    assert (
        login(mod).get(f"{BASE}/{room.pk}/messages?after=3").json()["messages"][0]["body"] == "m4"
    )


def test_it_sends_idempotently_and_reports_help(login: Login, room: Room, member: User) -> None:
    client = login(member)
    first = post(client, f"{BASE}/{room.pk}/messages", {"body": "hi", "key": "a"}).json()
    again = post(client, f"{BASE}/{room.pk}/messages", {"body": "hi", "key": "a"}).json()
    assert (first["id"], first["seq"]) == (again["id"], again["seq"])
    assert Message.objects.filter(conversation__room=room).count() == 1
    crisis = post(client, f"{BASE}/{room.pk}/messages", {"body": "CRISIS", "key": "b"}).json()
    assert crisis["show_help"] is True
    assert first["show_help"] is False


def test_it_answers_503_with_a_reason_while_the_database_is_away(
    login: Login, room: Room, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import OperationalError

    from tearspace.rooms import actions

    def away(**kwargs: Any) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(actions, "do_send_message", away)
    response = post(login(member), f"{BASE}/{room.pk}/messages", {"body": "hi", "key": "a"})
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert "try again" in response.json()["detail"]


def test_it_refuses_messages_from_strangers(login: Login, room: Room, charlie: User) -> None:
    response = post(login(charlie), f"{BASE}/{room.pk}/messages", {"body": "hi"})
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_it_lets_host_and_moderators_use_controls_but_not_members(
    login: Login, room: Room, member: User, host: User, mod: User
) -> None:
    path = f"{BASE}/{room.pk}/controls"
    assert post(login(member), path, {"action": "phase", "phase": "watching"}).status_code == 404
    response = post(login(host), path, {"action": "phase", "phase": "watching"})
    assert response.status_code == 200
    assert response.json()["phase"] == "watching"
    assert response.json()["chat_muted"] is True
    assert post(login(mod), path, {"action": "lock", "locked": True}).json()["locked"] is True
    assert post(login(host), path, {"action": "phase", "phase": "party"}).status_code == 400
    assert post(login(host), path, {"action": "mute", "user": member.pk}).status_code == 200
    assert Membership.objects.get(room=room, user=member).muted is True
    assert post(login(host), path, {"action": "playback", "op": "play"}).status_code == 400
    assert post(login(host), path, {"action": "end"}).json()["phase"] == "ended"


def test_it_keeps_how_it_felt(login: Login, room: Room, member: User, charlie: User) -> None:
    path = f"{BASE}/{room.pk}/feeling"
    assert post(login(charlie), path, {"feeling": "x"}).status_code == 403
    data = post(login(member), path, {"feeling": "Lighter", "relief": "lighter"}).json()
    assert data["feeling"] == "Lighter"
    assert data["relief"] == "lighter"
