"""A staff role's second factor holds on every path: pages, API (session and token), sockets, admin.

The routes are generated from the URL resolver, the ninja API and the websocket routing, so a
route added later is covered without anyone remembering to list it here.
"""

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.api import api
from config.routing import websocket_urlpatterns
from tearspace.accounts.access import MFA_SETUP_REASON, acts_in_role
from tearspace.accounts.actions import do_create_token
from tearspace.accounts.admin_site import StaffMFAAdminSite
from tearspace.accounts.middleware import OPEN_PATH_PREFIXES
from tearspace.accounts.models import Role, User
from tearspace.rooms.access import can_host_rooms, can_moderate_room
from tearspace.safety.access import is_moderator
from tearspace.safety.actions import do_create_escalation
from tearspace.toolkit.catalogue import TOOL_PAGES

MFA_SETUP_URL = "/accounts/2fa/totp/activate/"
STAFF: dict[str, dict[str, Any]] = {
    "moderator": {"role": Role.MODERATOR},
    "host": {"role": Role.HOST},
    "therapist": {"role": Role.THERAPIST},
    "operator": {"role": Role.OPERATOR},
    "django_staff": {"role": Role.MEMBER, "is_staff": True},
}
SERIAL = itertools.count()
CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")
SAMPLE = {"int": "1", "slug": "escalation", "str": "escalation", "path": "1", "uuid": ""}


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        route = str(entry.pattern)
        if route.startswith("^"):  # a regex route (admin's app index): its siblings cover it
            continue
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + route)
        else:
            yield prefix + route


def _fill(route: str) -> str:
    return "/" + CONVERTER.sub(lambda m: SAMPLE.get(m.group(1) or "str", "1"), route)


def page_paths() -> list[str]:
    """Every page the URL resolver knows, outside the paths open to everyone (help, set-up)."""
    paths = {_fill(route) for route in _walk(get_resolver().url_patterns)}
    return sorted(p for p in paths if "<" not in p and not p.startswith(OPEN_PATH_PREFIXES))


def api_operations() -> list[tuple[str, str]]:
    """Every (method, path) of the JSON API that needs a signed-in caller, from its schema."""
    schema = api.get_openapi_schema()
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if operation.get("security"):
                found.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return sorted(found)


def ws_paths() -> list[str]:
    return sorted(_fill(str(p.pattern)) for p in websocket_urlpatterns)


def make_staff(kind: str, *, totp: bool) -> User:
    user = User.objects.create_user(
        username=f"{kind.replace('_', '')}{next(SERIAL)}", password="x", **STAFF[kind]
    )
    if totp:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def with_token(user: User) -> Client:
    _token, raw = do_create_token(user=user, name="before promotion")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def call(client: Client, method: str, path: str) -> tuple[int, object]:
    kwargs = {} if method in {"get", "delete"} else {"data": {}, "content_type": "application/json"}
    response = getattr(client, method)(path, **kwargs)
    is_json = response.get("Content-Type", "").startswith("application/json") and response.content
    return response.status_code, response.json() if is_json else response.get("Location")


def test_the_generated_routes_include_the_staff_ones() -> None:
    pages, operations = page_paths(), api_operations()
    assert {"/moderation/", "/moderation/escalation/1/act/", "/admin/"} <= set(pages)
    assert ("get", "/api/v1/safety/moderation/queue") in operations
    assert ("post", "/api/v1/safety/moderation/1/1/action") in operations
    assert ("post", "/api/v1/rooms/") in operations or ("post", "/api/v1/rooms") in operations
    assert ("get", "/api/v1/circles/nudges") in operations
    assert {"/ws/moderation/", "/ws/rooms/1/", "/ws/me/"} <= set(ws_paths())


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(STAFF))
def test_every_api_route_refuses_a_staff_token_or_session_without_totp(kind: str) -> None:
    user = make_staff(kind, totp=False)
    refused = (403, {"detail": MFA_SETUP_REASON})
    for client_name, client in (("token", with_token(user)), ("session", signed_in(user))):
        let_through = [
            (client_name, method, path)
            for method, path in api_operations()
            if call(client, method, path) != refused
        ]
        assert let_through == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(STAFF))
def test_every_api_route_lets_staff_with_totp_and_members_past_the_gate(
    kind: str, alice: User
) -> None:
    refused = (403, {"detail": MFA_SETUP_REASON})
    clients = [with_token(make_staff(kind, totp=True)), signed_in(make_staff(kind, totp=True))]
    clients.append(with_token(alice))
    stopped = [
        (method, path)
        for client in clients
        for method, path in api_operations()
        if call(client, method, path) == refused
    ]
    assert stopped == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(STAFF))
