"""Every write in rooms has the same limit whatever the interface: page, API or socket.

The limit lives in the action (one token bucket per person per kind, `lib.limits`), so
the table below maps every write of every interface to the kind it spends; a write added to
an interface without a row here fails `test_every_write_of_every_interface_is_in_the_table`.
"""

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tearspace.accounts.models import User
from tearspace.conversations.actions import SLOW_DOWN
from tearspace.conversations.models import Message
from tearspace.lib import limits
from tearspace.lib.limits import BUCKETS, Bucket, over_limit_for, take
from tearspace.rooms import host_actions, urls
from tearspace.rooms.actions import do_send_message
from tearspace.rooms.api import router
from tearspace.rooms.check_in_actions import do_send_check_in_message
from tearspace.rooms.consumers import RoomConsumer
from tearspace.rooms.mixer_actions import (
    INVITATIONS_FOR_NOW,
    do_invite_tear_friend,
    do_join_tear_friend_chat,
    do_send_tear_friend_message,
)
from tearspace.rooms.models import Phase, Room, TearFriendInvitation
from tearspace.rooms.tests.test_consumers import open_socket

pytestmark = pytest.mark.django_db(transaction=True)

Login = Callable[[User | None], Client]
REPORTS = "That was a lot of reports. Please wait a little."


@dataclass
class Scene:
    """A room in its mixer: alice and bob seated in a small chat, each with words said, and
    an invitation from bob to alice waiting for her answer."""

    room: Room
    host: User
    alice: User
    bob: User
    charlie: User
    chat: int
    said: Message  # bob's words in the room chat
    small_said: int  # bob's words in the small chat
    invitation: TearFriendInvitation
    checked_in: int  # the host's private words to alice
    login: Login

    def who(self, role: str) -> User:
        return {"host": self.host, "member": self.alice, "newcomer": self.charlie}[role]


@pytest.fixture
def scene(
    room: Room, member: User, member2: User, charlie: User, host: User, login: Login
) -> Scene:
    host_actions.do_set_phase(actor=host, room_id=room.pk, phase=Phase.MIXER)
    chat = do_join_tear_friend_chat(room_id=room.pk, user=member).chat_id
    do_join_tear_friend_chat(room_id=room.pk, user=member2)
    said, _ = do_send_message(room_id=room.pk, author=member2, body="hello all")
    small, _ = do_send_tear_friend_message(chat_id=chat, author=member2, body="hello you")
    invitation = do_invite_tear_friend(room_id=room.pk, inviter=member2, invitee_id=member.pk)
    checked_in, _ = do_send_check_in_message(
        room_id=room.pk, author=host, person_id=member.pk, body="How are you doing?"
    )
    return Scene(
        room, host, member, member2, charlie, chat, said, small.pk, invitation, checked_in.pk, login
    )


