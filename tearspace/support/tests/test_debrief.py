"""The listeners' debrief room: listeners enter it, nobody else does on any path."""

import re

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.urls import URLPattern, URLResolver, get_resolver

from tearspace.accounts.models import User
from tearspace.rooms.models import Kind, Membership, Room, Status
from tearspace.rooms.tests.test_consumers import app
from tearspace.support.actions import do_volunteer
from tearspace.support.after_actions import do_enter_debrief_room
from tearspace.support.tests.conftest import make_ready_listener, with_mfa

pytestmark = pytest.mark.django_db

OUTSIDERS = ["alice", "bob", "charlie", "host", "moderator", "therapist"]


def _room_paths() -> list[str]:
    """Every rooms page about one room, with the room's id left as {room} (others as 1)."""
    rooms = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", "") == "rooms")
    assert isinstance(rooms, URLResolver)
    paths = []
    for pattern in rooms.url_patterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        if "<id:room_id>" in route:
            route = route.replace("<id:room_id>", "{room}")
            paths.append("/rooms/" + re.sub(r"<id:\w+>", "1", route))
    return paths


def _api_paths() -> list[tuple[str, str]]:
    """Every rooms API endpoint about one room: (method, path with {room})."""
    from config.api import api

    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "{room_id}" not in path:
            continue
        for method in operations:
            concrete = re.sub(r"\{(?!room_id)\w+\}", "1", path).replace("{room_id}", "{room}")
            found.append((method, concrete))
    return found


ROOM_PATHS = _room_paths()
API_PATHS = _api_paths()


@pytest.fixture
def debrief(listener) -> Room:
    return do_enter_debrief_room(user=make_ready_listener(listener))


def test_the_generated_route_lists_cover_the_room_pages_and_api():
    assert len(ROOM_PATHS) >= 10
    assert len(API_PATHS) >= 10


def test_a_listener_enters_and_the_next_listener_joins_the_same_room(login, listener, bob):
    response = login(make_ready_listener(listener)).post("/support/listen/debrief/")
    room = Room.objects.get(kind=Kind.DEBRIEF)
    assert response["Location"] == f"/rooms/{room.pk}/live/"
    login(make_ready_listener(bob)).post("/support/listen/debrief/")
    assert Room.objects.filter(kind=Kind.DEBRIEF).count() == 1
    joined = Membership.objects.filter(room=room, status=Status.JOINED)
    assert set(joined.values_list("user", flat=True)) == {listener.pk, bob.pk}
    assert login(bob).get(f"/rooms/{room.pk}/live/").status_code == 200


def test_anonymous_people_are_sent_to_log_in(client):
    response = client.post("/support/listen/debrief/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_a_non_listener_cannot_open_or_enter_it(request, login, debrief, persona):
    outsider = with_mfa(request.getfixturevalue(persona))
    assert login(outsider).post("/support/listen/debrief/").status_code == 404
    assert not Membership.objects.filter(room=debrief, user=outsider).exists()


def test_volunteering_alone_does_not_open_the_door(login, debrief, alice):
    do_volunteer(user=alice)
    assert login(alice).post("/support/listen/debrief/").status_code == 404
    assert login(alice).get(f"/rooms/{debrief.pk}/").status_code == 404


def test_the_debrief_page_takes_only_posts(login, listener):
    assert login(make_ready_listener(listener)).get("/support/listen/debrief/").status_code == 405


@pytest.mark.parametrize("path", ROOM_PATHS)
@pytest.mark.parametrize("persona", OUTSIDERS)
def test_no_room_page_lets_a_non_listener_in(request, login, debrief, path, persona):
    outsider = with_mfa(request.getfixturevalue(persona))
    url = path.format(room=debrief.pk)
    answers = {login(outsider).get(url).status_code, login(outsider).post(url).status_code}
    assert answers <= {404, 405}
    assert 404 in answers
    assert not Membership.objects.filter(room=debrief, user=outsider).exists()


@pytest.mark.parametrize(("method", "path"), API_PATHS)
@pytest.mark.parametrize("persona", ["alice", "moderator"])
def test_no_room_api_lets_a_non_listener_in(request, login, debrief, method, path, persona):
    outsider = with_mfa(request.getfixturevalue(persona))
    url = "/api/v1" + path.format(room=debrief.pk)
    response = getattr(login(outsider), method)(url, content_type="application/json", data={})
    # 404 from the access check; 405/422 only where the request is refused before it.
    assert response.status_code in {404, 405, 422}
    assert not Membership.objects.filter(room=debrief, user=outsider).exists()


def test_the_room_api_answers_404_to_a_non_listener_and_200_to_a_listener(
    login, debrief, alice, listener
):
    assert login(alice).get(f"/api/v1/rooms/{debrief.pk}").status_code == 404
    assert login(alice).post(f"/api/v1/rooms/{debrief.pk}/join").status_code == 404
    assert login(listener).get(f"/api/v1/rooms/{debrief.pk}").status_code == 200


def test_it_is_never_listed_with_the_rooms(login, debrief, alice, listener):
    for person in (alice, listener):
        assert "Listeners&#x27; debrief" not in login(person).get("/rooms/").content.decode()
        for listing in ("/api/v1/rooms", "/api/v1/rooms/schedule"):
            listed = login(person).get(listing).json()
            assert debrief.pk not in [room["id"] for room in listed]


async def _connects(user: User, room: Room) -> bool:
    comm = WebsocketCommunicator(app(), f"/ws/rooms/{room.pk}/")
    comm.scope["user"] = user
    connected, _ = await comm.connect()
    await comm.disconnect()
    return connected


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_the_socket_refuses_a_non_listener_even_with_a_membership(listener, bob, moderator):
    await sync_to_async(make_ready_listener)(listener)
    room = await sync_to_async(do_enter_debrief_room)(user=listener)
    # A membership row alone (say, from before the rules) is not a way in.
    await Membership.objects.acreate(room=room, user=bob, status=Status.JOINED)
    await sync_to_async(with_mfa)(moderator)
    assert await _connects(listener, room) is True
    assert await _connects(bob, room) is False
    assert await _connects(moderator, room) is False


def test_no_host_can_open_a_room_of_the_debrief_kind_on_any_path(host, login, listener):
    """A host's own "debrief" room would catch listeners on their way to the real one."""
    from tearspace.rooms.actions import RoomError, do_create_room

    with_mfa(host)
    with pytest.raises(RoomError):
        do_create_room(host=host, title="Debrief", kind=Kind.DEBRIEF, capacity=10)
    client = login(host)
    page = client.get("/rooms/new/")
    assert b'value="debrief"' not in page.content
    answer = client.post("/rooms/new/", {"title": "Debrief", "kind": "debrief", "capacity": 10})
    assert answer.status_code == 400
    assert b"Debrief" in answer.content  # the form comes back with the words
    api = client.post(
        "/api/v1/rooms", {"title": "Debrief", "kind": "debrief"}, content_type="application/json"
    )
    assert 400 <= api.status_code < 500
    assert not Room.objects.filter(kind=Kind.DEBRIEF).exists()
    # The real one is opened by support for listeners.
    assert do_enter_debrief_room(user=make_ready_listener(listener)).kind == Kind.DEBRIEF