def test_every_page_sends_staff_without_totp_to_set_up(kind: str) -> None:
    client = signed_in(make_staff(kind, totp=False))
    let_through = [
        (method, path)
        for path in page_paths()
        for method in ("get", "post")
        if call(client, method, path) != (302, MFA_SETUP_URL)
    ]
    assert let_through == []


@pytest.mark.django_db
def test_no_page_sends_staff_with_totp_to_set_up() -> None:
    client = signed_in(make_staff("moderator", totp=True))
    stopped = [path for path in page_paths() if call(client, "get", path) == (302, MFA_SETUP_URL)]
    assert stopped == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(STAFF))
def test_staff_without_totp_can_still_reach_help_and_every_coping_tool(kind: str) -> None:
    client = signed_in(make_staff(kind, totp=False))
    paths = ["/help/", "/sw.js", "/manifest.webmanifest", "/toolkit/"]
    paths += [reverse(f"toolkit:{tool.key}") for tool in TOOL_PAGES]
    assert {path: client.get(path).status_code for path in paths} == dict.fromkeys(paths, 200)


# --- the issue's examples, with real data --------------------------------------------------


@pytest.mark.django_db
def test_a_moderators_old_token_reads_no_queue_and_acts_on_nothing_until_totp(bob: User) -> None:
    escalation = do_create_escalation(person=bob, kind="entry", level="urgent", reasons=["r"])
    moderator = make_staff("moderator", totp=False)
    client = with_token(moderator)
    queue = client.get("/api/v1/safety/moderation/queue")
    assert queue.status_code == 403
    assert queue.json() == {"detail": MFA_SETUP_REASON}
    assert b"bob" not in queue.content
    act = client.post(
        f"/api/v1/safety/moderation/escalation/{escalation.pk}/action",
        {"action": "acknowledge"},
        content_type="application/json",
    )
    assert act.status_code == 403
    escalation.refresh_from_db()
    assert escalation.status == "open"
    assert client.get("/api/v1/circles/nudges").status_code == 403

    Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={})
    assert client.get("/api/v1/safety/moderation/queue").status_code == 200
    act = client.post(
        f"/api/v1/safety/moderation/escalation/{escalation.pk}/action",
        {"action": "acknowledge"},
        content_type="application/json",
    )
    assert act.status_code == 200


@pytest.mark.django_db
def test_staff_powers_need_the_second_factor_even_past_the_gates() -> None:
    from tearspace.conversations.models import Conversation
    from tearspace.rooms.models import Room

    host, mod = make_staff("host", totp=False), make_staff("moderator", totp=False)
    room = Room.objects.create(
        host=host, title="Songs", conversation=Conversation.objects.create(kind="room")
    )
    assert not can_host_rooms(host)
    assert not can_moderate_room(host, room)
    assert not can_moderate_room(mod, room)
    assert not is_moderator(mod)
    for user in (host, mod):
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    assert can_host_rooms(host)
    assert can_moderate_room(host, room)
    assert can_moderate_room(mod, room)
    assert is_moderator(mod)
    assert not acts_in_role(User(role=Role.MEMBER, pk=99), {Role.MODERATOR})


@pytest.mark.django_db
def test_a_rooms_own_host_steers_it_only_while_active_and_with_totp() -> None:
    from tearspace.conversations.models import Conversation
    from tearspace.rooms.models import Room

    # No longer a host by role (the operator changed it), yet still this room's host.
    former = make_staff("host", totp=False)
    former.role = Role.MEMBER
    former.save(update_fields=["role"])
    room = Room.objects.create(
        host=former, title="Songs", conversation=Conversation.objects.create(kind="room")
    )
    assert not can_moderate_room(former, room)
    Authenticator.objects.create(user=former, type=Authenticator.Type.TOTP, data={})
    assert can_moderate_room(former, room)
    assert not can_host_rooms(former)  # owning one room is not the power to open more
    former.is_active = False
    assert not can_moderate_room(former, room)


@pytest.mark.django_db
def test_the_admin_site_itself_refuses_staff_without_totp() -> None:
    site = StaffMFAAdminSite()
    request = RequestFactory().get("/admin/")
    request.user = make_staff("django_staff", totp=False)
    assert not site.has_permission(request)
    Authenticator.objects.create(user=request.user, type=Authenticator.Type.TOTP, data={})
    assert site.has_permission(request)


# --- websockets ---------------------------------------------------------------------------


def _session_cookie(user: User) -> tuple[bytes, bytes]:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return b"cookie", f"sessionid={store.session_key}".encode()