@pytest.fixture
def no_refill(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every bucket's burst but stop the refill, so a spent budget stays spent while a
    slow machine opens a socket (the rates themselves are tested below)."""
    for kind, bucket in BUCKETS.items():
        monkeypatch.setitem(BUCKETS, kind, Bucket(burst=bucket.burst, per_minute=1e-6))


def spend_all(person: User, kind: str) -> None:
    """Empty the person's budget for `kind`, as many quick writes would."""
    if kind in BUCKETS:
        while take(person.pk, kind):
            pass
    else:
        while not over_limit_for(person.pk, kind):
            pass


REFUSAL = {"report": REPORTS, "invite": INVITATIONS_FOR_NOW}


def refusal(kind: str) -> str:
    return str(REFUSAL.get(kind, SLOW_DOWN))


# --- The socket -------------------------------------------------------------------------------

SOCKET_WRITES: dict[str, tuple[str, str, Callable[[Scene], dict[str, Any]]]] = {
    # frame action: (kind, who sends it, the rest of the frame)
    "send": ("message", "member", lambda s: {"body": "hi", "key": "k1"}),
    "react": ("reaction", "member", lambda s: {"emoji": "💧"}),
    "hand": ("hand", "member", lambda s: {"raised": True}),
    "relief": ("answer", "member", lambda s: {"relief": "lighter"}),
    "phase": ("control", "host", lambda s: {"phase": "aftercare"}),
    "chat": ("control", "host", lambda s: {"muted": True}),
    "lock": ("control", "host", lambda s: {"locked": True}),
    "floor": ("control", "host", lambda s: {"user": s.alice.pk}),
    "pin": ("control", "host", lambda s: {"message": s.said.pk}),
    "hide": ("control", "host", lambda s: {"message": s.said.pk}),
    "mute": ("control", "host", lambda s: {"user": s.alice.pk}),
    "remove": ("control", "host", lambda s: {"user": s.bob.pk}),
    "playback": ("control", "host", lambda s: {"op": "pause"}),
    "end": ("control", "host", lambda s: {}),
    "report": ("report", "member", lambda s: {"message": s.said.pk, "reason": "unkind"}),
    "tear_friends_join": ("join", "member", lambda s: {}),
    "tear_friends_send": (
        "message",
        "member",
        lambda s: {"chat": s.chat, "body": "hi", "key": "k2"},
    ),
    "tear_friends_report": (
        "report",
        "member",
        lambda s: {"chat": s.chat, "message": s.small_said, "reason": "unkind"},
    ),
    "circle_invite": ("invite", "member", lambda s: {"user": s.charlie.pk}),
    # A person's private line to the host, and a report of the host's words in it.
    "check_in_send": ("message", "member", lambda s: {"body": "hi", "key": "k3"}),
    "check_in_report": (
        "report",
        "member",
        lambda s: {"message": s.checked_in, "reason": "unkind"},
    ),
    "circle_answer": (
        "answer",
        "member",
        lambda s: {"invitation": s.invitation.pk, "accept": True},
    ),
}
# Not limited by a bucket, on purpose: leaving is never refused; typing is passed on at most
# once every few seconds per person by the action itself (test_typing.py).
SOCKET_UNLIMITED = {"tear_friends_leave", "typing"}


@pytest.mark.parametrize("action", sorted(SOCKET_WRITES))
def test_a_socket_write_is_refused_once_the_shared_budget_is_spent(
    action: str, scene: Scene, no_refill: None
) -> None:
    kind, role, rest = SOCKET_WRITES[action]
    person = scene.who(role)
    spend_all(person, kind)

    async def attempt() -> dict[str, Any]:
        socket = await open_socket(person, scene.room)
        await socket.send(action=action, **rest(scene))
        error = await socket.wait_for("error")
        await socket.comm.disconnect()
        return error

    error = async_to_sync(attempt)()
    assert error["reason"] == refusal(kind)
    # A message over the limit is kept by the client and sent again with its key.
    assert error.get("retry", False) is (action in ("send", "tear_friends_send", "check_in_send"))


# --- The API ----------------------------------------------------------------------------------


def api(scene: Scene) -> str:
    return f"/api/v1/rooms/{scene.room.pk}"


API_WRITES: dict[str, tuple[str, str, Callable[[Scene], tuple[str, dict[str, Any]]]]] = {
    # view name: (kind, who calls it, path and body)
    "create_room": ("room", "host", lambda s: ("/api/v1/rooms", {"title": "Another"})),
    "join": ("join", "newcomer", lambda s: (f"{api(s)}/join", {})),
    "send_message": ("message", "member", lambda s: (f"{api(s)}/messages", {"body": "hi"})),
    "controls": ("control", "host", lambda s: (f"{api(s)}/controls", {"action": "end"})),
    "feeling": ("answer", "member", lambda s: (f"{api(s)}/feeling", {"feeling": "lighter"})),
    "reminder": ("answer", "member", lambda s: (f"{api(s)}/reminder", {"email": False})),
    "report_message": (
        "report",
        "member",
        lambda s: (f"{api(s)}/messages/{s.said.pk}/report", {"reason": "unkind"}),
    ),
    "tear_friends_join": ("join", "member", lambda s: (f"{api(s)}/tear-friends/join", {})),
    "send_tear_friend_message": (
        "message",
        "member",
        lambda s: (f"{api(s)}/tear-friends/{s.chat}/messages", {"body": "hi"}),
    ),
    "report_tear_friend_message": (
        "report",
        "member",
        lambda s: (
            f"{api(s)}/tear-friends/{s.chat}/messages/{s.small_said}/report",
            {"reason": "unkind"},
        ),
    ),
    "invite": ("invite", "member", lambda s: (f"{api(s)}/invitations", {"user": s.charlie.pk})),
    "send_check_in_message": (
        "message",
        "member",
        lambda s: (f"{api(s)}/check-ins/{s.alice.pk}/messages", {"body": "hi"}),
    ),
    "report_check_in_message": (
        "report",
        "member",
        lambda s: (f"{api(s)}/check-ins/messages/{s.checked_in}/report", {"reason": "unkind"}),
    ),
    "answer_invitation": (
        "answer",
        "member",
        lambda s: (f"{api(s)}/invitations/{s.invitation.pk}/answer", {"accept": True}),
    ),
}
API_UNLIMITED = {"leave", "tear_friends_leave", "typing"}


@pytest.mark.parametrize("view", sorted(API_WRITES))
def test_an_api_write_is_refused_once_the_shared_budget_is_spent(
    view: str, scene: Scene, no_refill: None
) -> None:
    kind, role, call = API_WRITES[view]
    person = scene.who(role)
    spend_all(person, kind)
    path, body = call(scene)
    got = scene.login(person).post(path, json.dumps(body), content_type="application/json")
    assert (got.status_code, got.json()) == (429, {"detail": refusal(kind)})


# --- The pages --------------------------------------------------------------------------------


def clip(scene: Scene) -> dict[str, Any]:
    media = SimpleUploadedFile("scene.mp4", b"\x00" * 10, content_type="video/mp4")
    return {"title": "Scene", "file": media}


PAGE_WRITES: dict[str, tuple[str, str, Callable[[Scene], dict[str, Any]]]] = {
    # url name: (kind, who posts, form data)
    "new": (
        "room",
        "host",
        lambda s: {
            "title": "Another",
            "kind": "open",
            "length_minutes": 60,
            "capacity": 10,
            "language": "en",
        },
    ),
    "join": ("join", "newcomer", lambda s: {}),
    "reminder": ("answer", "member", lambda s: {}),
    "after": ("answer", "member", lambda s: {"feeling": "lighter", "relief": "lighter"}),
    "invitation_answer": ("answer", "member", lambda s: {"answer": "yes"}),
    "clip_add": ("control", "host", clip),
}
PAGE_UNLIMITED = {"leave"}
READ_ONLY_PAGES = {"list", "detail", "enter", "live", "clip_media"}


def page_url(name: str, scene: Scene) -> str:
    if name in ("new", "list"):
        return reverse(f"rooms:{name}")
    if name == "invitation_answer":
        return reverse("rooms:invitation_answer", args=[scene.room.pk, scene.invitation.pk])
    if name == "clip_media":
        return reverse("rooms:clip_media", args=[scene.room.pk, 1])
    return reverse(f"rooms:{name}", args=[scene.room.pk])


@pytest.mark.parametrize("name", sorted(PAGE_WRITES))
def test_a_page_write_is_refused_once_the_shared_budget_is_spent(
    name: str, scene: Scene, no_refill: None
) -> None:
    kind, role, data = PAGE_WRITES[name]
    person = scene.who(role)
    spend_all(person, kind)
    got = scene.login(person).post(page_url(name, scene), data(scene), follow=True)
    assert escape(refusal(kind)) in got.content.decode()


@pytest.mark.parametrize("name", sorted(READ_ONLY_PAGES))
def test_read_only_pages_take_no_writes(name: str, scene: Scene) -> None:
    assert scene.login(scene.host).post(page_url(name, scene)).status_code == 405


def test_every_write_of_every_interface_is_in_the_table() -> None:
    assert set(RoomConsumer.HANDLERS) == set(SOCKET_WRITES) | SOCKET_UNLIMITED
    posts = {
        op.view_func.__name__
        for view in router.path_operations.values()
        for op in view.operations
        if "POST" in op.methods
    }
    assert posts == set(API_WRITES) | API_UNLIMITED
    names = {pattern.name for pattern in urls.urlpatterns}
    assert names == set(PAGE_WRITES) | PAGE_UNLIMITED | READ_ONLY_PAGES
    kinds = {
        kind for table in (SOCKET_WRITES, API_WRITES, PAGE_WRITES) for kind, *_ in table.values()
    }
    assert kinds == set(BUCKETS) | set(REFUSAL)  # every bucket is spent somewhere


# --- The examples -------------------------------------------------------------------------


def test_150_api_messages_in_a_moment_are_not_all_taken_and_the_socket_shares_the_limit(
    room: Room, member: User, login: Login
) -> None:
    client = login(member)
    path = f"/api/v1/rooms/{room.pk}/messages"
    started = time.monotonic()
    codes = [
        client.post(
            path, json.dumps({"body": f"m{n}"}), content_type="application/json"
        ).status_code
        for n in range(150)
    ]
    elapsed = time.monotonic() - started
    accepted = codes.count(200)
    bucket = BUCKETS["message"]
    assert bucket.burst <= accepted <= bucket.burst + elapsed * bucket.per_second + 1
    assert set(codes) == {200, 429}
    assert Message.objects.filter(conversation__room=room).count() == accepted

    async def by_socket() -> dict[str, Any]:
        socket = await open_socket(member, room)
        await socket.send(action="send", body="and one more", key="late")
        error = await socket.wait_for("error", timeout=10)
        await socket.comm.disconnect()
        return error

    spend_all(member, "message")
    assert async_to_sync(by_socket)() == {
        "type": "error",
        "reason": SLOW_DOWN,
        "key": "late",
        "retry": True,
    }


def test_a_retried_message_over_the_limit_gets_its_stored_copy(room: Room, member: User) -> None:
    first, _ = do_send_message(room_id=room.pk, author=member, body="hi", client_key="once")
    spend_all(member, "message")
    again, screening = do_send_message(room_id=room.pk, author=member, body="hi", client_key="once")
    assert (again.pk, screening) == (first.pk, None)


def test_a_broken_cache_never_silences_anyone(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> bool:
        raise ConnectionError("cache away")

    monkeypatch.setattr(limits, "_take_in_process", broken)
    monkeypatch.setattr(limits, "_take_in_redis", broken)
    assert all(take(1, "room") for _ in range(BUCKETS["room"].burst + 5))


def test_buckets_refill_at_their_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [time.monotonic()]
    in_process = not isinstance(caches["default"], RedisCache)
    if in_process:  # the bucket reads this clock: move it on instead of waiting (Redis keeps time)
        monkeypatch.setattr(limits, "time", SimpleNamespace(monotonic=lambda: now[0]))
    spend_all(User(pk=7), "hand")
    assert take(7, "hand") is False
    if in_process:
        now[0] += 60 / BUCKETS["hand"].per_minute + 0.1
    else:
        time.sleep(60 / BUCKETS["hand"].per_minute + 0.1)
    assert take(7, "hand") is True
    assert take(7, "hand") is False