async def _connects(user: User, path: str) -> bool:
    from config.asgi import application

    cookie = await sync_to_async(_session_cookie)(user)
    headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1"), cookie]
    socket = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await socket.connect()
    await socket.disconnect()
    return bool(connected)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["moderator", "host", "operator", "django_staff"])
async def test_every_socket_refuses_staff_without_totp_and_opens_with_it(kind: str) -> None:
    from tearspace.conversations.models import Conversation
    from tearspace.rooms.models import Room

    without, with_totp = (
        await sync_to_async(make_staff)(kind, totp=False),
        await sync_to_async(make_staff)(kind, totp=True),
    )
    # Both are the host of a room, so the room socket would open for either but for the gate.
    rooms = {
        user.pk: await Room.objects.acreate(
            host=user,
            title=f"Room of {user.username}",
            conversation=await Conversation.objects.acreate(kind="room"),
        )
        for user in (without, with_totp)
    }
    refused_paths = []
    for path in ws_paths():
        room_path = path.replace("/1/", f"/{rooms[without.pk].pk}/")
        if await _connects(without, room_path):
            refused_paths.append(room_path)
    assert refused_paths == []
    assert await _connects(with_totp, "/ws/me/")
    assert await _connects(with_totp, f"/ws/rooms/{rooms[with_totp.pk].pk}/")
    assert await _connects(with_totp, "/ws/moderation/") == (kind in {"moderator", "operator"})


# --- room socket actions, past the handshake gate -------------------------------------------


def _room_for(actor_kind: str) -> tuple[User, int, dict[str, Any]]:
    """A fresh open room and the actor: a plain member, or its host without or with TOTP."""
    from tearspace.conversations.models import Conversation
    from tearspace.rooms.models import Kind, Membership, Room, Status

    host = make_staff("host", totp=actor_kind == "host_with_totp")
    room = Room.objects.create(
        host=host,
        title="Songs",
        kind=Kind.OPEN,
        capacity=10,
        conversation=Conversation.objects.create(kind="room"),
    )
    target = User.objects.create_user(username=f"target{next(SERIAL)}", password="x")
    actor = host
    if actor_kind == "member":
        actor = User.objects.create_user(username=f"member{next(SERIAL)}", password="x")
    for person in {host, target, actor}:
        Membership.objects.create(room=room, user=person, status=Status.JOINED)
    from tearspace.rooms.actions import do_send_message

    message, _screening = do_send_message(room_id=room.pk, author=target, body="hello all")
    frame = {
        "phase": "sharing",
        "muted": True,
        "locked": True,
        "user": target.pk,
        "person": target.pk,
        "message": message.pk,
        "op": "pause",
        "position": 0,
        "body": "thinking of you",
        "reason": "spam",
    }
    return actor, room.pk, frame


PROBE = "probe-no-such-action"


async def _errors_after(actor_kind: str, action: str) -> list[str]:
    """The error reasons the actor's socket gets for one `action` frame (socket gate bypassed)."""
    from channels.routing import URLRouter

    actor, room_id, frame = await sync_to_async(_room_for)(actor_kind)
    socket = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/rooms/{room_id}/")
    socket.scope["user"] = actor
    connected, _ = await socket.connect()
    assert connected
    await socket.receive_json_from()  # hello
    await socket.receive_json_from()  # history
    await socket.send_json_to({**frame, "action": action, "key": f"k-{action}"})
    # The socket answers frames one at a time: once the probe's answer is in, everything the
    # action frame was answered with came before it (its live events are delivered before the
    # action returns, and none of them is an error or closes the actor's own socket).
    await socket.send_json_to({"action": PROBE})
    errors = []
    while True:
        output = await socket.receive_output(10)
        if output["type"] == "websocket.close":
            errors.append(f"closed {output.get('code')}")
            break
        event = json.loads(output["text"])
        if event == {"type": "error", "reason": "That action is not known.", "key": None}:
            break
        if event.get("type") == "error":
            errors.append(event["reason"])
    await socket.disconnect()
    return errors


@pytest.mark.django_db(transaction=True)
async def test_a_host_without_totp_is_a_plain_member_in_every_room_socket_action() -> None:
    from tearspace.rooms.consumers import RoomConsumer

    staff_actions = []
    for action in sorted(RoomConsumer.HANDLERS):
        as_member = await _errors_after("member", action)
        assert await _errors_after("host_without_totp", action) == as_member, action
        if as_member and not await _errors_after("host_with_totp", action):
            staff_actions.append(action)
    # The oracle can tell: these are refused to members and to the TOTP-less host alike.
    assert {"phase", "lock", "hide", "remove", "end", "check_in_send"} <= set(staff_actions)
